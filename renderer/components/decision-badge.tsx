import type { LogRecord } from '../../preload/api';
import { decisionWord } from '../../preload/decision-words';

/** How a call ended, in the words every surface uses; coloured by its kind. */
export function DecisionBadge({ record }: { record: Pick<LogRecord, 'decision' | 'decidedBy' | 'rule' | 'edited'> }) {
  return <span className={`badge badge-${record.decision}`}>{decisionWord(record)}</span>;
}
