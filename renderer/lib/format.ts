// How times, durations and counts read on every page. Times and figures come from the modules the
// core writes its words with (preload/clock.ts, preload/number-format.ts), so a card's "14:02:07"
// and "50 000" read as the log's do.
import { formatCount } from '../../preload/number-format';

export { formatClock, formatDateTime, formatTimestamp } from '../../preload/clock';
export { formatCount, formatMoney, formatQuantity } from '../../preload/number-format';

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
  return `${formatCount(n)} ${n === 1 ? word : words}`;
}
