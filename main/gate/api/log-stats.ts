// Calls per time bucket by decision, for the Call log's chart. Counting needs every record in the
// range, so this does not go through queryLog (which validates each record it returns): it reads
// the day files in range and takes `ts`, `tool` and `decision` from each raw line, parsing a line
// only when a text filter has to look inside it.
import { readFile } from 'node:fs/promises';
import { DECISION_KINDS, type DecisionKindName } from '../../../preload/api.js';
import { recordContains, type Searchable } from '../../../preload/record-search.js';
import { listLogFiles } from '../calllog/index.js';

export interface StatsQuery {
  sinceMs: number;
  untilMs: number;
  tools?: readonly string[];
  decisions?: readonly DecisionKindName[];
  text?: string;
}

export interface Stats {
  start: number;
  bucketMs: number;
  buckets: Record<DecisionKindName, number>[];
  total: number;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/**
 * A bucket as fine as the range allows: a minute for the last hour, an hour for a day, a day for a
 * week (issue 23). A bar for each of at most this many buckets, so a range between (2 h, 3 days)
 * takes the next size up rather than a handful of wide bars or hundreds of slivers.
 */
const MAX_BUCKETS = 61;
const SIZES = [MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR, DAY];
const LINE = /"ts":"([^"]{24})".*?"tool":("(?:[^"\\]|\\.)*").*?"decision":"([a-z]+)"/;

function emptyBucket(): Record<DecisionKindName, number> {
  return Object.fromEntries(DECISION_KINDS.map((d) => [d, 0])) as Record<DecisionKindName, number>;
}

/**
 * The buckets over [sinceMs, untilMs): their size and the start of the first, on the local clock's
 * boundaries (a day bar is a local day, an hour bar starts on the hour where the offset is not whole
 * hours). The core and the window run on one machine, so the core's time zone is the person's. A
 * bucket is a fixed length: across a daylight-saving change the day bars after it are off by an hour.
 */
export function bucketsFor(sinceMs: number, untilMs: number): { start: number; bucketMs: number; count: number } {
  const span = Math.max(1, untilMs - sinceMs);
  const fitting = SIZES.find((size) => Math.ceil(span / size) + 1 <= MAX_BUCKETS);
  // Past two months a bar holds several days, so a year still draws.
  const bucketMs = fitting ?? DAY * Math.ceil(span / DAY / (MAX_BUCKETS - 1));
  const offset = -new Date(sinceMs).getTimezoneOffset() * MINUTE;
  const start = Math.floor((sinceMs + offset) / Math.min(bucketMs, DAY)) * Math.min(bucketMs, DAY) - offset;
  return { start, bucketMs, count: Math.max(1, Math.ceil((untilMs - start) / bucketMs)) };
}

export async function logStats(dir: string, query: StatsQuery): Promise<Stats> {
  const { start, bucketMs, count } = bucketsFor(query.sinceMs, query.untilMs);
  const buckets = Array.from({ length: count }, emptyBucket);
  const tools = query.tools?.length ? new Set(query.tools) : undefined;
  const decisions = query.decisions?.length ? new Set<string>(query.decisions) : undefined;
  const needle = query.text?.toLowerCase();
  let total = 0;
  for (const file of await listLogFiles(dir)) {
    const dayStart = Date.parse(`${file.day}T00:00:00.000Z`);
    if (dayStart + DAY <= query.sinceMs || dayStart >= query.untilMs) continue;
    let text: string;
    try {
      text = await readFile(file.path, 'utf8');
    } catch {
      continue; // removed by retention meanwhile
    }
    for (const line of text.split('\n')) {
      const m = LINE.exec(line);
      if (!m) continue;
      const ms = Date.parse(m[1]!);
      if (!(ms >= query.sinceMs && ms < query.untilMs)) continue;
      const decision = m[3] as DecisionKindName;
      if (decisions && !decisions.has(decision)) continue;
      if (tools && !tools.has(JSON.parse(m[2]!) as string)) continue;
      if (needle !== undefined && !lineContains(line, needle)) continue;
      const bucket = buckets[Math.floor((ms - start) / bucketMs)];
      if (bucket === undefined || !(decision in bucket)) continue;
      bucket[decision]++;
      total++;
    }
  }
  return { start, bucketMs, buckets, total };
}

// The query's own text search (preload/record-search.ts), so the chart counts what the table lists.
function lineContains(line: string, needle: string): boolean {
  let r: unknown;
  try {
    r = JSON.parse(line);
  } catch {
    return false;
  }
  if (typeof r !== 'object' || r === null) return false;
  const record = r as Partial<Searchable>;
  return recordContains({ ...record, outcome: record.outcome ?? {} } as Searchable, needle);
}
