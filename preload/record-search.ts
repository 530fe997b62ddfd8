// The call log's free-text search, one definition for the core's query (main/gate/calllog/query.ts),
// the chart's count (main/gate/api/log-stats.ts) and the window, which applies `-word` to the core's answer: a word it leaves out must be exactly
// what the same word finds. Runtime-neutral: no Node, no DOM.

/** The fields a text search looks in, as a stored record and a shown one both have them. */
export interface Searchable {
  id: string;
  session: string;
  client?: string;
  tool: string;
  decision: string;
  rule: string;
  decidedBy: string;
  reason?: string;
  argsHash: string;
  arguments: Record<string, unknown>;
  outcome: { message?: string; summary?: string };
  argumentsCut?: { prefix: string };
}

/**
 * Whether any searched field holds `needle`, which must be lower case already. A field of another
 * type (a line edited by hand, read unvalidated by the chart's count) holds nothing.
 */
export function recordContains(r: Searchable, needle: string): boolean {
  const has = (s: unknown) => typeof s === 'string' && s.toLowerCase().includes(needle);
  return (
    has(r.id) || has(r.session) || has(r.client) || has(r.tool) || has(r.decision) || has(r.rule) ||
    has(r.decidedBy) || has(r.reason) || has(r.outcome.message) || has(r.outcome.summary) || has(r.argsHash) ||
    valueContains(r.arguments, needle) || has(r.argumentsCut?.prefix)
  );
}

// Keys and scalar values one by one (not the JSON of the whole object), so a match is always
// inside one token of the raw line and the core's byte prefilter can never have rejected it.
function valueContains(value: unknown, needle: string): boolean {
  if (typeof value === 'string') return value.toLowerCase().includes(needle);
  if (typeof value === 'number') return String(value).includes(needle);
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => valueContains(v, needle));
  return Object.entries(value).some(([k, v]) => k.toLowerCase().includes(needle) || valueContains(v, needle));
}
