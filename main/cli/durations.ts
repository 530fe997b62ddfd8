import ms from 'ms';

const SPAN_EXAMPLES = '30m, 2h, 1.5h, 7d, 2 hours';

/** A span with a unit ("90s", "30m", "2h", "1.5h", "7d", "2 hours"), in ms; undefined for anything else, bare numbers included. */
export function parseSpan(value: string): number | undefined {
  const text = value.trim();
  if (text === '' || /^[-+]?\d*\.?\d+$/.test(text)) return undefined;
  const span = ms(text as ms.StringValue) as number | undefined;
  return span !== undefined && Number.isFinite(span) ? span : undefined;
}

/** "2026-11-25T10:00Z", "2026-11-25", or a span back from now: "90s", "30m", "2h", "7d". */
export function parseTime(value: string, now: Date = new Date()): Date {
  const span = parseSpan(value);
  if (span !== undefined && span >= 0) return new Date(now.getTime() - span);
  const date = span === undefined ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new Error(`Cannot read "${value}" as a time: use an ISO date (2026-11-25T10:00Z) or a span back from now like ${SPAN_EXAMPLES}.`);
  return date;
}

/**
 * A positive duration given to a flag, in ms: a bare number counts in `unit` (seconds for
 * --approval-timeout, as it always has), or a span with its own unit ("90s", "2m").
 */
export function parseDuration(flag: string, value: string, unitMs: number): number {
  const bare = /^\d*\.?\d+$/.test(value.trim()) ? Number(value) * unitMs : undefined;
  const duration = bare ?? parseSpan(value);
  if (duration === undefined || !(duration > 0)) {
    throw new Error(`${flag} must be a positive number, not "${value}". Give seconds, or a span like 90s, 2m, 1h.`);
  }
  return duration;
}

/** A duration for a person: "45 s", "2 minutes", "1 hour". */
export function formatDuration(milliseconds: number): string {
  const abs = Math.abs(milliseconds);
  if (abs < 10_000) return `${Math.round(abs / 100) / 10} s`;
  if (abs < 120_000) return `${Math.round(abs / 1000)} s`;
  return ms(abs, { long: true });
}
