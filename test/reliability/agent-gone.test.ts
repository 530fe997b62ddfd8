// A held call never outlives its agent. The agent is killed with SIGKILL (no cancel, no DELETE: its
// sockets just close), gives up on its HTTP request, ends its session, or drops its legacy SSE
// stream, while its order waits for a human. Each time the call must be withdrawn at once: recorded
// `cancelled`, gone from `pending` (with the event that withdraws notifications), refused when
// approved afterwards, and never sent to the upstream.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PendingApproval } from '../../main/gate/approvals/index.js';
import type { CallRecord } from '../../main/gate/calllog/index.js';
import { countingUpstream, receivedCalls } from '../fixtures/counting.js';
import { nextEvent, nextPending, nextRecord, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { openRawSession, openRawSseSession, raw } from './http.js';

const HELD_CLIENT = fileURLToPath(new URL('../fixtures/held-order-client.ts', import.meta.url));
const POLICY = { version: '1', default: 'deny', tools: { add_order: { action: 'approve' }, ticker: {} } };
const ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: '0.01', price: '1000', validate: false };

const figures: Array<{ how: string; ms: number }> = [];

describe('a held call whose agent is gone', () => {
  let dir: string;
  let recordFile: string;
  let gw: TestGateway;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kraken-gate-gone-'));
    recordFile = join(dir, 'upstream-calls.jsonl');
    // Long enough that only the agent's departure can end the wait within the test's time.
    gw = await startTestGateway({ upstream: countingUpstream(recordFile), policy: POLICY, approvalTimeoutMs: 600_000 });
  }, 60_000); // the tsx-run upstream can take many seconds to start on a loaded machine
  afterEach(async () => {
    await gw.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => {
    const list = figures.map((f) => `${f.how} ${f.ms.toFixed(0)} ms`).join(', ');
    console.log(`[reliability] agent gone: ${figures.length} held calls whose agent left, ${figures.length} withdrawn and recorded cancelled, 0 sent upstream (departure → record: ${list})`);
  });

  /** Waits for the held call, makes its agent leave, and checks that it was withdrawn as it must be. */
  async function expectWithdrawnWhen(how: string, hold: () => unknown, leave: (pending: PendingApproval) => unknown): Promise<CallRecord> {
    const held = nextPending(gw.gate, 'add_order');
    const recorded = nextRecord(gw.gate, (r) => r.tool === 'add_order');
    void hold();
    const pending = await held;
    const withdrawn = nextEvent(gw.gate.onDidChange, (e) => e.type === 'pending-decided' && e.id === pending.id);
    const left = performance.now();
    await leave(pending);
    const record = await recorded;
    figures.push({ how, ms: performance.now() - left });

    expect(record, how).toMatchObject({ decision: 'cancelled', decidedBy: 'client', outcome: { status: 'not-forwarded' } });
    expect(await withdrawn, how).toMatchObject({ decision: 'cancelled', by: 'client' });
    expect(gw.gate.approvals.pending(), how).toEqual([]);
    expect((await gw.control('pending', {})).body, how).toEqual([]);
    expect((await gw.control('approve', { id: pending.id })).body, how).toMatchObject({ ok: false, error: 'already-decided' });
    expect(receivedCalls(recordFile).filter((c) => c.tool === 'add_order'), how).toEqual([]);
    return record;
  }

  it('an SDK client killed with SIGKILL while its order is held', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', HELD_CLIENT, gw.url, gw.token], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const record = await expectWithdrawnWhen(
        'SIGKILL',
        () => undefined,
        async () => {
          child.kill('SIGKILL');
          await exited;
        },
      );
      expect(record).toMatchObject({ client: 'doomed-agent', reason: expect.stringMatching(/went away/) });
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('a client that gives up on its HTTP request without cancelling the call', async () => {
    const headers = await openRawSession(gw.port, gw.token);
    const body = JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'add_order', arguments: ORDER } });
    const req = request({ host: '127.0.0.1', port: gw.port, path: '/mcp', method: 'POST', headers, agent: false });
    req.on('error', () => undefined);
    await expectWithdrawnWhen(
      'request aborted',
      () => req.end(body),
      () => req.destroy(),
    );
    // The session itself lives on: the agent may still use it.
    const list = await raw(gw.port, { headers, body: JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'tools/list' }) });
    expect(list.status).toBe(200);
  });

  it('a DELETE of the session', async () => {
    const headers = await openRawSession(gw.port, gw.token);
    const body = JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'add_order', arguments: ORDER } });
    await expectWithdrawnWhen(
      'DELETE',
      () => raw(gw.port, { headers, body }).catch(() => undefined),
      async () => expect((await raw(gw.port, { method: 'DELETE', headers })).status).toBe(200),
    );
  });

  it('an SSE client that disconnects', async () => {
    const sse = await openRawSseSession(gw.port, gw.token);
    const post = (message: unknown) =>
      raw(gw.port, { path: sse.postPath, headers: { authorization: `Bearer ${gw.token}`, 'content-type': 'application/json' }, body: JSON.stringify(message) });
    await post({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2024-11-05', capabilities: {}, clientInfo: { name: 'sse-agent', version: '1' } } });
    await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
    await expectWithdrawnWhen(
      'SSE stream closed',
      () => post({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'add_order', arguments: ORDER } }),
      () => sse.close(),
    );
  });

  it('the idle sweep never cuts off an agent that is waiting for its approval', async () => {
    const client = await gw.connect({ name: 'patient-agent' });
    const held = nextPending(gw.gate, 'add_order');
    const call = client.callTool({ name: 'add_order', arguments: ORDER });
    const pending = await held;
    gw.gateway.closeIdleSessions(Date.now() + 31 * 60_000);
    expect(gw.gate.approvals.get(pending.id)).toBeDefined();
    expect((await gw.control('deny', { id: pending.id, reason: 'no' })).body).toMatchObject({ ok: true });
    expect((await call).isError).toBe(true);
  });
});
