// The Call log chart's buckets follow the range the person picked (issue 23): a bar a minute for
// the last hour, an hour for a day, a day for a week, each on the local clock's boundaries.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logMethods } from '../../../main/gate/api/log-methods.js';
import { bucketsFor } from '../../../main/gate/api/log-stats.js';
import { generateCallLog } from '../../helpers/generate-log.js';
import { tempDir } from './helpers.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = new Date('2026-11-25T15:42:10.000Z');

async function statsSince(since: string) {
  const dir = await tempDir();
  // 3 000 calls over the last 8 days, the newest 10 s ago.
  const log = generateCallLog(dir, 3000, { end: new Date(NOW.getTime() - 10_000), spanMs: 8 * DAY, keep: true });
  const stats = await logMethods(join(dir, 'calls'), () => NOW).logStats({ since });
  if (!stats.ok) throw new Error(stats.message);
  const sinceMs = NOW.getTime() - (since.endsWith('h') ? Number(since.slice(0, -1)) * HOUR : Number(since.slice(0, -1)) * DAY);
  const inRange = log.records!.filter((r) => Date.parse(r.ts) >= sinceMs);
  return { stats, inRange };
}

const sum = (b: Record<string, number>) => Object.values(b).reduce((n, v) => n + v, 0);
const localTime = (ms: number) => {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds()];
};

describe('the chart buckets of the call log', () => {
  it('counts the last hour by the minute, each call in the minute it was made', async () => {
    const { stats, inRange } = await statsSince('1h');
    expect(stats.bucketMs).toBe(MINUTE);
    expect(stats.buckets.length).toBeGreaterThanOrEqual(60);
    expect(stats.buckets.length).toBeLessThanOrEqual(61);
    expect(localTime(stats.start).slice(2)).toEqual([0, 0]);
    expect(stats.total).toBe(inRange.length);
    for (const r of inRange) {
      const minute = Math.floor((Date.parse(r.ts) - stats.start) / MINUTE);
      expect(stats.buckets[minute]![r.decision as 'allowed']).toBeGreaterThan(0);
    }
    expect(stats.buckets.map(sum)).toEqual(stats.buckets.map((_, i) => inRange.filter((r) => Math.floor((Date.parse(r.ts) - stats.start) / MINUTE) === i).length));
  });

  it('counts a day by the hour, from a local hour', async () => {
    const { stats, inRange } = await statsSince('24h');
    expect(stats.bucketMs).toBe(HOUR);
    expect(stats.buckets).toHaveLength(25);
    expect(localTime(stats.start).slice(1)).toEqual([0, 0, 0]);
    expect(stats.total).toBe(inRange.length);
  });

  it('counts a week by the day, from local midnight', async () => {
    const { stats, inRange } = await statsSince('7d');
    expect(stats.bucketMs).toBe(DAY);
    expect(stats.buckets).toHaveLength(8);
    expect(localTime(stats.start)).toEqual([0, 0, 0, 0]);
    expect(stats.total).toBe(inRange.length);
  });

  it('takes the next size up between them, and several days a bar past two months', () => {
    const at = NOW.getTime();
    expect(bucketsFor(at - 2 * HOUR, at).bucketMs).toBe(5 * MINUTE);
    expect(bucketsFor(at - 12 * HOUR, at).bucketMs).toBe(15 * MINUTE);
    expect(bucketsFor(at - 2 * DAY, at).bucketMs).toBe(HOUR);
    expect(bucketsFor(at - 3 * DAY, at).bucketMs).toBe(DAY);
    const year = bucketsFor(at - 365 * DAY, at);
    expect(year.bucketMs).toBe(7 * DAY);
    expect(year.count).toBeLessThanOrEqual(61);
    expect(localTime(year.start)).toEqual([0, 0, 0, 0]);
  });
});
