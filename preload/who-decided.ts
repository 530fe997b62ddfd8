// Who decided a call, in a sentence (issue 23): "Approved by you (window) after 3.3 s; held by rule
// r-7kq2 (Places a real order.)", "Denied by a rule (tools.add_order.deny_if[0]): Only BTC and ETH",
// "Expired after 120 s: nobody decided". The log keeps the surface, the rule's place and id and how
// long the wait was; a reader wants to know it was them, which rule, and when. One function for the
// log's detail, Recently decided and the CLI, so they never disagree. Runtime-neutral.
import type { LogRecord } from './api-log.js';
import { decisionWord } from './decision-words.js';

export type DecidedRecord = Pick<LogRecord, 'decision' | 'decidedBy' | 'rule' | 'tool'> &
  Partial<Pick<LogRecord, 'ruleId' | 'ruleHash' | 'ruleReason' | 'waitedMs' | 'reason' | 'approvalId'>> & { edited?: { text: string } | undefined };

// Where a person decided from; the log stores the surface, a reader wants to know it was them.
const SURFACE: Partial<Record<LogRecord['decidedBy'], string>> = {
  window: 'window',
  notification: 'notification',
  tray: 'tray menu',
  cli: 'CLI',
  web: 'web page',
  telegram: 'Telegram',
};

const NOT_A_PERSON: Partial<Record<LogRecord['decidedBy'], string>> = {
  timeout: 'the timeout',
  client: 'the agent',
  shutdown: 'shutdown',
  restart: 'restart',
};

/** The core's words for a person's denial ("Denied by the user: too large"): the sentence says who already. */
const DENIED_BY_USER = /^Denied by the user(?:\.$|: )/;

/** "3.3 s", "12 s", "120 s" (the default wait, as Settings writes it), "4 min 5 s". */
export function waitWords(ms: number): string {
  if (ms < 9_950) return `${(Math.round(ms / 100) / 10).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s <= 180) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/** The rule a sentence names, as a surface links it: its id when it has one, else its place. */
export interface NamedRule {
  name: string;
  rule: string;
  ruleId?: string;
  ruleHash?: string;
}

/** The sentence in parts: text, and the rule (which the window makes a link). */
export type DecidedPart = string | { rule: NamedRule };

function named(r: DecidedRecord): { rule: NamedRule } {
  return { rule: { name: r.ruleId ?? r.rule, rule: r.rule, ...(r.ruleId !== undefined && { ruleId: r.ruleId }), ...(r.ruleHash !== undefined && { ruleHash: r.ruleHash }) } };
}

/** "you (window)", "the timeout", or the rule's name: who, in the fewest words (the log's column). */
export function deciderWords(r: Pick<DecidedRecord, 'decidedBy' | 'rule' | 'ruleId'>): string {
  if (r.decidedBy === 'policy') return r.rule === 'pause' ? 'the pause' : (r.ruleId ?? r.rule);
  const surface = SURFACE[r.decidedBy];
  if (surface === undefined) return NOT_A_PERSON[r.decidedBy] ?? r.decidedBy;
  return r.rule === 'pause' ? `the pause (you, ${surface})` : `you (${surface})`;
}

// A person, the clock or the agent ended a wait for a person: the rule that held it comes after.
function wasHeld(r: DecidedRecord): boolean {
  return r.decidedBy !== 'policy' && r.rule !== 'pause' && (r.waitedMs !== undefined || r.ruleReason !== undefined || r.approvalId !== undefined);
}

/** The sentence, in parts: see whoDecidedText for it as plain text. */
export function whoDecided(r: DecidedRecord): DecidedPart[] {
  const after = r.waitedMs === undefined ? '' : ` after ${waitWords(r.waitedMs)}`;
  const person = SURFACE[r.decidedBy] !== undefined ? `you (${SURFACE[r.decidedBy]})` : undefined;
  const by = person ?? NOT_A_PERSON[r.decidedBy] ?? r.decidedBy;
  const reason = r.reason?.trim() ? r.reason.trim() : undefined;
  const held = wasHeld(r) ? ['; held by rule ', named(r), ...(r.ruleReason ? [` (${r.ruleReason})`] : [])] : [];
  if (r.tool.startsWith('kraken-gate/')) return r.decision === 'allowed' ? [`Done by ${by}`] : [`Refused: ${reason ?? 'no proof of presence'}`];
  const word = decisionWord(r);
  switch (word) {
    case 'Allowed':
      return r.rule === 'default' ? ["Allowed by the policy's default"] : ['Allowed by rule ', named(r)];
    case 'Approved':
    case 'Approved with changes':
      return [`${word} by ${by}${after}`, ...(r.edited ? [`: ${r.edited.text}`] : []), ...held];
    case 'Denied by you': {
      const own = reason?.replace(DENIED_BY_USER, '');
      return [`Denied by ${by}${after}`, ...(own ? [`: ${own}`] : []), ...held];
    }
    case 'Expired':
      return [`Expired${after}: nobody decided`, ...held];
    case 'Withdrawn': {
      const how = r.decidedBy === 'client' ? `Withdrawn by the agent${after}` : `Withdrawn${after}: Kraken Gate ${r.decidedBy === 'restart' ? 'restarted' : 'stopped'} before it was sent`;
      return [how, ...held];
    }
    case 'Paused':
      return [person ? `Paused by ${person}${after}` : 'Paused', ...(reason ? [`: ${reason}`] : [])];
    default:
      // Denied by a rule, Rate-limited: the rule, then what the agent was told.
      return [`${word} (`, named(r), ')', ...(reason ? [`: ${reason}`] : [])];
  }
}

/** The sentence as plain text, for the CLI and for tests. */
export function whoDecidedText(r: DecidedRecord): string {
  return whoDecided(r)
    .map((part) => (typeof part === 'string' ? part : part.rule.name))
    .join('');
}
