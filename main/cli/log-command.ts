import { existsSync } from 'node:fs';
import { DECISION_KINDS, queryLog, toCsv, toJson, type CallLogQuery } from '../gate/calllog/index.js';
import { KRAKEN_TOOL_NAMES, KRAKEN_TOOLS } from '../gate/catalog.js';
import { dataFiles } from '../gate/state/data-dir.js';
import { nearestName } from '../gate/policy/issues.js';
import type { DecisionKind } from '../gate/types.js';
import { INERT_LIMITS, inert } from '../gate/text/inert.js';
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
  const tools = flags.tool?.split(',').filter(Boolean);
  const query: CallLogQuery = {
    since: flags.since ? parseTime(flags.since) : undefined,
    until: flags.until ? parseTime(flags.until) : undefined,
    tool: tools,
    decision: flags.decision ? parseDecisions(flags.decision) : undefined,
    text: flags.text,
    limit: flags.limit ? parseLimit(flags.limit) : 50,
  };
  const dir = dataFiles.callLog(dataDir);
  // A wrong or forgotten --data-dir is not "no calls": say where it looked.
  if (!existsSync(dir)) throw new Error(`No call log in ${dataDir}: Kraken Gate has not run with this data dir. Check --data-dir (or KRAKEN_GATE_DATA_DIR).`);
  const { records } = await queryLog(dir, query);
  if (flags.csv) print(toCsv(records));
  else if (flags.json) print(`${toJson(records)}\n`);
  else if (records.length === 0) print(`No calls recorded that match.${toolHint(tools ?? [])}\n`);
  else print(`${formatLogTable(records, stdoutColors(), process.stdout.isTTY ? process.stdout.columns : undefined)}\n`);
  return 0;
}

/** For a search that found nothing: a --tool name that is not kraken-mcp's, with the nearest one. */
function toolHint(tools: readonly string[]): string {
  const unknown = tools.find((tool) => !KRAKEN_TOOL_NAMES.has(tool));
  if (unknown === undefined) return '';
  const near = nearestName(unknown, KRAKEN_TOOLS);
  return ` ("${inert(unknown, INERT_LIMITS.name)}" is not a kraken-mcp tool${near ? `; did you mean ${near}?` : ''})`;
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
