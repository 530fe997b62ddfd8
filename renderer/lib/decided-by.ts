import type { LogRecord } from '../../preload/api';
import { deciderWords } from '../../preload/who-decided';

/**
 * Who decided a call, in the fewest words (the log's column): "you (window)", the rule's id or
 * place, "the pause". The whole sentence is preload/who-decided.ts's, which this is the start of.
 */
export function decidedByText(record: Pick<LogRecord, 'decidedBy' | 'rule'> & Partial<Pick<LogRecord, 'ruleId'>>): string {
  return deciderWords(record);
}
