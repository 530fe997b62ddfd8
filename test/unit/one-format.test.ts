// One way a time and a figure read, on every surface (issue 23): the core's words, the CLI, the
// phone and the window all write times through preload/clock.ts and figures through
// preload/number-format.ts. The window showed "02:02:07 PM" in the log beside "14:02:07" on a card,
// and "1,234" beside "1 234": a second formatter anywhere is how that comes back.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatClock, formatDateTime, formatTimestamp } from '../../preload/clock.js';
import { formatCount, formatMoney } from '../../preload/number-format.js';
import { approvalNotice } from '../../main/notify/notice.js';

const ROOT = resolve(import.meta.dirname, '../..');
const HOMES = new Set(['preload/clock.ts', 'preload/number-format.ts']);
// Writing a date or a number for a person by the runtime's own rules; comparing days (toDateString) is not.
const FORMATTERS = /\.(toLocaleTimeString|toLocaleDateString|toLocaleString|toTimeString)\(|Intl\.(DateTimeFormat|NumberFormat)\b/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

describe('one time and number format', () => {
  it('has no formatter of times or figures outside preload/clock.ts and preload/number-format.ts', () => {
    const found = ['main', 'preload', 'renderer']
      .flatMap((dir) => sources(join(ROOT, dir)))
      .map((path) => relative(ROOT, path))
      .filter((path) => !HOMES.has(path))
      .flatMap((path) =>
        readFileSync(join(ROOT, path), 'utf8')
          .split('\n')
          .flatMap((line, i) => (FORMATTERS.test(line) && !line.trimStart().startsWith('//') ? [`${path}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(found).toEqual([]);
  });

  it('reads a time on a 24-hour clock with seconds, with the day when it is not today', () => {
    const at = new Date(2026, 10, 24, 14, 2, 7);
    expect(formatClock(at)).toBe('14:02:07');
    expect(formatClock(new Date(2026, 10, 24, 0, 5, 9))).toBe('00:05:09');
    expect(formatClock(at, { seconds: false })).toBe('14:02');
    expect(formatClock('not a time')).toBe('unknown time');
    expect(formatTimestamp(at, at.getTime() + 60_000)).toBe('14:02:07');
    expect(formatTimestamp(at, new Date(2026, 10, 25, 9).getTime())).toBe(`${new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' }).format(at)}, 14:02:07`);
    expect(formatDateTime(at)).toMatch(/2026.*14:02:07$/);
  });

  it('groups figures with a thin no-break space in the window as in the core', () => {
    expect(formatCount(1_234_567)).toBe('1\u202f234\u202f567');
    expect(formatMoney(5000)).toBe('5\u202f000');
    // The notification's one-click limit, as the core writes money (it read "1,000" through en-US once).
    const pending = {
      id: 'a1',
      tool: 'add_order',
      client: 'claude-code',
      arguments: {},
      summary: { headline: 'Buy 2 XBT/USD', fields: [], readable: true, notional: { amount: '100000', currency: 'USD' } },
      expiresAt: new Date(Date.now() + 120_000).toISOString(),
      createdAt: new Date().toISOString(),
    } as never;
    expect(approvalNotice(pending, { inlineApproveMaxUsd: 2500.5 }).body).toContain('over your 2\u202f501 USD one-click limit');
  });
});
