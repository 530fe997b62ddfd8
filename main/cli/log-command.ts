import { DECISION_KINDS, queryLog, toCsv, toJson, type CallLogQuery, type CallRecord } from '../gate/calllog/index.js';
import { dataFiles } from '../gate/data-dir.js';
import type { DecisionKind } from '../gate/types.js';

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
 * (or the desktop app) is running, and while it writes.
 */
export async function runLogCommand(dataDir: string, flags: LogFlags, print: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
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
  else print(records.length ? `${records.map(describe).join('\n')}\n` : 'No calls recorded that match.\n');
  return 0;
}

/** "2026-11-25T10:00Z", "2026-11-25", or a span back from now: "90s", "30m", "2h", "7d". */
export function parseTime(value: string, now: Date = new Date()): Date {
  const span = /^(\d+)\s*([smhd])$/.exec(value.trim());
  if (span) {
    const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[span[2] as 's' | 'm' | 'h' | 'd'];
    return new Date(now.getTime() - Number(span[1]) * unit);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`Cannot read "${value}" as a time: use an ISO date (2026-11-25T10:00Z) or a span like 30m, 2h, 7d.`);
  return date;
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

function describe(r: CallRecord): string {
  const who = r.decidedBy === 'policy' ? r.rule : `${r.decidedBy}${r.waitedMs !== undefined ? ` after ${(r.waitedMs / 1000).toFixed(1)} s` : ''}`;
  const outcome = r.outcome.status === 'not-forwarded' ? (r.reason ?? '') : r.outcome.status === 'ok' ? 'ok' : `${r.outcome.status}: ${r.outcome.message ?? ''}`;
  return `${r.ts}  ${r.decision.padEnd(9)} ${r.tool.padEnd(24)} ${(r.client ?? '').padEnd(14)} ${who}  ${outcome}`.trimEnd();
}
