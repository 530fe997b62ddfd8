import type { DecisionKindName } from '../../preload/api';

const WORDS: Record<DecisionKindName, string> = {
  allowed: 'Allowed',
  denied: 'Denied',
  approved: 'Approved',
  rejected: 'Rejected',
  expired: 'Expired',
  cancelled: 'Withdrawn',
};

export function DecisionBadge({ decision }: { decision: DecisionKindName }) {
  return <span className={`badge badge-${decision}`}>{WORDS[decision]}</span>;
}
