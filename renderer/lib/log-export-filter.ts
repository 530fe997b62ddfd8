// An export holds the calls the table shows: the core writes the file for what it can filter on,
// and the window takes out what only it applies (client:, -tool:, -word) before it is saved. Kept
// CSV rows are written back as they came, so the core's quoting and formula guard stay intact.
import { matchesLocal, type LocalTerms, type Searchable } from './log-match';

export function filterExport(text: string, format: 'csv' | 'json', local: LocalTerms): { text: string; count: number } {
  if (format === 'json') {
    // The records as stored: the fields a search reads have the same names as in the window's.
    const kept = (JSON.parse(text) as Searchable[]).filter((r) => matchesLocal(r, local));
    return { text: `${JSON.stringify(kept, null, 2)}\n`, count: kept.length };
  }
  const [header, ...rows] = csvRecords(text);
  if (!header) return { text, count: 0 };
  const column = (name: string) => header.fields.indexOf(name);
  const read = Object.fromEntries(
    ['id', 'session', 'client', 'tool', 'decision', 'rule', 'decidedBy', 'reason', 'message', 'summary', 'argsHash', 'arguments', 'argumentsBytes'].map((name) => [name, column(name)]),
  );
  const kept = rows.filter(({ fields }) => {
    const cell = (name: string) => unguard(fields[read[name]!]);
    const args = cell('arguments') ?? '';
    const cut = cell('argumentsBytes');
    const record = {
      id: cell('id') ?? '',
      session: cell('session') ?? '',
      client: cell('client'),
      tool: cell('tool') ?? '',
      decision: cell('decision'),
      rule: cell('rule') ?? '',
      decidedBy: cell('decidedBy'),
      reason: cell('reason'),
      outcome: { message: cell('message'), summary: cell('summary') },
      argsHash: cell('argsHash') ?? '',
      arguments: cut ? {} : parseArguments(args),
      ...(cut ? { argumentsCut: { prefix: args } } : {}),
    } as Searchable;
    return matchesLocal(record, local);
  });
  return { text: [header, ...kept].map((r) => `${r.raw}\r\n`).join(''), count: kept.length };
}

/** The core's formula guard put one apostrophe before a text that starts with one (export.ts). */
function unguard(cell: string | undefined): string | undefined {
  if (cell === undefined || cell === '') return undefined;
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

function parseArguments(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** RFC 4180 records (CRLF between them, quotes doubled inside quoted fields), each with its exact text. */
export function csvRecords(text: string): { raw: string; fields: string[] }[] {
  const records: { raw: string; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i += 2;
      continue;
    }
    if (c === '"') quoted = !quoted;
    else if (quoted) field += c;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      records.push({ raw: text.slice(start, i), fields: [...fields, field] });
      fields = [];
      field = '';
      start = i + 2;
      i += 2;
      continue;
    } else field += c;
    i++;
  }
  if (start < text.length) records.push({ raw: text.slice(start), fields: [...fields, field] });
  return records;
}
