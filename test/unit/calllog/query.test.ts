import { execFile } from 'node:child_process';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { CallLogStore, DECISION_KINDS, createCallRecord, queryLog, type CallLogQuery, type CallRecord } from '../../../main/gate/calllog/index.js';
import { input, manualClock, tempDir } from './helpers.js';

const TOOLS = ['ticker', 'add_order', 'account_balance', 'cancel_order'];
const PAIRS = ['XBTUSD', 'ETHUSD', 'SOLUSD'];

/** 60 calls, one every 72 minutes from 2024-05-01T00:30Z: three UTC days, every tool and decision. */
async function seed(dir: string): Promise<{ store: CallLogStore; all: CallRecord[]; clock: ReturnType<typeof manualClock> }> {
  const clock = manualClock('2024-05-01T00:30:00.000Z');
  const store = await CallLogStore.open(dir, { retention: {}, now: clock.now });
  const all: CallRecord[] = [];
  for (let i = 0; i < 60; i++) {
    const decision = DECISION_KINDS[i % DECISION_KINDS.length]!;
    const forwarded = decision === 'allowed' || decision === 'approved';
    all.push(
      await store.append(
        input({
          id: `call-${String(i).padStart(2, '0')}`,
          tool: TOOLS[i % TOOLS.length]!,
          arguments: { pair: PAIRS[i % PAIRS.length]!, volume: `0.${i}` },
          decision,
          rule: decision === 'denied' ? 'tools.add_order.deny_if[0]' : 'default',
          decidedBy: forwarded && decision === 'allowed' ? 'policy' : 'window',
          outcome: forwarded ? { status: i % 7 === 0 ? 'error' : 'ok', message: i % 7 === 0 ? 'EOrder:Insufficient funds' : undefined } : { status: 'not-forwarded' },
          reason: decision === 'denied' ? 'Only BTC and ETH pairs.' : undefined,
        }),
      ),
    );
    clock.advance(72 * 60_000);
  }
  return { store, all, clock };
}

describe('queryLog over a seeded log', () => {
  let dir: string;
  let all: CallRecord[];
  let newestFirst: CallRecord[];

  beforeAll(async () => {
    // Built once for the read-only cases below (tempDir cleans up after each test, so not used here).
    dir = await mkdtemp(join(tmpdir(), 'kraken-gate-calllog-q-'));
    const seeded = await seed(dir);
    await seeded.store.close();
    all = seeded.all;
    newestFirst = [...all].reverse();
    return () => rm(dir, { recursive: true, force: true });
  });

  const expectQuery = async (q: CallLogQuery, pick: (r: CallRecord) => boolean) => {
    const page = await queryLog(dir, { limit: 1000, ...q });
    expect(page.records.map((r) => r.id)).toEqual(newestFirst.filter(pick).map((r) => r.id));
    return page.records;
  };

  it('returns everything newest first across day files', async () => {
    const page = await queryLog(dir, { limit: 1000 });
    expect(page.records).toEqual(newestFirst);
    expect(page.nextCursor).toBeUndefined();
  });

  it('filters by time: since inclusive, until exclusive, across and inside day files', async () => {
    const since = all[10]!.ts;
    const until = all[45]!.ts;
    await expectQuery({ since, until }, (r) => r.ts >= since && r.ts < until);
    await expectQuery({ since: new Date('2024-05-02T00:00:00Z'), until: new Date('2024-05-03T00:00:00Z') }, (r) => r.ts.startsWith('2024-05-02'));
    await expectQuery({ since: '2024-05-02T13:00:00Z', until: '2024-05-02T14:00:00Z' }, (r) => r.ts >= '2024-05-02T13:00' && r.ts < '2024-05-02T14:00');
    await expectQuery({ since: '2030-01-01T00:00:00Z' }, () => false);
  });

  it('filters by tool and by decision, one or several', async () => {
    await expectQuery({ tool: 'add_order' }, (r) => r.tool === 'add_order');
    await expectQuery({ tool: ['ticker', 'cancel_order'] }, (r) => r.tool === 'ticker' || r.tool === 'cancel_order');
    await expectQuery({ tool: [] }, () => true);
    await expectQuery({ tool: 'no_such_tool' }, () => false);
    for (const decision of DECISION_KINDS) await expectQuery({ decision }, (r) => r.decision === decision);
    await expectQuery({ decision: ['denied', 'rejected'] }, (r) => r.decision === 'denied' || r.decision === 'rejected');
  });

  it('filters by text, case-insensitively, in arguments, reasons, messages and names', async () => {
    await expectQuery({ text: 'solusd' }, (r) => r.arguments.pair === 'SOLUSD');
    await expectQuery({ text: 'only btc' }, (r) => r.reason !== undefined);
    await expectQuery({ text: 'insufficient' }, (r) => r.outcome.message !== undefined);
    await expectQuery({ text: 'deny_if' }, (r) => r.rule.includes('deny_if'));
    await expectQuery({ text: 'call-1' }, (r) => r.id.startsWith('call-1'));
    await expectQuery({ text: '"' }, () => false);
  });

  it('combines filters', async () => {
    const since = all[12]!.ts;
    await expectQuery(
      { tool: 'add_order', decision: ['allowed', 'approved', 'denied'], since, text: 'xbt' },
      (r) => r.tool === 'add_order' && ['allowed', 'approved', 'denied'].includes(r.decision) && r.ts >= since && r.arguments.pair === 'XBTUSD',
    );
    await expectQuery({ decision: 'denied', text: 'ethusd' }, (r) => r.decision === 'denied' && r.arguments.pair === 'ETHUSD');
  });

  it('pages by cursor and by offset without overlap or gaps', async () => {
    for (const q of [{}, { tool: 'ticker' }, { decision: ['allowed', 'expired'] as const }, { text: 'usd', since: all[5]!.ts }] satisfies CallLogQuery[]) {
      const expected = (await queryLog(dir, { ...q, limit: 1000 })).records.map((r) => r.id);
      const byCursor: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await queryLog(dir, { ...q, limit: 7, cursor });
        expect(page.records.length).toBeLessThanOrEqual(7);
        byCursor.push(...page.records.map((r) => r.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor !== undefined && pages < 100);
      expect(byCursor).toEqual(expected);
      const byOffset: string[] = [];
      for (let offset = 0; offset < expected.length; offset += 7) byOffset.push(...(await queryLog(dir, { ...q, limit: 7, offset })).records.map((r) => r.id));
      expect(byOffset).toEqual(expected);
    }
  });

  it('a reader in another process (the CLI) gets the same page', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/query-log.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', fixture, dir, JSON.stringify({ tool: 'ticker', limit: 5 })], { cwd: process.cwd() });
    expect(JSON.parse(stdout)).toEqual(await queryLog(dir, { tool: 'ticker', limit: 5 }));
  });

  it('rejects malformed options instead of guessing', async () => {
    await expect(queryLog(dir, { since: 'not a date' })).rejects.toThrow(RangeError);
    await expect(queryLog(dir, { limit: 0 })).rejects.toThrow(RangeError);
    await expect(queryLog(dir, { offset: -1 })).rejects.toThrow(RangeError);
    await expect(queryLog(dir, { cursor: 'garbage' })).rejects.toThrow(RangeError);
  });
});

describe('queryLog while the log is written', () => {
  it('keeps cursor pages stable while new calls arrive', async () => {
    const dir = await tempDir();
    const { store, all, clock } = await seed(dir);
    const first = await queryLog(dir, { limit: 10 });
    for (let i = 0; i < 5; i++) await store.append(input({ id: `new-${i}` }));
    clock.advance(86_400_000); // and into a new day file
    await store.append(input({ id: 'next-day' }));
    const second = await queryLog(dir, { limit: 10, cursor: first.nextCursor });
    expect([...first.records, ...second.records].map((r) => r.id)).toEqual([...all].reverse().slice(0, 20).map((r) => r.id));
    expect((await queryLog(dir, { limit: 1 })).records[0]!.id).toBe('next-day');
    await store.close();
  });

  it('skips a torn last line and damaged lines, reading the rest', async () => {
    const dir = await tempDir();
    const path = join(dir, 'calls-2024-05-01.jsonl');
    const rec = (id: string) => createCallRecord(input({ id, ts: '2024-05-01T10:00:00.000Z' }));
    const [a, b, c] = [rec('a'), rec('b'), rec('c')];
    const lines = [JSON.stringify(a), '{"id":"half', '', 'not json at all', JSON.stringify({ ...b, decision: 'maybe' }), JSON.stringify(c)];
    await writeFile(path, `${lines.join('\n')}\n`);
    await appendFile(path, JSON.stringify(rec('torn')).slice(0, 80)); // crash mid-write: no newline
    expect((await queryLog(dir)).records).toEqual([c, a]);
    expect((await queryLog(dir, { tool: 'ticker' })).records).toEqual([c, a]);
    expect((await queryLog(dir, { text: 'half' })).records).toEqual([]);
    // A complete record still waiting for its newline is not read yet either.
    await appendFile(path, `\n${JSON.stringify(rec('pending'))}`);
    expect((await queryLog(dir)).records.map((r) => r.id)).toEqual(['c', 'a']);
  });

  it('reads lines that straddle chunk boundaries, including one larger than a chunk', async () => {
    const dir = await tempDir();
    const clock = manualClock('2024-05-01T00:00:00.000Z');
    const ids: string[] = [];
    const call = (i: number) => input({ id: `r${i}`, tool: i % 3 === 0 ? 'ohlc' : 'ticker', arguments: { pair: 'XBTUSD', n: i } });
    const appendRange = async (from: number, to: number) => {
      const store = await CallLogStore.open(dir, { retention: {}, now: clock.now });
      const appends: Promise<CallRecord>[] = [];
      for (let i = from; i < to; i++) appends.push(store.append(call(i)));
      await Promise.all(appends);
      await store.close();
    };
    for (let i = 0; i < 3000; i++) ids.push(`r${i}`);
    await appendRange(0, 1234);
    // The store bounds what it writes (32 KiB a line), but a log written before it did can hold a
    // line of 300 KB: the reader must still read it whole.
    const big = createCallRecord(call(1234), clock.now());
    await appendFile(join(dir, 'calls-2024-05-01.jsonl'), `${JSON.stringify({ ...big, arguments: { ...big.arguments, blob: 'x'.repeat(300_000) } })}\n`);
    await appendRange(1235, 3000);
    const everything = await queryLog(dir, { limit: Infinity });
    expect(everything.records.map((r) => r.id)).toEqual([...ids].reverse());
    expect(everything.records.find((r) => r.id === 'r1234')!.arguments.blob).toHaveLength(300_000);
    const ohlc = await queryLog(dir, { tool: 'ohlc', limit: Infinity });
    expect(ohlc.records.map((r) => r.id)).toEqual(ids.filter((_, i) => i % 3 === 0).reverse());
    const text = await queryLog(dir, { text: 'XBT', limit: Infinity });
    expect(text.records).toHaveLength(3000);
  });

  it('an empty or missing directory is an empty log', async () => {
    const dir = await tempDir();
    expect(await queryLog(dir)).toEqual({ records: [] });
    expect(await queryLog(join(dir, 'missing'))).toEqual({ records: [] });
  });
});
