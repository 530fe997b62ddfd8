import type { LogRecord } from '../../preload/api';

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

/**
 * Who decided a call, in words: the rule when the policy did, "you (window)" for a person, and the
 * pause named as such, so a call refused by switching trading off does not read as a Deny.
 */
export function decidedByText(record: Pick<LogRecord, 'decidedBy' | 'rule'>): string {
  if (record.decidedBy === 'policy') return record.rule === 'pause' ? 'the pause' : record.rule;
  const surface = SURFACE[record.decidedBy];
  if (surface === undefined) return NOT_A_PERSON[record.decidedBy] ?? record.decidedBy;
  return record.rule === 'pause' ? `the pause (you, ${surface})` : `you (${surface})`;
}
