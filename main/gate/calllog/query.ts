// The reader: newest first, filtered, paged. It runs in the gateway (the UI's Call log) and in the
// CLI, a separate process, while the gateway appends; it never writes and never locks. A query has
// to stay interactive over a million records, so it
//  - skips whole files by the day in their name when the time range excludes them,
//  - reads each file backward in chunks and stops as soon as the page is full,
//  - looks for the most selective filter as raw bytes in the chunk (`"tool":"ticker"`) and parses
//    only the lines that contain it; the parsed record is then checked exactly, so the byte search
//    only has to be a necessary condition, never a sufficient one.
import { open, type FileHandle } from 'node:fs/promises';
import type { DecisionKind } from '../types.js';
import { dayEndMs, dayStartMs, listLogFiles, type LogFile } from './files.js';
import { logJson, parseRecordLine, type CallRecord } from './record.js';
import { recordContains } from '../../../preload/record-search.js';

export interface CallLogQuery {
  /** Records at or after this instant. */
  since?: Date | string;
  /** Records strictly before this instant. */
  until?: Date | string;
  /** One tool, or any of several (an empty list means any tool). */
  tool?: string | readonly string[];
  decision?: DecisionKind | readonly DecisionKind[];
  /** Case-insensitive substring of the id, session, client, tool, decision, rule, decider, reason,
   * outcome message or summary, or of an argument's name or value. */
  text?: string;
  /** Page size, default 100. */
  limit?: number;
  /** Matches to skip first. Pages by offset shift when records arrive; prefer `cursor`. */
  offset?: number;
  /** `nextCursor` of the previous page: continues strictly after (older than) its last record. */
  cursor?: string;
}

export interface CallLogPage {
  records: CallRecord[];
  /** Present when the page is full: pass it back for the next (older) page. Stable under appends. */
  nextCursor?: string;
}

export const DEFAULT_PAGE_SIZE = 100;

const NL = 0x0a;
const FIRST_CHUNK = 64 * 1024; // most pages are filled from the tail of the newest file
const MAX_CHUNK = 4 * 1024 * 1024;
const TS_KEY = Buffer.from('"ts":"');
const TS_LENGTH = 24; // 2024-05-01T12:00:00.000Z
const CURSOR = /^(\d{4}-\d{2}-\d{2}):(\d+)$/;

interface Plan {
  sinceMs: number;
  untilMs: number;
  sinceIso: string | undefined;
  untilIso: string | undefined;
  tools: ReadonlySet<string> | undefined;
  decisions: ReadonlySet<string> | undefined;
  text: string | undefined;
  /** What the chunk scan searches for: every matching line contains it. */
  scan: { bytes: Buffer } | { pattern: RegExp } | undefined;
  /** Raw-line checks for the filters the scan does not cover: a line must contain one needle of each set. */
  lineNeedles: Buffer[][];
  /** Case-insensitive match of the JSON-escaped text on the latin1 view of a raw line. */
  lineText: RegExp | undefined;
  limit: number;
  skip: number;
  cursor: { day: string; offset: number } | undefined;
}

/** Reads one page of the log in `dir`, newest first. Never throws for damaged lines; skips them. */
export async function queryLog(dir: string, query: CallLogQuery = {}): Promise<CallLogPage> {
  const plan = makePlan(query);
  const page = new PageCollector(plan);
  for (const file of await listLogFiles(dir)) {
    if (plan.cursor && file.day > plan.cursor.day) continue;
    const start = dayStartMs(file.day);
    const end = dayEndMs(file.day);
    if (end <= plan.sinceMs || start >= plan.untilMs) continue;
    // Only files that straddle an end of the range need each line's time checked.
    const checkTime = start < plan.sinceMs || end > plan.untilMs;
    const endAt = plan.cursor?.day === file.day ? plan.cursor.offset : undefined;
    if (await scanFile(file, endAt, checkTime, plan, page)) break;
  }
  return page.result();
}

function toMs(value: Date | string, name: string): number {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`queryLog: invalid ${name}: ${String(value)}`);
  return ms;
}

function asList<T extends string>(value: T | readonly T[] | undefined): readonly T[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function makePlan(query: CallLogQuery): Plan {
  const sinceMs = query.since === undefined ? -Infinity : toMs(query.since, 'since');
  const untilMs = query.until === undefined ? Infinity : toMs(query.until, 'until');
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (!(limit >= 1) || (!Number.isInteger(limit) && limit !== Infinity)) throw new RangeError(`queryLog: invalid limit ${limit}`);
  const skip = query.offset ?? 0;
  if (!Number.isInteger(skip) || skip < 0) throw new RangeError(`queryLog: invalid offset ${skip}`);
  let cursor: Plan['cursor'];
  if (query.cursor !== undefined) {
    const m = CURSOR.exec(query.cursor);
    if (!m) throw new RangeError(`queryLog: invalid cursor ${query.cursor}`);
    cursor = { day: m[1]!, offset: Number(m[2]) };
  }

  const toolList = asList(query.tool);
  const decisionList = asList(query.decision);
  // Records are written compactly (logJson), so a field always appears as `"name":"value"` with the
  // value escaped exactly as logJson escapes it here.
  const toolNeedles = toolList.map((t) => Buffer.from(`"tool":${logJson(t)}`));
  const decisionNeedles = decisionList.map((d) => Buffer.from(`"decision":${logJson(d)}`));

  const text = query.text ? query.text.toLowerCase() : undefined;
  let textPattern: RegExp | undefined;
  if (query.text) {
    const escaped = logJson(query.text).slice(1, -1);
    // Only for ASCII: then case-insensitive matching of the UTF-8 bytes (read as latin1) is exact.
    // Other text is checked on the parsed record alone.
    if (/^[\x20-\x7e]*$/.test(escaped)) textPattern = new RegExp(escapeRegExp(escaped), 'i');
  }

  // The scan takes the filter likely to be most selective; the others are checked per line.
  let scan: Plan['scan'];
  let lineText = textPattern;
  const lineNeedles = [toolNeedles, decisionNeedles].filter((set) => set.length > 0);
  const single = lineNeedles.findIndex((set) => set.length === 1);
  if (single !== -1) {
    scan = { bytes: lineNeedles[single]![0]! };
    lineNeedles.splice(single, 1);
  } else if (textPattern) {
    scan = { pattern: new RegExp(textPattern.source, 'gi') };
    lineText = undefined;
  }

  return {
    sinceMs,
    untilMs,
    sinceIso: Number.isFinite(sinceMs) ? new Date(sinceMs).toISOString() : undefined,
    untilIso: Number.isFinite(untilMs) ? new Date(untilMs).toISOString() : undefined,
    tools: toolList.length > 0 ? new Set(toolList) : undefined,
    decisions: decisionList.length > 0 ? new Set(decisionList) : undefined,
    text,
    scan,
    lineNeedles,
    lineText,
    limit,
    skip,
    cursor,
  };
}

class PageCollector {
  readonly records: CallRecord[] = [];
  private skip: number;
  private last: string | undefined;

  constructor(private readonly plan: Plan) {
    this.skip = plan.skip;
  }

  /** Offers a record that passed the raw prefilters; returns true once the page is full. */
  offer(record: CallRecord, day: string, offset: number): boolean {
    if (!matches(record, this.plan)) return false;
    if (this.skip > 0) {
      this.skip--;
      return false;
    }
    this.records.push(record);
    this.last = `${day}:${offset}`;
    return this.records.length >= this.plan.limit;
  }

  result(): CallLogPage {
    const full = this.records.length >= this.plan.limit;
    return full && this.last !== undefined ? { records: this.records, nextCursor: this.last } : { records: this.records };
  }
}

function matches(r: CallRecord, plan: Plan): boolean {
  if (plan.tools && !plan.tools.has(r.tool)) return false;
  if (plan.decisions && !plan.decisions.has(r.decision)) return false;
  // ts is validated canonical ISO, so string order is time order.
  if (plan.sinceIso !== undefined && r.ts < plan.sinceIso) return false;
  if (plan.untilIso !== undefined && r.ts >= plan.untilIso) return false;
  if (plan.text !== undefined && !recordContains(r, plan.text)) return false;
  return true;
}

async function readFully(handle: FileHandle, buf: Buffer, length: number, position: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buf, done, length - done, position + done);
    if (bytesRead === 0) throw new Error('call log file shrank while being read');
    done += bytesRead;
  }
}

/**
 * Scans one file from `endAt` (default: its size when opened) back to its start, offering the
 * matching lines newest first. Bytes after the last newline are ignored: a write in progress, or
 * the torn tail of a crash. Returns true once the page is full.
 */
async function scanFile(file: LogFile, endAt: number | undefined, checkTime: boolean, plan: Plan, page: PageCollector): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(file.path, 'r');
  } catch (err) {
    // Deleted by retention since we listed the directory: it held only older records anyway.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  try {
    const size = (await handle.stat()).size;
    let pos = endAt === undefined ? size : Math.min(endAt, size);
    let chunk = FIRST_CHUNK;
    let carry: Buffer | undefined; // the end of a line that starts in an earlier chunk, with its newline
    let anchored = false;
    while (pos > 0) {
      const start = Math.max(0, pos - chunk);
      const length = pos - start;
      chunk = Math.min(chunk * 4, MAX_CHUNK);
      let buf = Buffer.allocUnsafe(length + (carry?.length ?? 0));
      await readFully(handle, buf, length, start);
      carry?.copy(buf, length);
      pos = start;
      if (!anchored) {
        const lastNewline = buf.lastIndexOf(NL);
        if (lastNewline === -1) continue; // still inside an unterminated tail
        buf = buf.subarray(0, lastNewline + 1);
        anchored = true;
      }
      // buf now ends with a newline; its first line is complete only when it starts the file.
      let regionStart = 0;
      if (start > 0) {
        const firstNewline = buf.indexOf(NL);
        carry = buf.subarray(0, firstNewline + 1);
        regionStart = firstNewline + 1;
        if (regionStart === buf.length) continue;
      }
      if (scanRegion(buf, regionStart, start, file.day, checkTime, plan, page)) return true;
    }
    return false;
  } finally {
    await handle.close();
  }
}

/** Offers the lines of buf[regionStart..] (whole lines, ending with a newline) newest first. */
function scanRegion(buf: Buffer, regionStart: number, base: number, day: string, checkTime: boolean, plan: Plan, page: PageCollector): boolean {
  const scan = plan.scan;
  if (scan === undefined) {
    let lineEnd = buf.length - 1;
    while (lineEnd >= regionStart) {
      const lineStart = lineEnd === 0 ? 0 : buf.lastIndexOf(NL, lineEnd - 1) + 1;
      if (offerLine(buf, lineStart, lineEnd, base, day, checkTime, plan, page)) return true;
      lineEnd = lineStart - 1;
    }
    return false;
  }
  // Find every line holding the scan target (oldest first, as the bytes lie), then offer them in
  // reverse. A chunk is at most a few MB, so the list of spans stays small.
  const spans: number[] = [];
  if ('bytes' in scan) {
    let from = regionStart;
    for (;;) {
      const hit = buf.indexOf(scan.bytes, from);
      if (hit === -1) break;
      const lineEnd = buf.indexOf(NL, hit);
      spans.push(buf.lastIndexOf(NL, hit) + 1, lineEnd);
      from = lineEnd + 1;
    }
  } else {
    const text = buf.toString('latin1', regionStart); // one char per byte: indices stay offsets
    const pattern = scan.pattern;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      const hit = regionStart + m.index;
      const lineEnd = buf.indexOf(NL, hit);
      spans.push(buf.lastIndexOf(NL, hit) + 1, lineEnd);
      pattern.lastIndex = lineEnd + 1 - regionStart;
    }
  }
  for (let i = spans.length - 2; i >= 0; i -= 2) {
    if (offerLine(buf, spans[i]!, spans[i + 1]!, base, day, checkTime, plan, page)) return true;
  }
  return false;
}

function containsAny(line: Buffer, needles: readonly Buffer[]): boolean {
  for (const needle of needles) if (line.indexOf(needle) !== -1) return true;
  return false;
}

function offerLine(buf: Buffer, lineStart: number, lineEnd: number, base: number, day: string, checkTime: boolean, plan: Plan, page: PageCollector): boolean {
  if (lineEnd <= lineStart) return false;
  if (checkTime) {
    const ts = rawTimestamp(buf, lineStart, lineEnd);
    if (ts !== undefined && ((plan.sinceIso !== undefined && ts < plan.sinceIso) || (plan.untilIso !== undefined && ts >= plan.untilIso))) return false;
  }
  const line = buf.subarray(lineStart, lineEnd);
  for (const needles of plan.lineNeedles) if (!containsAny(line, needles)) return false;
  if (plan.lineText && !plan.lineText.test(line.toString('latin1'))) return false;
  const record = parseRecordLine(line.toString('utf8'));
  return record !== undefined && page.offer(record, day, base + lineStart);
}

/** The `ts` of a raw line without parsing it; undefined when the line is not in the usual shape. */
function rawTimestamp(buf: Buffer, lineStart: number, lineEnd: number): string | undefined {
  // ts follows the id at the head of the line; look no further than a long id could push it.
  const head = buf.subarray(lineStart, Math.min(lineEnd, lineStart + 256));
  const at = head.indexOf(TS_KEY);
  if (at === -1) return undefined;
  const from = lineStart + at + TS_KEY.length;
  if (from + TS_LENGTH >= lineEnd || buf[from + TS_LENGTH] !== 0x22) return undefined;
  return buf.toString('latin1', from, from + TS_LENGTH);
}
