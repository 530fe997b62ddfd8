// The chart counts what the table shows. The core counts only what a LogFilter says, so for
// `-tool:` the window asks twice (the view, and its calls to the tools left out) and subtracts;
// what it cannot count that way the chart says it leaves in.
import type { LogFilter, LogStats } from '../../preload/api';
import type { LocalTerms } from './log-match';

export type Stats = Extract<LogStats, { ok: true }>;

/** The calls `-tool:` takes out of the view, as a filter the core can count; undefined when there are none. */
export function leftOutFilter(filter: LogFilter, local: LocalTerms): LogFilter | undefined {
  return local.notTools.length ? { ...filter, tool: local.notTools } : undefined;
}

/** `all` less `part`, bucket by bucket; undefined when the two were not counted over the same buckets. */
export function subtractStats(all: Stats, part: Stats): Stats | undefined {
  if (all.start !== part.start || all.bucketMs !== part.bucketMs || all.buckets.length !== part.buckets.length) return undefined;
  const buckets = all.buckets.map((bucket, i) => {
    const taken = part.buckets[i]!;
    return Object.fromEntries(Object.entries(bucket).map(([kind, n]) => [kind, Math.max(0, n - (taken[kind as keyof typeof taken] ?? 0))])) as Stats['buckets'][number];
  });
  return { ...all, buckets, total: Math.max(0, all.total - part.total) };
}

/** The terms the chart cannot leave out ("client:cursor, -limit"), to say so under it; '' when none. */
export function uncountedTerms(local: LocalTerms): string {
  return [...local.clients.map((c) => `client:${c}`), ...local.notClients.map((c) => `-client:${c}`), ...local.notText.map((w) => `-${w}`)].join(' ');
}
