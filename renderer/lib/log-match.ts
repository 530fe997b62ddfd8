// Whether a record belongs in the filtered view, for what the core cannot filter: records that
// arrive live, and the terms the contract's LogFilter has no field for (a client, `-tool:`,
// `-word`), which the window applies to the core's answer.
import type { LogFilter, LogRecord } from '../../preload/api';

/** Terms the window applies itself; each list empty when the query has none. */
export interface LocalTerms {
  /** client:NAME: keep only calls from these clients (any of them). */
  clients: string[];
  notClients: string[];
  notTools: string[];
  /** -word: leave out calls that hold any of these (as the core's text search reads a call). */
  notText: string[];
}

export const NO_LOCAL_TERMS: LocalTerms = { clients: [], notClients: [], notTools: [], notText: [] };

export function hasLocalTerms(local: LocalTerms): boolean {
  return local.clients.length + local.notClients.length + local.notTools.length + local.notText.length > 0;
}

/** The fields a text search looks in, read from a record as the core reads a stored one. */
export type Searchable = Pick<LogRecord, 'id' | 'session' | 'client' | 'tool' | 'decision' | 'rule' | 'decidedBy' | 'reason' | 'argsHash' | 'arguments'> & {
  outcome: { message?: string; summary?: string };
  argumentsCut?: { prefix: string };
};

/** The core's text search (main/gate/calllog/query.ts), so `-word` leaves out exactly what `word` finds. */
export function recordContains(r: Searchable, needle: string): boolean {
  const lower = needle.toLowerCase();
  const has = (s: string | undefined) => s !== undefined && s.toLowerCase().includes(lower);
  return (
    has(r.id) || has(r.session) || has(r.client) || has(r.tool) || has(r.decision) || has(r.rule) ||
    has(r.decidedBy) || has(r.reason) || has(r.outcome.message) || has(r.outcome.summary) || has(r.argsHash) ||
    valueContains(r.arguments, lower) || has(r.argumentsCut?.prefix)
  );
}

function valueContains(value: unknown, needle: string): boolean {
  if (typeof value === 'string') return value.toLowerCase().includes(needle);
  if (typeof value === 'number') return String(value).includes(needle);
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => valueContains(v, needle));
  return Object.entries(value).some(([k, v]) => k.toLowerCase().includes(needle) || valueContains(v, needle));
}

export function matchesLocal(r: Searchable, local: LocalTerms): boolean {
  const client = r.client?.toLowerCase();
  if (local.clients.length && !local.clients.some((c) => c.toLowerCase() === client)) return false;
  if (local.notClients.some((c) => c.toLowerCase() === client)) return false;
  if (local.notTools.includes(r.tool)) return false;
  return !local.notText.some((word) => recordContains(r, word));
}

function timeOf(value: string, now: number): number {
  const span = /^(\d+)\s*([smhd])$/.exec(value.trim());
  if (span) return now - Number(span[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[span[2] as 's' | 'm' | 'h' | 'd'];
  return new Date(value).getTime();
}

/** Does a record that just arrived match what the core was asked for? (It is not asked again for each one.) */
export function matchesFilter(record: LogRecord, filter: LogFilter, now: number = Date.now()): boolean {
  if (filter.tool?.length && !filter.tool.includes(record.tool)) return false;
  if (filter.decision?.length && !filter.decision.includes(record.decision)) return false;
  const ts = Date.parse(record.ts);
  if (filter.since && !(ts >= timeOf(filter.since, now))) return false;
  if (filter.until && !(ts < timeOf(filter.until, now))) return false;
  const text = filter.text?.trim();
  return !text || recordContains(record, text);
}
