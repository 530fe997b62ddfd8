// Upstream faults, against the real gateway with the counting upstream as kraken-mcp: it crashes
// mid-call, hangs (one call, or the whole process), writes garbage to stdout, exits at start.
// Each affected call must be answered with an error (never left hanging), the upstream restarted
// when it is gone or wedged, and all of it logged: one call-log record per call, and the
// upstream's fate in logs/upstream.log.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../main/gate/calllog/index.js';
import { queryLog } from '../../main/gate/calllog/index.js';
import type { Gate } from '../../main/gate/gate.js';
import type { UpstreamStatus } from '../../main/gate/upstream/client.js';
import { countingUpstream, receivedCalls } from '../fixtures/counting.js';
import { nextEvent, startTestGateway, textOf, type TestGateway, type TestGatewayOptions } from '../helpers/gateway.js';

const POLICY = { version: '1', default: 'deny', tools: { ticker: {}, account_balance: {}, add_order: {} } };

const figures = { calls: 0, erroredAsExpected: 0, restarts: 0 };

/** Resolves once the upstream's state passes `test` (now, or at a later change). */
function upstreamState(gate: Gate, test: (status: UpstreamStatus) => boolean): Promise<UpstreamStatus> {
  const now = gate.upstream.state;
  return test(now) ? Promise.resolve(now) : nextEvent(gate.onDidChangeUpstream, test);
}

function upstreamLog(gw: TestGateway): string {
  return readFileSync(join(gw.dataDir, 'logs', 'upstream.log'), 'utf8');
}

async function logRecords(gw: TestGateway): Promise<CallRecord[]> {
  return (await queryLog(join(gw.dataDir, 'calls'), { limit: Infinity })).records;
}

describe('faults', () => {
  let dir: string;
  let recordFile: string;
  let gw: TestGateway | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kraken-gate-faults-'));
    recordFile = join(dir, 'upstream-calls.jsonl');
  });
  afterEach(async () => {
    if (gw) figures.restarts += gw.gate.status().upstream.restarts;
    await gw?.close();
    gw = undefined;
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => {
    console.log(`[reliability] faults: ${figures.calls} calls, ${figures.erroredAsExpected} answered with the expected error, ${figures.restarts} upstream restarts observed`);
  });

  async function start(flags: string[] = [], options: TestGatewayOptions = {}): Promise<TestGateway> {
    gw = await startTestGateway({ upstream: countingUpstream(recordFile, flags), policy: POLICY, ...options });
    return gw;
  }

  async function call(client: Client, name: string, args: Record<string, unknown>, onprogress?: () => void) {
    figures.calls++;
    const result = await client.callTool({ name, arguments: args }, undefined, onprogress ? { onprogress } : undefined);
    return { isError: result.isError === true, text: textOf(result as never) };
  }

  function expectError(result: { isError: boolean; text: string }, pattern: RegExp): void {
    expect(result.isError, result.text).toBe(true);
    expect(result.text).toMatch(pattern);
    figures.erroredAsExpected++;
  }

  it('crashes mid-call: every call in flight gets an error, the upstream is restarted, and the next call works', async () => {
    const gw = await start();
    const client = await gw.connect();
    const firstPid = gw.gate.status().upstream.pid;
    const restarted = upstreamState(gw.gate, (s) => s.state === 'ready' && s.pid !== firstPid);

    // Three calls the upstream holds open (it reports progress once each has arrived), one of them
    // an order, then a call that kills it.
    let arrived = 0;
    let crash: Promise<{ isError: boolean; text: string }> | undefined;
    const onArrived = (): void => {
      if (++arrived === 3) crash = call(client, 'ticker', { pairs: 'CRASH', marker: 'crash' });
    };
    const inFlight = [
      call(client, 'ticker', { pairs: 'HANG', marker: 'hang-1' }, onArrived),
      call(client, 'ticker', { pairs: 'HANG', marker: 'hang-2' }, onArrived),
      call(client, 'add_order', { pair: 'HANG', type: 'buy', ordertype: 'limit', volume: '0.01', price: '1000', validate: false, marker: 'order' }, onArrived),
    ];
    const results = await Promise.all(inFlight);
    for (const result of [...results.slice(0, 2), await crash!]) expectError(result, /exited while handling ticker; it is being restarted/);
    expectError(results[2]!, /exited while handling add_order; it is being restarted\. The order may have been placed — check open orders before retrying/);

    const status = await restarted;
    expect(status.restarts).toBe(1);
    const after = await call(client, 'ticker', { pairs: 'XBTUSD', marker: 'after' });
    expect(after.isError).toBe(false);
    expect(JSON.parse(after.text)).toMatchObject({ marker: 'after', pid: status.pid });

    // Logged: one record per call, errors with the reason; the crash in the upstream's log.
    const records = await logRecords(gw);
    expect(records.map((r) => r.arguments.marker).sort()).toEqual(['after', 'crash', 'hang-1', 'hang-2', 'order']);
    // The order's fate is unknown (it was sent, no answer came): recorded so, not as a plain error.
    for (const r of records.filter((r) => r.arguments.marker !== 'after')) {
      expect(r.outcome).toMatchObject({ status: r.tool === 'add_order' ? 'unknown' : 'error', message: expect.stringMatching(/exited while handling/) });
    }
    expect(upstreamLog(gw)).toMatch(/exited; restarting in \d+ ms/);
    // Each call reached the upstream exactly once: nothing was retried behind the agent's back.
    expect(receivedCalls(recordFile).map((c) => c.marker).sort()).toEqual(['after', 'crash', 'hang-1', 'hang-2', 'order']);
  });

  it('crashes three times in a row: restarted each time, with growing back-off', async () => {
    const gw = await start();
    const client = await gw.connect();
    for (let round = 1; round <= 3; round++) {
      const before = gw.gate.status().upstream;
      const restarted = upstreamState(gw.gate, (s) => s.state === 'ready' && s.restarts === before.restarts + 1);
      expectError(await call(client, 'ticker', { pairs: 'CRASH', marker: `crash-${round}` }), /exited while handling ticker/);
      await restarted;
      expect((await call(client, 'ticker', { pairs: 'XBTUSD', marker: `ok-${round}` })).isError).toBe(false);
    }
    const delays = [...upstreamLog(gw).matchAll(/exited; restarting in (\d+) ms/g)].map((m) => Number(m[1]));
    expect(delays).toEqual([200, 400, 800]);
    expect(await logRecords(gw)).toHaveLength(6);
  });

  it('hangs on one call: that call times out with an error, the healthy process is kept, other calls go on', async () => {
    const gw = await start([], { upstreamCallTimeoutMs: 1000 });
    const client = await gw.connect();
    const pid = gw.gate.status().upstream.pid;
    const hung = call(client, 'ticker', { pairs: 'HANG', marker: 'hang' });
    // Private calls go to the upstream one at a time: a hung one holds the next only until it times out.
    const hungPrivate = call(client, 'account_balance', { pair: 'HANG', marker: 'hang-private' });
    const nextPrivate = call(client, 'account_balance', { marker: 'next-private' });
    // Meanwhile the upstream answers other calls.
    const during = await Promise.all([1, 2, 3].map((n) => call(client, 'ticker', { pairs: 'XBTUSD', marker: `during-${n}` })));
    expect(during.every((r) => !r.isError)).toBe(true);
    expectError(await hung, /The upstream did not answer ticker within 1 s/);
    expectError(await hungPrivate, /The upstream did not answer account_balance within 1 s/);
    expect((await nextPrivate).isError).toBe(false);
    const after = await call(client, 'ticker', { pairs: 'XBTUSD', marker: 'after' });
    expect(JSON.parse(after.text)).toMatchObject({ pid });
    expect(gw.gate.status().upstream).toMatchObject({ state: 'ready', pid, restarts: 0 });
    const records = await logRecords(gw);
    expect(records).toHaveLength(7);
    expect(records.find((r) => r.arguments.marker === 'hang')?.outcome).toMatchObject({ status: 'error', message: expect.stringMatching(/did not answer ticker within 1 s/) });
  });

  it('hangs entirely (stops reading stdin): calls time out with an error, the wedged process is replaced, calls work again', async () => {
    const gw = await start([], { upstreamCallTimeoutMs: 1000 });
    const client = await gw.connect();
    const wedgedPid = gw.gate.status().upstream.pid;
    const replaced = upstreamState(gw.gate, (s) => s.state === 'ready' && s.pid !== wedgedPid);
    expectError(await call(client, 'ticker', { pairs: 'WEDGE', marker: 'wedge' }), /did not answer ticker within 1 s/);
    const status = await replaced;
    expect(status.restarts).toBe(1);
    const after = await call(client, 'ticker', { pairs: 'XBTUSD', marker: 'after' });
    expect(after.isError).toBe(false);
    expect(JSON.parse(after.text)).toMatchObject({ pid: status.pid });
    expect(upstreamLog(gw)).toMatch(/did not answer a ping/);
    expect((await logRecords(gw)).map((r) => [r.arguments.marker, r.outcome.status]).sort()).toEqual([['after', 'ok'], ['wedge', 'error']]);
  });

  it('writes garbage to stdout between its messages: every call is still answered, with its own answer', async () => {
    const gw = await start(['--garbage'], { upstreamCallTimeoutMs: 1000 });
    const client = await gw.connect();
    const pid = gw.gate.status().upstream.pid;
    const markers = Array.from({ length: 40 }, (_, i) => `g-${i}`);
    const results = await Promise.all(markers.map((marker, i) => call(client, 'ticker', { pairs: i % 5 === 0 ? 'GARBAGE' : 'XBTUSD', marker })));
    expect(results.map((r) => (JSON.parse(r.text) as { marker: string }).marker)).toEqual(markers);
    // An answer whose own line is corrupted is lost: that call (and only it) gets an error.
    expectError(await call(client, 'ticker', { pairs: 'CORRUPT', marker: 'corrupt' }), /did not answer ticker within 1 s/);
    expect((await call(client, 'ticker', { pairs: 'XBTUSD', marker: 'after' })).isError).toBe(false);
    expect(gw.gate.status().upstream).toMatchObject({ state: 'ready', pid, restarts: 0 });
    expect(await logRecords(gw)).toHaveLength(markers.length + 2);
    expect(upstreamLog(gw)).toMatch(/protocol error from the upstream/);
  });

  it('exits at start: status says why, calls get a clear error within the start timeout, and it keeps retrying with back-off', async () => {
    // Plain `node -e`, not a tsx-run fixture: loading tsx alone can take seconds on a loaded 2-core
    // machine, and a start that times out would report "did not answer initialize" instead of what
    // the upstream said before it exited.
    const exitsAtStart = {
      command: process.execPath,
      args: ['-e', "process.stderr.write('upstream: cannot start: KRAKEN_API_KEY is not set (exit-at-start)\\n', () => process.exit(3))"],
    };
    gw = await startTestGateway({ upstream: exitsAtStart, policy: POLICY, waitForUpstream: false, upstreamStartTimeoutMs: 4000 });
    const client = await gw.connect();
    const started = Date.now();
    const [whileDown] = await Promise.all([
      call(client, 'ticker', { pairs: 'XBTUSD', marker: 'while-down' }),
      // Reads and lists are answered too, with an error rather than a hang.
      expect(client.listTools()).rejects.toThrow(/not ready/),
    ]);
    expectError(whileDown, /is not ready after 4 s \(state: (starting|restarting)\)\. Last error: /);
    expect(Date.now() - started).toBeLessThan(7000);

    await upstreamState(gw.gate, (s) => s.restarts >= 3);
    const { body: status } = await gw.control('status', {});
    expect(status.upstream).toMatchObject({ state: expect.stringMatching(/^(starting|restarting)$/), lastError: expect.stringMatching(/^exited before it was ready/) });
    expect(status.upstream.restarts).toBeGreaterThanOrEqual(3);

    const records = await logRecords(gw);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ decision: 'allowed', outcome: { status: 'error', message: expect.stringMatching(/not ready/) } });
    const log = upstreamLog(gw);
    expect(log).toContain('KRAKEN_API_KEY is not set (exit-at-start)');
    const delays = [...log.matchAll(/restarting in (\d+) ms/g)].map((m) => Number(m[1]));
    expect(delays.slice(0, 3)).toEqual([200, 400, 800]);
  });

  it('fails its first two starts, then comes up: a call made meanwhile waits and succeeds', async () => {
    const startsFile = join(dir, 'starts');
    const gw = await start(['--fail-starts', '2', '--starts-file', startsFile], { waitForUpstream: false, upstreamStartTimeoutMs: 20_000 });
    const client = await gw.connect();
    const result = await call(client, 'ticker', { pairs: 'XBTUSD', marker: 'patient' });
    expect(result.isError, result.text).toBe(false);
    expect(gw.gate.status().upstream).toMatchObject({ state: 'ready', restarts: 2 });
    expect(readFileSync(startsFile, 'utf8')).toBe('3');
    expect(receivedCalls(recordFile).map((c) => c.marker)).toEqual(['patient']);
  });
});
