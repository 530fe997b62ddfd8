// Exports for people (spreadsheets) and programs (JSON). CSV is RFC 4180, written by csv-stringify:
// a header row, CRLF line ends, fields quoted when they hold a comma, quote or line break. Two
// choices beyond the RFC:
//  - an absent field is empty and an empty string is `""`, so a reader that tracks quoting (the
//    round-trip test does) gets back exactly what was written (upstreamMs in whole milliseconds);
//  - spreadsheet-safe by default: the agent controls argument text, and a cell starting with
//    = + - @ (or their full-width forms ＝ ＋ － ＠, which spreadsheets normalise) is a formula in
//    Excel, LibreOffice and Numbers (CSV injection), also after leading blanks, which they skip.
//    Such a text field gets a leading apostrophe, which spreadsheets hide; a field that starts with
//    an apostrophe gets one more, so stripping exactly one restores the original. csv-stringify's
//    own `escape_formulas` looks at the first character only, so the guard is ours.
import { stringify } from 'csv-stringify/sync';
import { decisionWord } from '../../../preload/decision-words.js';
import type { CallRecord } from './record.js';

export const CSV_COLUMNS = [
  'id', 'ts', 'session', 'client', 'tool', 'decision', 'rule', 'decidedBy', 'waitedMs', 'upstreamMs',
  'status', 'message', 'summary', 'reason', 'argsHash', 'arguments', 'argumentsBytes',
  // Approved with changes: what the human changed, and the arguments the agent had sent (with
  // their hash, to check against the agent's own copy).
  'changedBy', 'changes', 'agentArguments', 'agentArgsHash',
  // How the call ended in the words every surface uses ("Denied by you", "Rate-limited"), and what an order was worth against the caps.
  'outcomeWords', 'worth',
] as const;

export interface CsvOptions {
  /** Guard text cells against formula injection (default true). */
  spreadsheetSafe?: boolean;
}

// Blanks a spreadsheet skips before it looks for a formula: \s is every Unicode space (NBSP, the
// ideographic space, …), line ends and the BOM; zero-width ones are added.
const FORMULA = /^[\s\u200b-\u200d\u2060]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^['\t\r]/u;

/** A text cell as written: guarded when asked, and `""` (quoted) when empty. */
function textCell(value: string, safe: boolean): string | { value: string; quoted_empty: boolean } {
  if (value === '') return { value, quoted_empty: true };
  return safe && FORMULA.test(value) ? `'${value}` : value;
}

function row(r: CallRecord): (string | number | undefined)[] {
  return [
    // The upstream's time is measured with performance.now(): its microseconds are noise in a spreadsheet.
    r.id, r.ts, r.session, r.client, r.tool, r.decision, r.rule, r.decidedBy, r.waitedMs, r.upstreamMs === undefined ? undefined : Math.round(r.upstreamMs),
    r.outcome.status, r.outcome.message, r.outcome.summary, r.reason, r.argsHash,
    // Arguments too large to keep: the start of their JSON that the record holds, and their size.
    r.argumentsCut ? r.argumentsCut.prefix : JSON.stringify(r.arguments), r.argumentsCut?.bytes,
    r.edited?.by, r.edited && JSON.stringify(r.edited.changes), r.edited && JSON.stringify(r.edited.agentArguments), r.edited?.agentArgsHash,
    decisionWord(r), r.worth,
  ];
}

export function toCsv(records: readonly CallRecord[], opts: CsvOptions = {}): string {
  const safe = opts.spreadsheetSafe ?? true;
  return stringify([[...CSV_COLUMNS], ...records.map(row)], {
    record_delimiter: 'windows',
    quote_record_delimiter: true,
    cast: { string: (value) => textCell(value, safe), number: (value) => String(value) },
  });
}

/** A JSON array of the records as stored (the same shape a log line has). */
export function toJson(records: readonly CallRecord[]): string {
  return `${JSON.stringify(records, null, 2)}\n`;
}
