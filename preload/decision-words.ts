// One set of words for how a call ended, on every surface (window, log, chart, CLI): the log keeps
// the decision kind and who decided; a person reads "Denied by you", "Rate-limited" or "Paused",
// not "rejected", "denied" and "denied" (issue 23: the card said Deny, the log Rejected, the CLI denied).
import type { LogRecord } from './api-log.js';

export const DECISION_WORDS = ['Allowed', 'Approved', 'Approved with changes', 'Denied by you', 'Denied by a rule', 'Rate-limited', 'Expired', 'Withdrawn', 'Paused'] as const;
export type DecisionWord = (typeof DECISION_WORDS)[number];

/** A rate limit's rule id: "limits[0]", "all_tools.limits[1]", "tools.add_order.limits[0]". */
const RATE_LIMIT_RULE = /(^|\.)limits\[\d+\]$/;

export function decisionWord(record: Pick<LogRecord, 'decision' | 'decidedBy' | 'rule'> & { edited?: unknown }): DecisionWord {
  if (record.rule === 'pause' && (record.decision === 'denied' || record.decision === 'rejected')) return 'Paused';
  switch (record.decision) {
    case 'allowed':
      return 'Allowed';
    case 'approved':
      return record.edited ? 'Approved with changes' : 'Approved';
    case 'expired':
      return 'Expired';
    case 'cancelled':
      return 'Withdrawn';
    case 'rejected':
      return record.decidedBy === 'policy' ? 'Denied by a rule' : 'Denied by you';
    case 'denied':
      return RATE_LIMIT_RULE.test(record.rule) ? 'Rate-limited' : 'Denied by a rule';
  }
}
