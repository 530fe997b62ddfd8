// Call log figures: append throughput with fdatasync (1 and 32 concurrent writers) against plain
// unflushed appendFile in the same run, and query time over 1 000 000 records (~30 days).
// A script, not a test: `npx tsx test/bench/calllog-bench.ts`. Queries run on a warm page cache
// (the files were just written), as they do when the UI browses a log the gateway is writing.
import { createHash } from 'node:crypto';
import { appendFile, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CallLogStore,
  createCallRecord,
  logFileName,
  parseRecordLine,
  queryLog,
  type CallLogQuery,
  type CallRecordInput,
} from '../../main/gate/calllog/index.js';
import type { DecisionKind } from '../../main/gate/types.js';

const sample = (i: number): CallRecordInput => ({
  session: 'bench-session',
  client: 'claude-code',
  tool: i % 3 === 0 ? 'add_order' : 'ticker',
  arguments: { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.10', price: String(50_000 + i), validate: true },
  decision: 'allowed',
  rule: 'tools.add_order',
  decidedBy: 'policy',
  upstreamMs: 3,
  outcome: { status: 'ok', summary: 'order placed' },
});

async function timeIt(label: string, fn: () => Promise<number>): Promise<number> {
  const start = performance.now();
  const count = await fn();
  const seconds = (performance.now() - start) / 1000;
  const rate = count / seconds;
  console.log(`  ${label.padEnd(44)} ${String(count).padStart(6)} records  ${rate.toFixed(0).padStart(8)} records/s`);
  return rate;
}

async function concurrently(writers: number, perWriter: number, one: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let k = 0; k < perWriter; k++) await one(next++);
    }),
  );
  return writers * perWriter;
}

async function appendBench(root: string): Promise<void> {
  console.log('Append throughput. Real orders: write + fdatasync before the append resolves (group commit);');
  console.log('reads: write before, fdatasync within 100 ms (docs/reliability.md)');
  const rates: Record<string, number> = {};
  const order = (i: number): CallRecordInput => ({ ...sample(i), tool: 'add_order', arguments: { ...sample(i).arguments, validate: false } });
  const read = (i: number): CallRecordInput => ({ ...sample(i), tool: 'ticker', arguments: { pair: 'XBTUSD' } });
  for (const [writers, perWriter] of [
    [1, 1000],
    [32, 500],
  ] as const) {
    const dir = join(root, `store-${writers}`);
    const store = await CallLogStore.open(dir, { retention: {} });
    rates[`store${writers}`] = await timeIt(`CallLogStore, real orders, ${writers} writer(s)`, () => concurrently(writers, perWriter, (i) => store.append(order(i))));
    await timeIt(`CallLogStore, reads, ${writers} writer(s)`, () => concurrently(writers, perWriter, (i) => store.append(read(i))));
    await store.close();

    const path = join(root, `baseline-${writers}.jsonl`);
    rates[`base${writers}`] = await timeIt(`fs.appendFile unflushed, ${writers} writer(s)`, () =>
      concurrently(writers, perWriter, (i) => appendFile(path, `${JSON.stringify(createCallRecord(sample(i)))}\n`)),
    );
  }
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  console.log(`  flushed/unflushed ratio: 1 writer ${ratio(rates.store1!, rates.base1!)}, 32 writers ${ratio(rates.store32!, rates.base32!)}`);
  console.log(`  group commit gain (32 vs 1 writer): ${ratio(rates.store32!, rates.store1!)}x\n`);
}

// The mix of a busy month: mostly market data, some trading, few humans in the loop.
const TOOLS: [string, number][] = [
  ['ticker', 40], ['ohlc', 15], ['order_book', 10], ['account_balance', 10], ['add_order', 10],
  ['open_orders', 5], ['cancel_order', 5], ['recent_trades', 4], ['trades_history', 1],
];
const DECISIONS: [DecisionKind, number][] = [['allowed', 850], ['denied', 80], ['approved', 40], ['rejected', 15], ['expired', 10], ['cancelled', 5]];
const PAIRS = ['XBTUSD', 'ETHUSD', 'SOLUSD', 'ADAUSD', 'XRPUSD'];
const RARE_TOOL = 'cancel_all_orders_after'; // 1 call in 10 000: finding it reads everything

function weighted<T>(table: [T, number][]): T[] {
  return table.flatMap(([value, weight]) => Array<T>(weight).fill(value));
}

async function generate(dir: string, total: number, days: number, end: Date): Promise<{ bytes: number; first: string }> {
  const tools = weighted(TOOLS);
  const decisions = weighted(DECISIONS);
  const hashes = Array.from({ length: 997 }, (_, i) => createHash('sha256').update(String(i)).digest('hex'));
  const perDay = Math.ceil(total / days);
  const spacing = 86_400_000 / perDay;
  const firstDayMs = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate()) - (days - 1) * 86_400_000;
  let bytes = 0;
  let n = 0;
  for (let d = 0; d < days && n < total; d++) {
    const dayMs = firstDayMs + d * 86_400_000;
    const lines: string[] = [];
    for (let k = 0; k < perDay && n < total; k++, n++) {
      const tool = n % 10_000 === 5_000 ? RARE_TOOL : tools[(n * 7919) % tools.length]!;
      const decision = decisions[(n * 104_729) % decisions.length]!;
      const forwarded = decision === 'allowed' || decision === 'approved';
      const pair = PAIRS[n % PAIRS.length]!;
      // Field order as createCallRecord writes it (the format readers rely on).
      lines.push(
        JSON.stringify({
          id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
          ts: new Date(dayMs + Math.floor(k * spacing)).toISOString(),
          session: `session-${n % 50}`,
          client: n % 2 ? 'claude-code' : 'cursor',
          tool,
          decision,
          rule: decision === 'allowed' ? `tools.${tool}` : `tools.${tool}.approve_if[0]`,
          decidedBy: decision === 'allowed' || decision === 'denied' ? 'policy' : decision === 'expired' ? 'timeout' : 'notification',
          ...(decision === 'allowed' || decision === 'denied' ? {} : { waitedMs: 1000 + (n % 60_000) }),
          ...(forwarded ? { upstreamMs: 50 + (n % 400) } : {}),
          argsHash: hashes[n % hashes.length]!,
          arguments: tool === 'add_order' ? { pair, type: 'buy', ordertype: 'limit', volume: '0.10', price: String(50_000 + (n % 1000)) } : { pair },
          outcome: forwarded ? { status: 'ok', summary: `${pair} ${tool} ok` } : { status: 'not-forwarded' },
          ...(decision === 'denied' ? { reason: 'Only BTC and ETH pairs.' } : {}),
        }),
      );
    }
    const text = `${lines.join('\n')}\n`;
    bytes += Buffer.byteLength(text);
    await writeFile(join(dir, logFileName(new Date(dayMs).toISOString().slice(0, 10))), text);
  }
  return { bytes, first: new Date(firstDayMs).toISOString() };
}

async function queryBench(root: string): Promise<void> {
  const dir = join(root, 'million');
  await (await CallLogStore.open(dir, { retention: {} })).close(); // creates the directory like the app does
  const total = 1_000_000;
  const end = new Date();
  const genStart = performance.now();
  const { bytes } = await generate(dir, total, 30, end);
  const files = await readdir(dir);
  console.log(`Query over ${total.toLocaleString('en')} records, ${files.length} day files, ${(bytes / 1e6).toFixed(0)} MB (generated in ${((performance.now() - genStart) / 1000).toFixed(1)} s)`);
  const sanity = (await queryLog(dir, { limit: 1 })).records[0];
  if (!sanity || !parseRecordLine(JSON.stringify(sanity))) throw new Error('generated lines do not parse');

  const dayMs = 86_400_000;
  const now = end.getTime();
  const cases: [string, CallLogQuery][] = [
    ['newest page, no filter', {}],
    ['tool add_order, last 7 days', { tool: 'add_order', since: new Date(now - 7 * dayMs) }],
    ['tool add_order, one day 15 days ago', { tool: 'add_order', since: new Date(now - 15 * dayMs), until: new Date(now - 14 * dayMs) }],
    [`tool ${RARE_TOOL} (rare), 10 days in the middle`, { tool: RARE_TOOL, since: new Date(now - 20 * dayMs), until: new Date(now - 10 * dayMs) }],
    [`tool ${RARE_TOOL} (rare), all 30 days`, { tool: RARE_TOOL, since: new Date(now - 31 * dayMs) }],
    ['tool no_such_tool, all (full scan, 0 hits)', { tool: 'no_such_tool' }],
    ['decision expired', { decision: 'expired' }],
    ['decision denied, page 50 by offset', { decision: 'denied', offset: 4900 }],
    ['decision cancelled, ALL (~5 000 records)', { decision: 'cancelled', limit: Infinity }],
    ['decision rejected + tool add_order, last 7 days', { decision: 'rejected', tool: 'add_order', since: new Date(now - 7 * dayMs) }],
    ['decisions denied|rejected, ALL (~95 000 records)', { decision: ['denied', 'rejected'], limit: Infinity }],
    ['text "solusd"', { text: 'solusd' }],
    ['text "nowhere" (full scan, 0 hits)', { text: 'nowhere' }],
    ['offset 10 000, no filter', { offset: 10_000 }],
  ];
  console.log(`  ${'query (limit 100 unless noted)'.padEnd(56)} ${'hits'.padStart(6)} ${'first'.padStart(8)} ${'median of 5'.padStart(12)}`);
  for (const [label, q] of cases) {
    const times: number[] = [];
    let hits = 0;
    for (let i = 0; i < 6; i++) {
      const start = performance.now();
      hits = (await queryLog(dir, q)).records.length;
      times.push(performance.now() - start);
    }
    const first = times.shift()!;
    times.sort((a, b) => a - b);
    console.log(`  ${label.padEnd(56)} ${String(hits).padStart(6)} ${first.toFixed(1).padStart(6)}ms ${times[2]!.toFixed(1).padStart(10)}ms`);
  }
  const sizes = await Promise.all(files.map((f) => stat(join(dir, f)).then((s) => s.size)));
  console.log(`  (average line ${(sizes.reduce((a, b) => a + b, 0) / total).toFixed(0)} bytes)`);
}

const root = await mkdtemp(join(tmpdir(), 'kraken-gate-calllog-bench-'));
try {
  console.log(`node ${process.version}, temp dir ${root}\n`);
  await appendBench(root);
  await queryBench(root);
} finally {
  await rm(root, { recursive: true, force: true });
}
