// The Call log's filters: one line of `key:value` words (as GitHub's audit log search), kept in the
// URL, turned into the contract's LogFilter, and matched against records that arrive live.
import type { DecisionKindName, LogFilter, LogRecord } from '../../preload/api';

const KEYS = ['tool', 'decision', 'since', 'until'] as const;

/**
 * The decision words a filter takes, as the log shows them, and the kinds each stands for:
 * "denied" is every refusal, the person's own included; "withdrawn" is what the agent took back.
 * rejected and cancelled are the stored kinds, still read.
 */
const DECISION_FILTERS: Readonly<Record<string, readonly DecisionKindName[]>> = {
  allowed: ['allowed'],
  approved: ['approved'],
  denied: ['denied', 'rejected'],
  expired: ['expired'],
  withdrawn: ['cancelled'],
  rejected: ['rejected'],
  cancelled: ['cancelled'],
};

/** ' (did you mean "denied"?)' for a word a letter or two off one the filter takes. */
function nearest(word: string): string {
  const best = Object.keys(DECISION_FILTERS)
    .map((known) => ({ known, distance: editDistance(word, known) }))
    .sort((a, b) => a.distance - b.distance)[0];
  return best && best.distance <= Math.max(2, Math.floor(word.length / 3)) ? ` (did you mean "${best.known}"?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** "tool:add_order decision:denied,expired since:2h limit 50000" → filter (free words become text). */
export function parseQuery(query: string): { filter: LogFilter; problems: string[] } {
  const filter: LogFilter = {};
  const text: string[] = [];
  const problems: string[] = [];
  for (const word of query.trim().split(/\s+/).filter(Boolean)) {
    const m = /^([a-z]+):(.+)$/.exec(word);
    const key = m?.[1] as (typeof KEYS)[number] | undefined;
    if (!m || !key || !(KEYS as readonly string[]).includes(key)) {
      text.push(word);
      continue;
    }
    const values = m[2]!.split(',').filter(Boolean);
    if (key === 'tool') filter.tool = [...(filter.tool ?? []), ...values];
    else if (key === 'decision') {
      for (const value of values) {
        const kinds = DECISION_FILTERS[value.toLowerCase()];
        if (kinds) filter.decision = [...new Set([...(filter.decision ?? []), ...kinds])];
        else problems.push(`No decision is called "${value}"${nearest(value.toLowerCase())}: use ${Object.keys(DECISION_FILTERS).filter((w) => w !== 'rejected' && w !== 'cancelled').join(', ')}.`);
      }
    } else filter[key] = m[2]!;
  }
  if (text.length) filter.text = text.join(' ');
  return { filter, problems };
}

export function formatQuery(filter: LogFilter): string {
  const words: string[] = [];
  if (filter.tool?.length) words.push(`tool:${filter.tool.join(',')}`);
  if (filter.decision?.length) words.push(`decision:${filter.decision.join(',')}`);
  if (filter.since) words.push(`since:${filter.since}`);
  if (filter.until) words.push(`until:${filter.until}`);
  if (filter.text) words.push(filter.text);
  return words.join(' ');
}

function timeOf(value: string, now: number): number {
  const span = /^(\d+)\s*([smhd])$/.exec(value.trim());
  if (span) return now - Number(span[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[span[2] as 's' | 'm' | 'h' | 'd'];
  return new Date(value).getTime();
}

/** Does a record that just arrived belong in the filtered view? (The server's filter, approximated closely.) */
export function matchesFilter(record: LogRecord, filter: LogFilter, now: number = Date.now()): boolean {
  if (filter.tool?.length && !filter.tool.includes(record.tool)) return false;
  if (filter.decision?.length && !filter.decision.includes(record.decision)) return false;
  const ts = Date.parse(record.ts);
  if (filter.since && !(ts >= timeOf(filter.since, now))) return false;
  if (filter.until && !(ts < timeOf(filter.until, now))) return false;
  if (filter.text) {
    const needle = filter.text.toLowerCase();
    const fields = [record.id, record.session, record.client, record.tool, record.decision, record.rule, record.decidedBy, record.reason, record.outcome.message, record.outcome.summary, record.argsHash, JSON.stringify(record.arguments)];
    if (!fields.some((f) => f?.toLowerCase().includes(needle))) return false;
  }
  return true;
}
