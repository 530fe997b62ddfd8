import { DECISION_KINDS, queryLog, toCsv, toJson, type CallLogQuery } from '../gate/calllog/index.js';
import { dataFiles } from '../gate/data-dir.js';
import type { DecisionKind } from '../gate/types.js';
import { stdoutColors } from './colour.js';
import { parseTime } from './durations.js';
import { formatLogTable } from './log-table.js';

export interface LogFlags {
  json?: boolean;
  csv?: boolean;
  since?: string;
  until?: string;
  tool?: string;
  decision?: string;
  text?: string;
  limit?: string;
}

/**
 * `kraken-gate log`: reads the call log files directly, so it works whether or not the gateway
 * (or the desktop app) is running, and while it writes. JSON and CSV keep the exact recorded
 * values; the table shows them inert.
 */
export async function runLogCommand(dataDir: string, flags: LogFlags, print: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  if (flags.json && flags.csv) throw new Error('Choose one of --json and --csv.');
  const query: CallLogQuery = {
    since: flags.since ? parseTime(flags.since) : undefined,
    until: flags.until ? parseTime(flags.until) : undefined,
    tool: flags.tool?.split(',').filter(Boolean),
    decision: flags.decision ? parseDecisions(flags.decision) : undefined,
    text: flags.text,
    limit: flags.limit ? parseLimit(flags.limit) : 50,
  };
  const { records } = await queryLog(dataFiles.callLog(dataDir), query);
  if (flags.csv) print(toCsv(records));
  else if (flags.json) print(`${toJson(records)}\n`);
  else if (records.length === 0) print('No calls recorded that match.\n');
  else print(`${formatLogTable(records, stdoutColors(), process.stdout.isTTY ? process.stdout.columns : undefined)}\n`);
  return 0;
}

function parseDecisions(value: string): DecisionKind[] {
  const kinds = value.split(',').filter(Boolean);
  for (const kind of kinds) {
    if (!(DECISION_KINDS as readonly string[]).includes(kind)) throw new Error(`Unknown decision "${kind}": use ${DECISION_KINDS.join(', ')}.`);
  }
  return kinds as DecisionKind[];
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`--limit must be a positive whole number, not "${value}".`);
  return limit;
}
