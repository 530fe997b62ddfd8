// What one record may take on disk. The agent chooses its client name, tool names and arguments,
// and the upstream its messages; without a bound, a few calls with megabytes of arguments would
// fill the log's size limit, and the log would then have to choose between refusing every call
// and forgetting the past. Each field that someone outside the gateway controls has a budget, in
// bytes of the JSON that is written (escapes included), so a record stays under RECORD_MAX_BYTES
// whatever it holds. Arguments over their budget are kept as the start of their JSON plus their
// size; `argsHash` is always of the whole arguments, so the call stays identifiable.

export const RECORD_LIMITS = {
  /** client, tool, session, rule: far more than any real one. */
  nameBytes: 512,
  /** outcome.message, outcome.summary, reason. */
  textBytes: 4096,
  /** Arguments kept whole up to this size of their JSON. */
  argumentsBytes: 16 * 1024,
  /** The start of larger arguments' JSON that is kept. */
  argumentsPrefixBytes: 4096,
} as const;

/** No record line is longer, whatever the call: the sum of the budgets and the fixed fields. */
export const RECORD_MAX_BYTES = 32 * 1024;

const CUT = '…';

/** Bytes `text` takes as a JSON string in a log line (quotes and escapes included). */
export function jsonBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text), 'utf8');
}

/** `text`, or its longest start (whole code points) that fits `maxBytes` of JSON with "…" after it. */
export function fitText(text: string, maxBytes: number): string {
  // No UTF-16 unit takes more than 6 bytes of JSON (\u001f), plus the quotes: short text fits
  // without being measured (every name and most texts of every record).
  if (text.length * 6 + 2 <= maxBytes) return text;
  if (jsonBytes(text) <= maxBytes) return text;
  // Every code point takes at least one byte, so no more than maxBytes of them can fit.
  const points = [...text.slice(0, 2 * maxBytes)].slice(0, maxBytes);
  let fits = 0;
  let over = points.length;
  while (over - fits > 1) {
    const mid = (fits + over) >> 1;
    if (jsonBytes(points.slice(0, mid).join('') + CUT) <= maxBytes) fits = mid;
    else over = mid;
  }
  return points.slice(0, fits).join('') + CUT;
}

export interface BoundedArguments {
  arguments: Record<string, unknown>;
  /** Present when the arguments were too large to keep: the start of their JSON and its full size. */
  argumentsCut?: { prefix: string; bytes: number };
}

/** Arguments (already redacted) as a record keeps them. */
export function boundArguments(args: Record<string, unknown>): BoundedArguments {
  const json = JSON.stringify(args);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes <= RECORD_LIMITS.argumentsBytes) return { arguments: args };
  return { arguments: {}, argumentsCut: { prefix: fitText(json, RECORD_LIMITS.argumentsPrefixBytes), bytes } };
}
