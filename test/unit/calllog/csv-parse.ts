// The inverse of toCsv, for the round-trip test only: RFC 4180 parsing that remembers whether a
// field was quoted (so `""` reads back as an empty string and an empty field as absent), then the
// record shape rebuilt from the columns.
import { CSV_COLUMNS, callRecordSchema, type CallRecord } from '../../../main/gate/calllog/index.js';

export interface CsvField {
  value: string;
  quoted: boolean;
}

export function parseCsv(text: string): CsvField[][] {
  const rows: CsvField[][] = [];
  let row: CsvField[] = [];
  let i = 0;
  const endRow = () => {
    rows.push(row);
    row = [];
  };
  while (i < text.length) {
    let value = '';
    let quoted = false;
    if (text[i] === '"') {
      quoted = true;
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += c;
        i++;
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') value += text[i++];
    }
    row.push({ value, quoted });
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    endRow();
  }
  return rows;
}

export function recordsFromCsv(text: string, spreadsheetSafe = true): CallRecord[] {
  const [header, ...rows] = parseCsv(text);
  if (header?.map((f) => f.value).join(',') !== CSV_COLUMNS.join(',')) throw new Error('unexpected header');
  return rows.map((fields) => {
    const get = (name: (typeof CSV_COLUMNS)[number]): string | undefined => {
      const f = fields[CSV_COLUMNS.indexOf(name)]!;
      if (f.value === '' && !f.quoted) return undefined;
      return spreadsheetSafe && f.value.startsWith("'") ? f.value.slice(1) : f.value;
    };
    const num = (name: 'waitedMs' | 'upstreamMs') => {
      const v = get(name);
      return v === undefined ? undefined : Number(v);
    };
    const raw = {
      id: get('id'),
      ts: get('ts'),
      session: get('session'),
      client: get('client'),
      tool: get('tool'),
      decision: get('decision'),
      rule: get('rule'),
      decidedBy: get('decidedBy'),
      waitedMs: num('waitedMs'),
      upstreamMs: num('upstreamMs'),
      argsHash: get('argsHash'),
      ...(get('argumentsBytes') === undefined
        ? { arguments: JSON.parse(get('arguments') ?? 'null') as unknown }
        : { arguments: {}, argumentsCut: { prefix: get('arguments'), bytes: Number(get('argumentsBytes')) } }),
      outcome: { status: get('status'), message: get('message'), summary: get('summary') },
      reason: get('reason'),
      ...(get('changedBy') !== undefined && {
        edited: {
          agentArguments: JSON.parse(get('agentArguments') ?? 'null') as unknown,
          agentArgsHash: get('agentArgsHash'),
          by: get('changedBy'),
          changes: JSON.parse(get('changes') ?? 'null') as unknown,
        },
      }),
    };
    const parsed = callRecordSchema.parse(raw);
    // Keep absent fields absent, as in a record read from the log.
    return JSON.parse(JSON.stringify(parsed)) as CallRecord;
  });
}
