// Exports for people (spreadsheets) and programs (JSON). CSV is RFC 4180: a header row, CRLF line
// ends, fields quoted when they hold a comma, quote or line break. Two choices beyond the RFC:
//  - an absent field is empty and an empty string is `""`, so a reader that tracks quoting (the
//    round-trip test does) gets back exactly what was written;
//  - spreadsheet-safe by default: the agent controls argument text, and a cell starting with
//    = + - @ is a formula in Excel and LibreOffice (CSV injection). Such a text field gets a
//    leading apostrophe, which spreadsheets hide; a field that starts with an apostrophe gets one
//    more, so stripping exactly one restores the original.
import type { CallRecord } from './record.js';

export const CSV_COLUMNS = [
  'id', 'ts', 'session', 'client', 'tool', 'decision', 'rule', 'decidedBy', 'waitedMs', 'upstreamMs',
  'status', 'message', 'summary', 'reason', 'argsHash', 'arguments',
] as const;

export interface CsvOptions {
  /** Guard text cells against formula injection (default true). */
  spreadsheetSafe?: boolean;
}

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r']/;

function cell(value: string | number | undefined, safe: boolean): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = safe && FORMULA_START.test(value) ? `'${value}` : value;
  return text === '' || NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function row(r: CallRecord): (string | number | undefined)[] {
  return [
    r.id, r.ts, r.session, r.client, r.tool, r.decision, r.rule, r.decidedBy, r.waitedMs, r.upstreamMs,
    r.outcome.status, r.outcome.message, r.outcome.summary, r.reason, r.argsHash, JSON.stringify(r.arguments),
  ];
}

export function toCsv(records: readonly CallRecord[], opts: CsvOptions = {}): string {
  const safe = opts.spreadsheetSafe ?? true;
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of records) lines.push(row(r).map((v) => cell(v, safe)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** A JSON array of the records as stored (the same shape a log line has). */
export function toJson(records: readonly CallRecord[]): string {
  return `${JSON.stringify(records, null, 2)}\n`;
}
