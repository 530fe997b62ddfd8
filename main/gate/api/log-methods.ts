// The contract's call-log methods (log, logStats, exportLog) over the log directory. They read
// the files the store appends to, as `kraken-gate log` does, so they never slow a call down.
import type { GateApi } from '../../../preload/api.js';
import { queryLog, toCsv, toJson } from '../calllog/index.js';
import { logStats } from './log-stats.js';
import { LogFilterError, toLogQuery, toLogRecord } from '../calllog/view.js';

/** One export holds at most this many records; the UI says so and asks for narrower filters. */
export const MAX_EXPORT_RECORDS = 100_000;
const DAY = 86_400_000;

type LogMethods = Pick<GateApi, 'log' | 'logStats' | 'exportLog'>;

export function logMethods(dir: string, now: () => Date = () => new Date()): LogMethods {
  return {
    log: async ({ limit = 200, cursor, ...filter }) =>
      guard(async () => {
        const page = await queryLog(dir, { ...toLogQuery(filter, now()), limit, cursor });
        return { ok: true, records: page.records.map(toLogRecord), ...(page.nextCursor && { nextCursor: page.nextCursor }) };
      }),
    logStats: async (filter) =>
      guard(async () => {
        const at = now();
        const query = toLogQuery(filter, at);
        const untilMs = query.until ? new Date(query.until).getTime() : at.getTime();
        const sinceMs = query.since ? new Date(query.since).getTime() : untilMs - DAY;
        if (!(sinceMs < untilMs)) return { ok: false, message: 'The time range is empty: "since" must be before "until".' };
        const stats = await logStats(dir, {
          sinceMs,
          untilMs,
          tools: query.tool as readonly string[] | undefined,
          decisions: filter.decision,
          text: query.text,
        });
        return { ok: true, ...stats };
      }),
    exportLog: async ({ format, ...filter }) =>
      guard(async () => {
        const page = await queryLog(dir, { ...toLogQuery(filter, now()), limit: MAX_EXPORT_RECORDS });
        const stamp = now().toISOString().slice(0, 19).replaceAll(':', '-');
        return {
          ok: true,
          // The exact records as stored (as `kraken-gate log --csv/--json` gives them): an export is
          // data for a spreadsheet or a program, and the CSV is guarded against formula injection.
          text: format === 'csv' ? toCsv(page.records) : toJson(page.records),
          filename: `kraken-gate-calls-${stamp}.${format}`,
          count: page.records.length,
          truncated: page.nextCursor !== undefined,
        };
      }),
  };
}

async function guard<T>(run: () => Promise<T>): Promise<T | { ok: false; message: string }> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof LogFilterError) return { ok: false, message: error.message };
    if (error instanceof RangeError && error.message.startsWith('queryLog:')) return { ok: false, message: error.message.replace(/^queryLog: /, 'Cannot read the filter: ') };
    throw error;
  }
}
