// A call-log record as a surface shows it: everything that came from the agent or the upstream
// made inert, plus the call in words (as an approval card would say it) and the order id Kraken
// answered with. The log on disk keeps the exact bytes; only what is shown is changed.
import type { LogFilter, LogRecord } from '../../../preload/api.js';
import { describeChanges, summarizeCall, type OrderChange } from '../approvals/index.js';
import type { CallLogQuery, CallRecord } from './index.js';
import { INERT_LIMITS, inert, inertOptional } from '../text/inert.js';
import { classifyTool } from '../catalog.js';
import { humanActionHeadline, isHumanAction } from './human-action.js';
import { logTimeMs } from '../../../preload/log-time.js';

// Kraken's AddOrder answer, as JSON or as kraken-mcp's Python repr: {'txid': ['OABCDE-FGHIJ-KLMNOP'], …}.
const TXID = /["']txid["']\s*:\s*\[\s*["']([A-Za-z0-9-]{1,64})["']/;

export function toLogRecord(record: CallRecord): LogRecord {
  const view: LogRecord = {
    id: inert(record.id, INERT_LIMITS.name),
    ts: record.ts,
    session: inert(record.session, INERT_LIMITS.name),
    client: inertOptional(record.client, INERT_LIMITS.name),
    tool: inert(record.tool, INERT_LIMITS.name),
    decision: record.decision,
    rule: inert(record.rule, INERT_LIMITS.line),
    ruleId: inertOptional(record.ruleId, INERT_LIMITS.name),
    ruleHash: inertOptional(record.ruleHash, INERT_LIMITS.name),
    ruleReason: inertOptional(record.ruleReason),
    decidedBy: record.decidedBy,
    waitedMs: record.waitedMs,
    upstreamMs: record.upstreamMs,
    argsHash: record.argsHash,
    arguments: inertValue(record.arguments) as Record<string, unknown>,
    argumentsCut: record.argumentsCut && { prefix: inert(record.argumentsCut.prefix, INERT_LIMITS.json), bytes: record.argumentsCut.bytes },
    outcome: {
      status: record.outcome.status,
      message: inertOptional(record.outcome.message),
      summary: inertOptional(record.outcome.summary),
    },
    reason: inertOptional(record.reason),
    edited: record.edited && {
      agentArguments: inertValue(record.edited.agentArguments) as Record<string, unknown>,
      agentArgsHash: record.edited.agentArgsHash,
      by: record.edited.by,
      changes: record.edited.changes.map((c) => ({ field: inert(c.field, INERT_LIMITS.name), from: inertValue(c.from) as OrderChange['from'], to: inertValue(c.to) as OrderChange['to'] })),
      text: inert(describeChanges(record.edited.changes as OrderChange[]), INERT_LIMITS.line),
    },
    presence: record.presence,
    headline: headline(record),
    txid: TXID.exec(record.outcome.summary ?? '')?.[1],
    worth: inertOptional(record.worth),
    approvalId: inertOptional(record.approvalId, INERT_LIMITS.name),
  };
  for (const key of ['client', 'ruleId', 'ruleHash', 'ruleReason', 'waitedMs', 'upstreamMs', 'argumentsCut', 'reason', 'edited', 'presence', 'txid', 'worth', 'approvalId'] as const) if (view[key] === undefined) delete view[key];
  for (const key of ['message', 'summary'] as const) if (view.outcome[key] === undefined) delete view.outcome[key];
  return view;
}

/** Orders read as on their approval card; other calls as their arguments in short. */
function headline(record: CallRecord): string {
  if (isHumanAction(record.tool)) return inert(humanActionHeadline(record));
  const summary = summarizeCall({ tool: record.tool, arguments: record.arguments });
  if (classifyTool(record.tool) === 'financial' || !summary.readable) return inert(summary.headline);
  const args = summary.fields.map((f) => `${f.label} ${f.value}`).join(' · ');
  return inert(args ? `${record.tool}: ${args}` : record.tool);
}

/** Every string of a JSON value (keys too) made inert, the shape kept. */
export function inertValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return inert(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 20) return '…';
  if (Array.isArray(value)) return value.map((v) => inertValue(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [inert(k, INERT_LIMITS.name), inertValue(v, depth + 1)]));
}

/** "2026-11-25T10:00Z", "2026-11-25", or a span back from now: "90s", "30m", "2h", "7d" (as `kraken-gate log`). */
export function parseLogTime(value: string, now: Date = new Date()): Date {
  const date = new Date(logTimeMs(value, now.getTime()));
  if (Number.isNaN(date.getTime())) throw new LogFilterError(`Cannot read "${value}" as a time: use an ISO date (2026-11-25T10:00Z) or a span like 30m, 2h, 7d.`);
  return date;
}

export class LogFilterError extends Error {}

/** The contract's filters as a query of the call log. Throws LogFilterError for a time it cannot read. */
export function toLogQuery(filter: LogFilter, now: Date = new Date()): CallLogQuery {
  const text = filter.text?.trim();
  return {
    since: filter.since ? parseLogTime(filter.since, now) : undefined,
    until: filter.until ? parseLogTime(filter.until, now) : undefined,
    tool: filter.tool?.length ? filter.tool : undefined,
    decision: filter.decision?.length ? filter.decision : undefined,
    text: text ? text : undefined,
  };
}
