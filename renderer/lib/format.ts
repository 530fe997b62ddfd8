// How times and durations read on every page, in the user's locale and time zone.

export function formatClock(iso: string | number): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "14:02:07" today, "Nov 24, 14:02:07" on another day. */
export function formatTimestamp(iso: string | number, now: number = Date.now()): string {
  const date = new Date(iso);
  const today = new Date(now).toDateString() === date.toDateString();
  if (today) return formatClock(iso);
  return `${date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })}, ${formatClock(iso)}`;
}

/** "1:45" (minutes:seconds), rounded up so it reaches 0:00 when the time is up. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** "820 ms", "4.2 s", "3 min 5 s". */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

export function plural(n: number, word: string, words = `${word}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? word : words}`;
}
