// One way a time reads on every surface (the window, the words the core writes for cards, the CLI,
// the phone), so a card's "ticker 14:02:07" and the log's time agree (issue 23 found "02:02:07 PM"
// in the log beside "14:02:07" on the card). The person's locale gives the digits, separators and
// month names; the clock is always 24-hour with seconds, whatever the locale: these are audit
// times compared to the second, read down fixed-width columns, and the core's words used it
// already. Pure and runtime-neutral for the core and the renderer alike; the runtime's locale and
// time zone are the person's, as the core and the window run on the same machine.

type When = Date | string | number;

const CLOCK = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' } as const;
const MINUTES = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
const DAY = { month: 'short', day: 'numeric' } as const;
const YEAR = { year: 'numeric' } as const;

// A formatter costs tens of microseconds to make and one to use.
const formats = new Map<string, Intl.DateTimeFormat>();
function formatter(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let made = formats.get(key);
  if (!made) formats.set(key, (made = new Intl.DateTimeFormat(undefined, options)));
  return made;
}

function parse(at: When): Date | undefined {
  const date = at instanceof Date ? at : new Date(at);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** "14:02:07"; "14:02" without seconds. */
export function formatClock(at: When, { seconds = true } = {}): string {
  const date = parse(at);
  return date ? formatter(seconds ? CLOCK : MINUTES).format(date) : 'unknown time';
}

/** "Nov 24", with the year when it is not `now`'s ("Nov 24, 2025"). */
export function formatDate(at: When, now: number = Date.now()): string {
  const date = parse(at);
  if (!date) return 'unknown day';
  return formatter(date.getFullYear() === new Date(now).getFullYear() ? DAY : { ...DAY, ...YEAR }).format(date);
}

/** "14:02:07" today, "Nov 24, 14:02:07" on another day, "Nov 24, 2025, 14:02:07" in another year. */
export function formatTimestamp(at: When, now: number = Date.now()): string {
  const date = parse(at);
  if (!date) return 'unknown time';
  const today = new Date(now);
  if (date.toDateString() === today.toDateString()) return formatter(CLOCK).format(date);
  return formatter(date.getFullYear() === today.getFullYear() ? { ...DAY, ...CLOCK } : { ...DAY, ...YEAR, ...CLOCK }).format(date);
}

/** The day and time in full, "Nov 24, 2026, 14:02:07": a record's own time, read on its own. */
export function formatDateTime(at: When): string {
  const date = parse(at);
  return date ? formatter({ ...DAY, ...YEAR, ...CLOCK }).format(date) : 'unknown time';
}
