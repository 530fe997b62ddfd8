// Whether a record belongs in the filtered view, for what the core cannot filter: records that
// arrive live, and the terms the contract's LogFilter has no field for (a client, `-tool:`,
// `-word`), which the window applies to the core's answer.
import type { LogFilter, LogRecord } from '../../preload/api';
import { logTimeMs } from '../../preload/log-time';
import { recordContains as sharedRecordContains, type Searchable } from '../../preload/record-search';

export type { Searchable };

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


/** The core's text search (preload/record-search.ts), so `-word` leaves out exactly what `word` finds. */
export function recordContains(r: Searchable, needle: string): boolean {
  return sharedRecordContains(r, needle.toLowerCase());
}

export function matchesLocal(r: Searchable, local: LocalTerms): boolean {
  const client = r.client?.toLowerCase();
  if (local.clients.length && !local.clients.some((c) => c.toLowerCase() === client)) return false;
  if (local.notClients.some((c) => c.toLowerCase() === client)) return false;
  if (local.notTools.includes(r.tool)) return false;
  return !local.notText.some((word) => recordContains(r, word));
}

/** Does a record that just arrived match what the core was asked for? (It is not asked again for each one.) */
export function matchesFilter(record: LogRecord, filter: LogFilter, now: number = Date.now()): boolean {
  if (filter.tool?.length && !filter.tool.includes(record.tool)) return false;
  if (filter.decision?.length && !filter.decision.includes(record.decision)) return false;
  const ts = Date.parse(record.ts);
  if (filter.since && !(ts >= logTimeMs(filter.since, now))) return false;
  if (filter.until && !(ts < logTimeMs(filter.until, now))) return false;
  const text = filter.text?.trim();
  return !text || recordContains(record, text);
}
