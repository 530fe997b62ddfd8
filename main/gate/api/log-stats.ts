// Calls per time bucket by decision, for the Call log's chart. Counting needs every record in the
// range, so this does not go through queryLog (which validates each record it returns): it reads
// the day files in range and takes `ts`, `tool` and `decision` from each raw line, parsing a line
// only when a text filter has to look inside it.
import { readFile } from 'node:fs/promises';
import { DECISION_KINDS, type DecisionKindName } from '../../../preload/api.js';
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

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** A week of hours; a longer range gets wider buckets so the chart keeps a readable width. */
const MAX_BUCKETS = 168;
const LINE = /"ts":"([^"]{24})".*?"tool":("(?:[^"\\]|\\.)*").*?"decision":"([a-z]+)"/;

function emptyBucket(): Record<DecisionKindName, number> {
  return Object.fromEntries(DECISION_KINDS.map((d) => [d, 0])) as Record<DecisionKindName, number>;
}

export async function logStats(dir: string, query: StatsQuery): Promise<Stats> {
  const hours = Math.max(1, Math.ceil((query.untilMs - query.sinceMs) / HOUR));
  const bucketMs = Math.ceil(hours / MAX_BUCKETS) * HOUR;
  const start = Math.floor(query.sinceMs / HOUR) * HOUR;
  const count = Math.max(1, Math.ceil((query.untilMs - start) / bucketMs));
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

// The same fields queryLog's text filter looks at, read the same way.
const TEXT_FIELDS = ['id', 'session', 'client', 'tool', 'decision', 'rule', 'decidedBy', 'reason', 'argsHash'] as const;

function lineContains(line: string, needle: string): boolean {
  let r: Record<string, unknown> & { outcome?: { message?: unknown; summary?: unknown } };
  try {
    r = JSON.parse(line) as typeof r;
  } catch {
    return false;
  }
  const has = (v: unknown) => typeof v === 'string' && v.toLowerCase().includes(needle);
  return TEXT_FIELDS.some((f) => has(r[f])) || has(r.outcome?.message) || has(r.outcome?.summary) || contains(r.arguments, needle);
}

function contains(value: unknown, needle: string): boolean {
  if (typeof value === 'string') return value.toLowerCase().includes(needle);
  if (typeof value === 'number') return String(value).includes(needle);
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => contains(v, needle));
  return Object.entries(value).some(([k, v]) => k.toLowerCase().includes(needle) || contains(v, needle));
}
