// A rule's name that outlives edits (issue 23): an entry of deny_if, approve_if, allow_if or limits
// may carry an `id` ("r-7kq2") that stays when rules are reordered or another rule is edited, where
// its place ("tools.add_order.approve_if[0]") does not. A record keeps both, and the rule's
// fingerprint, so a surface can tell whether the rule that decided a call is still the one there.
// Runtime-neutral: the core (compile) and the window (the rule editor, the log detail) share it.

/** What an id may be: short, readable, safe in a URL and in a log line. */
export const RULE_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

/** The lists whose entries take an id, in the order the rule editor shows them. */
export const RULE_LISTS = ['deny_if', 'approve_if', 'allow_if', 'limits'] as const;
export type RuleList = (typeof RULE_LISTS)[number];

const ID_LETTERS = 'abcdefghijkmnpqrstuvwxyz23456789'; // no l, o, 0, 1: read aloud, typed from a screen

function randomLetters(n: number): string {
  const bytes = new Uint8Array(n);
  globalThis.crypto.getRandomValues(bytes);
  return [...bytes].map((b) => ID_LETTERS[b % ID_LETTERS.length]).join('');
}

/** A fresh id not in `taken`: "r-" and four letters (a million of them; a clash just draws again). */
export function newRuleId(taken: ReadonlySet<string>, letters: (n: number) => string = randomLetters): string {
  for (;;) {
    const id = `r-${letters(4)}`;
    if (!taken.has(id)) return id;
  }
}

/** JSON with object keys sorted, so the same rule gives the same text however its keys were written. */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : sortedJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Eight hex digits naming what a rule says (its id left out: naming a rule does not change it).
 * FNV-1a, not a security hash: it only tells a person that the rule was edited since.
 */
export function ruleFingerprint(rule: unknown): string {
  const body = rule !== null && typeof rule === 'object' && !Array.isArray(rule) ? Object.fromEntries(Object.entries(rule).filter(([k]) => k !== 'id')) : rule;
  const text = sortedJson(body);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** One rule entry of a policy document, where it is. */
export interface RuleEntry {
  /** The tool whose rules hold it; undefined for a limit across every tool. */
  tool: string | undefined;
  list: RuleList;
  index: number;
  /** "tools.add_order.approve_if[0]", "limits[1]", "all_tools.limits[0]": as verdicts name it. */
  path: string;
  id: string | undefined;
  rule: Record<string, unknown>;
}

type Doc = { tools?: unknown; limits?: unknown; all_tools?: unknown };

function entriesOf(list: unknown, at: string, tool: string | undefined, kind: RuleList): RuleEntry[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((rule: unknown, index) => {
    if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) return [];
    const record = rule as Record<string, unknown>;
    const id = typeof record.id === 'string' ? record.id : undefined;
    return [{ tool, list: kind, index, path: `${at}${kind}[${index}]`, id, rule: record }];
  });
}

/** Every entry that takes an id, in the document's order (whatever else the document holds). */
export function ruleEntries(doc: Doc): RuleEntry[] {
  const out: RuleEntry[] = [];
  const tools = doc.tools !== null && typeof doc.tools === 'object' ? (doc.tools as Record<string, unknown>) : {};
  for (const [tool, rules] of Object.entries(tools)) {
    if (rules === null || typeof rules !== 'object') continue;
    const r = rules as Record<string, unknown>;
    for (const kind of RULE_LISTS) out.push(...entriesOf(r[kind], `tools.${tool}.`, tool, kind));
  }
  out.push(...entriesOf(doc.limits, '', undefined, 'limits'));
  const all = doc.all_tools !== null && typeof doc.all_tools === 'object' ? (doc.all_tools as Record<string, unknown>) : {};
  out.push(...entriesOf(all.limits, 'all_tools.', undefined, 'limits'));
  return out;
}

/** The rule a verdict or a record names, as it stood then. */
export interface RuleRef {
  /** Its place then. */
  rule: string;
  ruleId?: string;
  ruleHash?: string;
}

/**
 * Where the rule a record names is in the policy now: found by its id (by its place when it had
 * none) and saying what it said (`same`) or not (`changed`: edited, or another rule took its place);
 * `removed`; `unknown` when the record has no fingerprint (written before rules had one), so only
 * its place is known; `not-a-rule` for a verdict that names no entry (a pause, a default, a cap).
 */
export type RuleNow = { state: 'same' | 'changed' | 'unknown'; entry: RuleEntry } | { state: 'removed' | 'not-a-rule' };

const ENTRY_PATH = /(^|\.)(deny_if|approve_if|allow_if|limits)\[\d+\]$/;

export function findRule(doc: Doc, ref: RuleRef): RuleNow {
  const entries = ruleEntries(doc);
  const entry = ref.ruleId !== undefined ? entries.find((e) => e.id === ref.ruleId) : entries.find((e) => e.path === ref.rule);
  if (entry === undefined) return ref.ruleId !== undefined || ENTRY_PATH.test(ref.rule) ? { state: 'removed' } : { state: 'not-a-rule' };
  if (ref.ruleHash === undefined) return { state: 'unknown', entry };
  return { state: ruleFingerprint(entry.rule) === ref.ruleHash ? 'same' : 'changed', entry };
}
