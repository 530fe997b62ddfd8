// Money races: the ways an order could get past the user's rules by timing rather than by its
// arguments. Through the real gateway, the SDK client as the agent, the control API as the human,
// and the real paper exchange behind it, made slow or held where the race needs it
// (test/fixtures/slow-paper-upstream.ts). What reached the exchange is read from the exchange's
// side (its record of arrivals, its open orders), never assumed from what the gateway said.
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PendingApproval } from '../../main/gate/approvals/index.js';
import { queryLog, type CallRecord } from '../../main/gate/calllog/index.js';
import type { Gate } from '../../main/gate/gate.js';
import { arrivedCalls, slowPaper, type SlowPaperOptions } from '../fixtures/slow-paper.js';
import { callTool, nextEvent, nextRecord, startTestGateway, textOf, type TestGateway, type TestGatewayOptions } from '../helpers/gateway.js';
import { spawnServe, type ServeProcess } from '../helpers/serve-process.js';

const CAP = 2000;
/** A real buy far below the paper market (50 000): it rests on the book, worth volume × 1 000 USD. */
const order = (id: string, volume = 0.95) => ({ pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume, price: '1000', validate: false, cl_ord_id: id });
const CAP_REASON = /Daily notional cap of 2\u202f000 USD would be exceeded/;
const UNKNOWN = /may have been placed — check open orders/;

const figures = { scenarios: 0, ordersSent: 0, reachedExchange: 0, expectedToReach: 0, refusedAtApproval: 0, refusedAtLastMoment: 0, withdrawn: 0, unknownOutcomes: 0, heldRecoveredAfterKill: 0 };

type Result = Awaited<ReturnType<typeof callTool>>;

describe('money races', () => {
  let dir: string;
  let recordFile: string;
  let gw: TestGateway | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kraken-gate-races-'));
    recordFile = join(dir, 'arrived.jsonl');
  });
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => {
    console.log(
      `[reliability] money races: ${figures.scenarios} scenarios, ${figures.ordersSent} real orders sent; reached the exchange ${figures.reachedExchange} (the rules allowed ${figures.expectedToReach}); ` +
        `approvals refused by the cap ${figures.refusedAtApproval}, refused at the last moment (pause) ${figures.refusedAtLastMoment}, withdrawn before sending ${figures.withdrawn}, ` +
        `outcomes recorded unknown ${figures.unknownOutcomes}, held calls recorded after kill -9 ${figures.heldRecoveredAfterKill}; failures 0`,
    );
  });

  async function start(policy: unknown, paper: SlowPaperOptions = {}, options: TestGatewayOptions = {}): Promise<TestGateway> {
    figures.scenarios++;
    // The slow stand-in is the paper exchange behind a delay: no presence here (presence.test.ts has it).
    gw = await startTestGateway({ upstream: slowPaper(recordFile, paper), policy, presence: 'off', ...options });
    return gw;
  }

  /** Real orders that reached the exchange, by cl_ord_id. */
  function arrivedOrders(): string[] {
    return arrivedCalls(recordFile)
      .filter((c) => c.tool === 'add_order' && c.arguments.validate === false)
      .map((c) => String(c.arguments.cl_ord_id));
  }

  function expectReached(ids: string[]): void {
    const arrived = arrivedOrders();
    figures.reachedExchange += arrived.length;
    figures.expectedToReach += ids.length;
    expect(arrived.sort()).toEqual([...ids].sort());
  }

  function placeOrder(agent: Client, id: string, volume?: number, options: Parameters<typeof callTool>[3] = {}): Promise<Result> {
    figures.ordersSent++;
    return callTool(agent, 'add_order', order(id, volume), options);
  }

  /** Lets every call the slow exchange holds go on. */
  function release(gate: Gate): void {
    process.kill(gate.status().upstream.pid!, 'SIGUSR1');
  }

  /** Places an order on an exchange that holds orders: released as soon as it has arrived. */
  function placeReleased(gate: Gate, agent: Client, id: string, volume?: number): Promise<Result> {
    return placeOrder(agent, id, volume, { onprogress: () => release(gate) });
  }

  function recordOf(gate: Gate, id: string): Promise<CallRecord> {
    return nextRecord(gate, (r) => r.arguments.cl_ord_id === id);
  }

  /** The next `n` calls the gate holds for a human, in the order they were held. */
  function nextPendings(gate: Gate, n: number): Promise<PendingApproval[]> {
    const seen: PendingApproval[] = [];
    return new Promise((resolve) => {
      const dispose = gate.approvals.onDidAdd((p) => {
        seen.push(p);
        if (seen.length < n) return;
        dispose();
        resolve(seen);
      });
    });
  }

  async function openOrders(agent: Client): Promise<string[]> {
    const result = await callTool(agent, 'open_orders', {});
    expect(result.isError, textOf(result as never)).toBeFalsy();
    const open = (result.structuredContent as { open: Record<string, { cl_ord_id?: string }> }).open;
    return Object.values(open).map((o) => String(o.cl_ord_id));
  }

  it('five real orders of 950 USD at once under a daily cap of 2000: exactly two reach the exchange', async () => {
    // The exchange takes its time with each order, so all five are decided while the first is out.
    const gw = await start({ version: '1', default: 'deny', daily_notional_cap: CAP, tools: { add_order: {}, open_orders: {} } }, { delay: { add_order: 300 } });
    const agent = await gw.connect();
    const ids = ['five-1', 'five-2', 'five-3', 'five-4', 'five-5'];
    const results = await Promise.all(ids.map((id) => placeOrder(agent, id)));

    const placed = ids.filter((_, i) => !results[i]!.isError);
    expect(placed).toHaveLength(2);
    for (const result of results.filter((r) => r.isError)) expect(textOf(result as never)).toMatch(CAP_REASON);
    expectReached(placed);
    expect((await openOrders(agent)).sort()).toEqual([...placed].sort());

    const { records } = await queryLog(join(gw.dataDir, 'calls'), { tool: 'add_order', limit: Infinity });
    expect(records.filter((r) => r.decision === 'allowed' && r.outcome.status === 'ok')).toHaveLength(2);
    expect(records.filter((r) => r.decision === 'denied' && r.rule === 'daily_notional_cap')).toHaveLength(3);
  });

  it('four held orders approved one after another: the approvals past the cap are refused, the human is told why', async () => {
    const gw = await start({ version: '1', default: 'deny', daily_notional_cap: CAP, tools: { add_order: { action: 'approve' }, open_orders: {} } });
    const agent = await gw.connect();
    const held = nextPendings(gw.gate, 4);
    const ids = ['held-1', 'held-2', 'held-3', 'held-4'];
    const calls = ids.map((id) => placeOrder(agent, id));
    const pendings = await held;
    const byOrder = new Map(pendings.map((p) => [String(p.arguments.cl_ord_id), p.id]));

    // The human approves each in turn, without waiting for the orders to be placed.
    const answers = [];
    for (const id of ids) answers.push((await gw.control('approve', { id: byOrder.get(id)! })).body);
    expect(answers.slice(0, 2)).toEqual([expect.objectContaining({ ok: true, decision: 'approved' }), expect.objectContaining({ ok: true, decision: 'approved' })]);
    for (const answer of answers.slice(2)) {
      figures.refusedAtApproval++;
      expect(answer).toMatchObject({ ok: false, error: 'refused-by-rules', message: expect.stringMatching(CAP_REASON) });
    }

    const results = await Promise.all(calls);
    expect(results.map((r) => r.isError === true)).toEqual([false, false, true, true]);
    for (const result of results.slice(2)) expect(textOf(result as never)).toMatch(CAP_REASON);
    expectReached(['held-1', 'held-2']);
    expect((await openOrders(agent)).sort()).toEqual(['held-1', 'held-2']);

    const { records } = await queryLog(join(gw.dataDir, 'calls'), { tool: 'add_order', limit: Infinity });
    const refused = records.filter((r) => r.arguments.cl_ord_id === 'held-3' || r.arguments.cl_ord_id === 'held-4');
    expect(refused).toHaveLength(2);
    for (const r of refused) expect(r).toMatchObject({ decision: 'rejected', decidedBy: 'policy', rule: 'daily_notional_cap', outcome: { status: 'not-forwarded' } });
  });

  it('an order the agent abandons after it was sent is still an order: recorded with its txid, charged to the cap and the rate limit', async () => {
    const policy = { version: '1', default: 'deny', daily_notional_cap: CAP, tools: { add_order: { limits: [{ max: 2, window: 'hour' }] }, open_orders: {} } };
    const gw = await start(policy, { hold: ['add_order'] });
    const agent = await gw.connect();
    const recorded = recordOf(gw.gate, 'abandoned');
    // The agent gives up once the order is inside the exchange, which only then gets to place it.
    const controller = new AbortController();
    const abandoned = placeOrder(agent, 'abandoned', undefined, { signal: controller.signal, onprogress: () => controller.abort() });
    await expect(abandoned).rejects.toThrow();
    await agent.ping(); // the cancellation has reached the gateway
    release(gw.gate);

    const record = await recorded;
    expect(record).toMatchObject({ decision: 'allowed', outcome: { status: 'ok', summary: expect.stringMatching(/"txid":\["O[A-Z0-9]{5}-/) } });
    expect(record.upstreamMs).toBeGreaterThan(0);
    expect(record.reason).toBeUndefined();

    // 950 used: one more order of 950 fits; a third (50 USD) meets the rate limit (2 an hour);
    // a fourth of 950 would pass the cap.
    expect((await placeReleased(gw.gate, agent, 'second')).isError).toBeFalsy();
    const third = await placeOrder(agent, 'third', 0.05);
    expect(third.isError).toBe(true);
    expect(textOf(third as never)).toMatch(/Rate limit: at most 2 add_order calls per hour/);
    const fourth = await placeOrder(agent, 'fourth');
    expect(textOf(fourth as never)).toMatch(CAP_REASON);
    expectReached(['abandoned', 'second']);
    expect((await openOrders(agent)).sort()).toEqual(['abandoned', 'second']);
  });

  it('an order still waiting to be sent is withdrawn by the agent at once, and never sent', async () => {
    const gw = await start({ version: '1', default: 'deny', tools: { add_order: {}, account_balance: {} } }, { hold: ['account_balance'] });
    const agent = await gw.connect();
    // Private calls go one at a time: a slow one in the exchange, the order queued behind it.
    let balanceArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (balanceArrived = resolve));
    const balance = callTool(agent, 'account_balance', {}, { onprogress: () => balanceArrived() });
    await arrived;
    const recorded = recordOf(gw.gate, 'withdrawn');
    const controller = new AbortController();
    const queued = placeOrder(agent, 'withdrawn', undefined, { signal: controller.signal });
    await agent.ping(); // the order has reached the gateway
    controller.abort();
    await expect(queued).rejects.toThrow();

    // Recorded while the slow call still holds the queue: withdrawn, not merely skipped later.
    const record = await recorded;
    figures.withdrawn++;
    expect(record).toMatchObject({ decision: 'cancelled', decidedBy: 'client', outcome: { status: 'not-forwarded' } });
    release(gw.gate);
    expect((await balance).isError).toBeFalsy();
    expectReached([]);
  });

  it('an order whose outcome cannot be known (the exchange died mid-call, or timed out) is recorded unknown and counts against the cap', async () => {
    const policy = { version: '1', default: 'deny', daily_notional_cap: CAP, tools: { add_order: {}, open_orders: {} } };
    // Dies: the process is killed once the order is inside it.
    const gw = await start(policy, { hold: ['add_order'] }, { upstreamCallTimeoutMs: 1000 });
    const agent = await gw.connect();
    const firstPid = gw.gate.status().upstream.pid!;
    const back = nextEvent(gw.gate.onDidChangeUpstream, (s) => s.state === 'ready' && s.pid !== firstPid);
    const died = await placeOrder(agent, 'died', undefined, { onprogress: () => process.kill(firstPid, 'SIGKILL') });
    expect(died.isError).toBe(true);
    expect(textOf(died as never)).toMatch(UNKNOWN);
    const { records } = await queryLog(join(gw.dataDir, 'calls'), { tool: 'add_order', limit: Infinity });
    expect(records[0]).toMatchObject({ decision: 'allowed', outcome: { status: 'unknown', message: expect.stringMatching(UNKNOWN) } });
    figures.unknownOutcomes++;
    await back;

    // Times out: the exchange holds it past the call timeout (it stays alive: it answers a ping).
    const timedOut = await placeOrder(agent, 'timed-out');
    expect(textOf(timedOut as never)).toMatch(/did not answer add_order within 1 s/);
    expect(textOf(timedOut as never)).toMatch(UNKNOWN);
    expect((await queryLog(join(gw.dataDir, 'calls'), { text: 'timed-out' })).records[0]).toMatchObject({ outcome: { status: 'unknown' } });
    figures.unknownOutcomes++;

    // Both count as placed: 1900 of 2000 used, so another 950 is refused.
    const next = await placeOrder(agent, 'next');
    expect(next.isError).toBe(true);
    expect(textOf(next as never)).toMatch(/Daily notional cap of 2\u202f000 USD would be exceeded: 1\u202f900 USD used today/);
    release(gw.gate); // the order that timed out was still in the exchange: it may well be placed
    expectReached(['died', 'timed-out']);
  });

  it('a pause stops an approved order queued behind a slow private call: it never reaches the exchange', async () => {
    const policy = { version: '1', default: 'deny', daily_notional_cap: CAP, tools: { add_order: { action: 'approve' }, account_balance: {}, open_orders: {} } };
    const gw = await start(policy, { hold: ['account_balance'] });
    const agent = await gw.connect();
    let balanceArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (balanceArrived = resolve));
    const balance = callTool(agent, 'account_balance', {}, { onprogress: () => balanceArrived() });
    await arrived;

    const held = nextEvent(gw.gate.approvals.onDidAdd);
    const queued = placeOrder(agent, 'queued');
    const { id } = await held;
    expect((await gw.control('approve', { id })).body).toMatchObject({ ok: true });
    // Approved, and waiting for the private queue; now the human pauses.
    expect((await gw.control('pause', {})).body).toMatchObject({ paused: true });
    release(gw.gate);

    const result = await queued;
    figures.refusedAtLastMoment++;
    expect(result.isError).toBe(true);
    expect(textOf(result as never)).toMatch(/Financial tools are paused/);
    expect((await balance).isError).toBeFalsy();
    expectReached([]);
    const { records } = await queryLog(join(gw.dataDir, 'calls'), { tool: 'add_order', limit: Infinity });
    expect(records).toEqual([expect.objectContaining({ rule: 'pause', outcome: { status: 'not-forwarded' }, reason: 'Financial tools are paused' })]);

    // Its share of the cap was given back: resumed, two orders of 950 still fit.
    await gw.control('resume', {});
    for (const next of ['after-1', 'after-2']) {
      const waiting = nextEvent(gw.gate.approvals.onDidAdd);
      const call = placeOrder(agent, next);
      expect((await gw.control('approve', { id: (await waiting).id })).body).toMatchObject({ ok: true });
      expect((await call).isError).toBeFalsy();
    }
    expectReached(['after-1', 'after-2']);
  });

  it('a call held for approval when the gateway is killed is recorded after the restart, as cancelled by the restart', async () => {
    figures.scenarios++;
    writeFileSync(join(dir, 'policy.json'), JSON.stringify({ version: '1', default: 'deny', tools: { add_order: { action: 'approve' } } }));
    let serve: ServeProcess | undefined = await spawnServe(dir);
    try {
      const agent = await serve.connect();
      let waiting!: () => void;
      const held = new Promise<void>((resolve) => (waiting = resolve));
      // The gateway tells a held call's agent that it waits for the user: it is held now.
      void placeOrder(agent, 'held-at-kill', undefined, { onprogress: () => waiting() }).catch(() => undefined);
      await held;
      serve.child.kill('SIGKILL');
      if (serve.child.exitCode === null && serve.child.signalCode === null) await once(serve.child, 'exit');
      await agent.close().catch(() => undefined);

      serve = await spawnServe(dir);
      const { records } = await queryLog(join(dir, 'calls'), { limit: Infinity });
      expect(records).toEqual([expect.objectContaining({ tool: 'add_order', decision: 'cancelled', decidedBy: 'restart', outcome: { status: 'not-forwarded' } })]);
      expect(records[0]!.arguments.cl_ord_id).toBe('held-at-kill');
      figures.heldRecoveredAfterKill++;
    } finally {
      serve?.child.kill('SIGKILL');
    }
  }, 90_000); // two starts of `kraken-gate serve` from source: slow on a loaded machine
});
