// The Call log's filters: one line of `key:value` words (as GitHub's audit log search), kept in the
// URL. What the core can filter on becomes the contract's LogFilter, so it narrows on the server and
// the chart and exports count the same calls; what it cannot (`client:`, `-tool:`, `-word`) the
// window applies to the answer (log-match.ts).
import { DECISION_KINDS, type DecisionKindName, type LogFilter } from '../../preload/api';
import { nearestName } from '../../preload/edit-distance';
import type { LocalTerms } from './log-match';
import { toolProblem } from './log-tools';

const KEYS = ['tool', 'decision', 'client', 'since', 'until'] as const;
type Key = (typeof KEYS)[number];

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
/** The words offered; the stored kinds are read but not suggested. */
export const DECISION_FILTER_WORDS = ['allowed', 'approved', 'denied', 'expired', 'withdrawn'] as const;

/** One word of the query: `tool:ticker`, `-decision:denied,expired`, `-word`, `word`. */
export interface Term {
  word: string;
  /** Undefined for free text (a word with a colon whose key is not a filter's is text too). */
  key: Key | undefined;
  negated: boolean;
  /** After the key's colon, or the text without its minus. */
  value: string;
}

export function readTerms(query: string): Term[] {
  return query
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => {
      const negated = word.length > 1 && word.startsWith('-');
      const body = negated ? word.slice(1) : word;
      const m = /^([a-z]+):(.+)$/.exec(body);
      const key = m && (KEYS as readonly string[]).includes(m[1]!) ? (m[1] as Key) : undefined;
      return { word, key, negated, value: key ? m![2]! : body };
    });
}

export interface ParsedQuery {
  /** What the core is asked for. */
  filter: LogFilter;
  /** What the window applies to the core's answer. */
  local: LocalTerms;
  /** Words the filter cannot read: the view shows no calls while there are any. */
  problems: string[];
}

export interface ParseOptions {
  /** Tool names a `tool:` word may use; without them tool names are not checked (not known yet). */
  tools?: readonly string[];
}

/** "tool:add_order -decision:denied,expired since:2h limit 50000 -validate" → filter, local terms, problems. */
export function parseQuery(query: string, options: ParseOptions = {}): ParsedQuery {
  const filter: LogFilter = {};
  const local: LocalTerms = { clients: [], notClients: [], notTools: [], notText: [] };
  const problems: string[] = [];
  const text: string[] = [];
  let tools: string[] | undefined;
  const notTools: string[] = [];
  let decisions: Set<DecisionKindName> | undefined;
  const notDecisions = new Set<DecisionKindName>();
  for (const term of readTerms(query)) {
    if (!term.key) {
      (term.negated ? local.notText : text).push(term.value);
      continue;
    }
    const values = term.value.split(',').filter(Boolean);
    switch (term.key) {
      case 'tool':
        for (const value of values) {
          const problem = options.tools && toolProblem(value, options.tools);
          if (problem) problems.push(problem);
        }
        if (term.negated) notTools.push(...values);
        else tools = [...(tools ?? []), ...values];
        break;
      case 'decision':
        for (const value of values) {
          const kinds = DECISION_FILTERS[value.toLowerCase()];
          if (!kinds) problems.push(decisionProblem(value));
          else for (const kind of kinds) (term.negated ? notDecisions : (decisions ??= new Set())).add(kind);
        }
        break;
      case 'client':
        (term.negated ? local.notClients : local.clients).push(...values);
        break;
      // A time left out is the other side of it: before 2h ago is until:2h.
      case 'since':
        filter[term.negated ? 'until' : 'since'] = term.value;
        break;
      case 'until':
        filter[term.negated ? 'since' : 'until'] = term.value;
        break;
    }
  }
  // Asked of the core where it can say it exactly, so the chart and exports leave the same calls out.
  if (tools) {
    const kept = tools.filter((t) => !notTools.includes(t));
    if (kept.length) filter.tool = kept;
    else problems.push('No tool is left: -tool: takes out every tool that tool: names.');
  } else if (notTools.length) local.notTools = notTools;
  if (decisions || notDecisions.size) {
    const kept = [...(decisions ?? DECISION_KINDS)].filter((d) => !notDecisions.has(d));
    if (kept.length) filter.decision = kept;
    else problems.push('No decision is left: -decision: takes out every decision that decision: names.');
  }
  if (text.length) filter.text = text.join(' ');
  return { filter, local, problems };
}

function decisionProblem(value: string): string {
  const near = nearestName(value, Object.keys(DECISION_FILTERS), Math.max(2, Math.floor(value.length / 3)));
  return `No decision is called "${value}"${near ? ` (did you mean "${near}"?)` : ''}: use ${DECISION_FILTER_WORDS.join(', ')}.`;
}

/** The one value of a key's (not negated) term, for the select that shows it; '' when none or several. */
export function termValue(query: string, key: Key): string {
  const values = readTerms(query).filter((t) => t.key === key && !t.negated);
  return values.length === 1 && !values[0]!.value.includes(',') ? values[0]!.value : '';
}

/** The query with a key's (not negated) terms replaced by `key:value`, or taken out for ''; the other words kept. */
export function setTerm(query: string, key: Key, value: string): string {
  const terms = readTerms(query);
  const replaced = (t: Term) => t.key === key && !t.negated;
  const kept = terms.filter((t) => !replaced(t));
  // Where the old term stood, else before the free text.
  let at = terms.findIndex(replaced);
  if (at === -1) at = kept.findIndex((t) => t.key === undefined);
  const words = kept.map((t) => t.word);
  if (value) words.splice(at === -1 ? words.length : at, 0, `${key}:${value}`);
  return words.join(' ');
}
