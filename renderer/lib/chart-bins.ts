// What one bar of the Call log's chart says when pointed at: its time span and its calls by
// decision, in the words of the legend and the filters.
import type { DecisionKindName, LogStats } from '../../preload/api';
import { formatClock, formatDate } from '../../preload/clock';
import { plural } from './format';

type Stats = Extract<LogStats, { ok: true }>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The chart's series, bottom up; a kind's word as the legend and the filters say it. */
export const CHART_SERIES: readonly { decision: DecisionKindName; label: string }[] = [
  { decision: 'allowed', label: 'Allowed' },
  { decision: 'approved', label: 'Approved' },
  { decision: 'denied', label: 'Denied by a rule' },
  { decision: 'rejected', label: 'Denied by you' },
  { decision: 'expired', label: 'Expired' },
  { decision: 'cancelled', label: 'Withdrawn' },
];

/** "minute", "5 minutes", "hour", "day", "7 days". */
export function bucketWord(bucketMs: number): string {
  const [unit, size] = bucketMs % DAY === 0 ? ['day', bucketMs / DAY] : bucketMs % HOUR === 0 ? ['hour', bucketMs / HOUR] : ['minute', bucketMs / MINUTE];
  return size === 1 ? unit! : `${size} ${unit}s`;
}

/** "14:00–15:00" today, "Nov 24, 14:00–15:00" another day, "Nov 24" for a day, "Nov 24 – Nov 30" for several. */
export function bucketSpan(start: number, bucketMs: number, now: number = Date.now()): string {
  const end = start + bucketMs;
  if (bucketMs >= DAY) return bucketMs === DAY ? formatDate(start, now) : `${formatDate(start, now)} – ${formatDate(end - 1, now)}`;
  const clock = `${formatClock(start, { seconds: false })}–${formatClock(end, { seconds: false })}`;
  return new Date(start).toDateString() === new Date(now).toDateString() ? clock : `${formatDate(start, now)}, ${clock}`;
}

/**
 * The time axis's labels in the window's one format: "14:00", with the date under the first and under
 * midnight ("00:00\nNov 25"); a date alone when the bars are days.
 */
export function axisLabels(splits: readonly number[], bucketMs: number, now: number = Date.now()): string[] {
  return splits.map((seconds, i) => {
    const at = seconds * 1000;
    if (bucketMs >= DAY) return formatDate(at, now);
    const date = new Date(at);
    const midnight = date.getHours() === 0 && date.getMinutes() === 0;
    return i === 0 || midnight ? `${formatClock(at, { seconds: false })}\n${formatDate(at, now)}` : formatClock(at, { seconds: false });
  });
}

export interface Bucket {
  span: string;
  /** "12 calls" or "No calls". */
  total: string;
  /** The decisions it holds, in the legend's order: ["Allowed", 8], ["Denied by you", 2]. */
  counts: [string, number][];
}

export function describeBucket(stats: Stats, index: number, now: number = Date.now()): Bucket {
  const bucket = stats.buckets[index]!;
  const counts = CHART_SERIES.map(({ decision, label }): [string, number] => [label, bucket[decision] ?? 0]).filter(([, n]) => n > 0);
  const sum = counts.reduce((n, [, c]) => n + c, 0);
  return { span: bucketSpan(stats.start + index * stats.bucketMs, stats.bucketMs, now), total: sum ? plural(sum, 'call') : 'No calls', counts };
}
