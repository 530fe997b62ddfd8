// A time as the call log's filters take it (`since:2h`, `--since 2026-11-25T10:00Z`): an ISO date,
// or a span back from now. One reading for the core's query and the window's live rows, so a record
// that arrives is kept or dropped by the same clock the core used. Runtime-neutral.

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Milliseconds since the epoch; NaN when the text is neither an ISO date nor a span like 30m, 2h, 7d. */
export function logTimeMs(value: string, nowMs: number): number {
  const span = /^(\d+)\s*([smhd])$/.exec(value.trim());
  if (span) return nowMs - Number(span[1]) * UNIT_MS[span[2] as keyof typeof UNIT_MS];
  return new Date(value).getTime();
}
