// A view with terms only the window applies (-tool:ticker) reads on past pages it thinned out, so
// the table fills and its end keeps asking for more; the chart subtracts what -tool: leaves out.
import { describe, expect, it } from 'vitest';
import type { GateApi, LogRecord } from '../../preload/api.js';
import { setBridge } from '../../renderer/bridge.js';
import { CallLogSource } from '../../renderer/hooks/use-call-log.js';
import { parseQuery } from '../../renderer/lib/log-filter.js';
import { leftOutFilter, subtractStats, uncountedTerms, type Stats } from '../../renderer/lib/log-stats.js';

/** 5 000 calls, newest first, nine in ten of them ticker. */
const LOG: LogRecord[] = Array.from({ length: 5000 }, (_, i) => ({
  id: `r${i}`,
  ts: new Date(Date.UTC(2026, 10, 25) - i * 1000).toISOString(),
  session: 's',
  client: 'cursor',
  tool: i % 10 === 0 ? 'add_order' : 'ticker',
  decision: 'allowed',
  rule: 'default',
  decidedBy: 'policy',
  argsHash: 'h',
  arguments: {},
  outcome: { status: 'ok' },
  headline: '',
}));

function fakeCore(): { pagesAsked: () => number } {
  let pages = 0;
  const log: GateApi['log'] = async ({ limit = 200, cursor }) => {
    pages += 1;
    const from = cursor === undefined ? 0 : Number(cursor);
    const records = LOG.slice(from, from + limit);
    return { ok: true, records, ...(from + limit < LOG.length && { nextCursor: String(from + limit) }) };
  };
  setBridge({ api: { log } as GateApi, onEvent: () => () => undefined, onConnection: () => () => undefined, desktop: false });
  return { pagesAsked: () => pages };
}

async function settle(source: CallLogSource): Promise<void> {
  const stop = source.subscribe(() => undefined);
  await expect.poll(() => source.snapshot().loading, { timeout: 5000 }).toBe(false);
  await new Promise((resolve) => setTimeout(resolve, 50));
  await expect.poll(() => source.snapshot().loading, { timeout: 5000 }).toBe(false);
  stop();
}

describe('a view the window thins out', () => {
  it('reads on until a page’s worth of calls shows, and counts what it left out', async () => {
    const core = fakeCore();
    const { filter, local } = parseQuery('-tool:ticker');
    const source = new CallLogSource(filter, { pageSize: 1000, local });
    await settle(source);
    const state = source.snapshot();
    expect(state.records.length).toBeGreaterThanOrEqual(200);
    expect(state.records.every((r) => r.tool !== 'ticker')).toBe(true);
    expect(state.leftOut).toBe(state.records.length * 9);
    expect(core.pagesAsked()).toBe(3); // 200, then 1000 and 1000: 20 + 100 + 100 shown
  });

  it('a view the core filters alone asks for one page, as before', async () => {
    const core = fakeCore();
    const source = new CallLogSource(parseQuery('tool:add_order').filter, { pageSize: 1000 });
    await settle(source);
    expect(core.pagesAsked()).toBe(1);
  });
});

describe('the chart of a view with minus words', () => {
  const stats = (counts: number[], total = counts.reduce((a, b) => a + b, 0)): Stats => ({
    ok: true,
    start: 0,
    bucketMs: 3_600_000,
    buckets: counts.map((allowed) => ({ allowed, denied: 1, approved: 0, rejected: 0, expired: 0, cancelled: 0 })),
    total,
  });

  it('counts the view less the calls -tool: leaves out, bucket by bucket', () => {
    const { filter, local } = parseQuery('-tool:ticker decision:allowed');
    expect(leftOutFilter(filter, local)).toEqual({ decision: ['allowed'], tool: ['ticker'] });
    const result = subtractStats(stats([10, 5]), stats([9, 5]))!;
    expect(result.buckets.map((b) => b.allowed)).toEqual([1, 0]);
    expect(result.buckets.map((b) => b.denied)).toEqual([0, 0]);
    // Counted over other hours (the clock turned between the two): not subtracted, and said so.
    expect(subtractStats(stats([10, 5]), { ...stats([9, 5]), start: 3_600_000 })).toBeUndefined();
  });

  it('says which words it cannot count by', () => {
    expect(uncountedTerms(parseQuery('client:cursor -client:codex -limit -tool:ticker').local)).toBe('client:cursor -client:codex -limit');
    expect(leftOutFilter(parseQuery('-decision:allowed').filter, parseQuery('-decision:allowed').local)).toBeUndefined();
  });
});
