import { decisionWord } from '../../preload/decision-words.js';
import { deciderWords, waitWords } from '../../preload/who-decided.js';
import { describeChanges, type OrderChange } from '../gate/approvals/order-edit.js';
import type { CallRecord } from '../gate/calllog/index.js';
import { inert, INERT_LIMITS } from '../gate/text/inert.js';
import { decisionColor, type Colors } from './colour.js';

interface Column {
  title: string;
  width: number;
  text(record: CallRecord): string;
}

// Tool, client, rule and result came from the agent or the upstream: each goes through inert()
// (escaped, never a raw newline or escape sequence) and is cut to its column, so one odd value
// can neither break a row nor push the others out of line.
const COLUMNS: Column[] = [
  { title: 'TIME', width: 19, text: (r) => localTime(r.ts) },
  { title: 'DECISION', width: 21, text: (r) => decisionWord(r) },
  { title: 'TOOL', width: 22, text: (r) => r.tool },
  { title: 'CLIENT', width: 20, text: (r) => r.client ?? '' },
  { title: 'DECIDED BY', width: 28, text: decidedBy },
];
const RESULT_TITLE = 'RESULT';
const GAP = '  ';

/** The call log as a table: a header, fixed columns, one line per call whatever the values hold. */
export function formatLogTable(records: readonly CallRecord[], c: Colors, terminalWidth?: number): string {
  const fixed = COLUMNS.reduce((sum, col) => sum + col.width + GAP.length, 0);
  const resultWidth = terminalWidth ? Math.max(20, terminalWidth - fixed) : INERT_LIMITS.line;
  const header = [...COLUMNS.map((col) => pad(col.title, col.width)), RESULT_TITLE].join(GAP);
  const rows = records.map((record) => {
    const cells = COLUMNS.map((col) => {
      const cell = pad(inert(col.text(record), col.width), col.width);
      return col.title === 'DECISION' ? decisionColor(c, record.decision)(cell) : cell;
    });
    return [...cells, inert(result(record), resultWidth)].join(GAP).trimEnd();
  });
  return [c.bold(header), ...rows].join('\n');
}

/** The start of the window's sentence (preload/who-decided.ts): "you (CLI) after 4.2 s", a rule's id or place. */
function decidedBy(r: CallRecord): string {
  const who = deciderWords(r);
  return r.decidedBy === 'policy' || r.waitedMs === undefined ? who : `${who} after ${waitWords(r.waitedMs)}`;
}

function result(r: CallRecord): string {
  // Approved with changes: what the human changed comes first, then what the exchange answered.
  const changed = r.edited ? `changed ${describeChanges(r.edited.changes as OrderChange[])}: ` : '';
  return changed + outcome(r);
}

function outcome(r: CallRecord): string {
  switch (r.outcome.status) {
    case 'not-forwarded':
      return r.reason ?? r.outcome.message ?? '';
    case 'error':
      return `error: ${r.outcome.message ?? ''}`;
    default:
      return r.outcome.summary ?? 'ok';
  }
}

/** "2026-11-25 14:02:07" in local time: what a person compares with their clock. */
function localTime(iso: string): string {
  const d = new Date(iso);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** Pads to `width` code points (inert text is counted the same way). */
function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}
