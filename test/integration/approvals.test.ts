// A call the policy holds for a human, end to end: the official SDK client → the real gateway →
// the control API over HTTP (as the CLI and the web UI use it) → the paper exchange over stdio.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryLog } from '../../main/gate/calllog/index.js';
import { balance, nextPending, nextRecord, openOrders, startTestGateway, textOf, type TestGateway } from '../helpers/gateway.js';

// Under the shipped default policy, an add_order with `validate: false` waits for the user.
const MARKET_BUY = { pair: 'XBTUSD', side: 'buy', ordertype: 'market', volume: 0.01, userref: 4242, validate: false };
// Rests far below the market, so if it were placed it would show in open_orders.
const LOW_LIMIT_BUY = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.02, price: '1000', validate: false };

describe('a held order, decided over the control API', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ progressIntervalMs: 50 });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('places the order once the user approves it, with exactly the arguments the user was shown', async () => {
    const client = await gw.connect({ name: 'trading-agent' });
    const before = await balance(client);
    const held = nextPending(gw.gate);
    const call = client.callTool({ name: 'add_order', arguments: MARKET_BUY });
    const pending = await held;

    const listed = await gw.control('pending', {});
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      expect.objectContaining({ id: pending.id, tool: 'add_order', arguments: MARKET_BUY, argsHash: pending.argsHash, client: 'trading-agent' }),
    ]);
    expect(listed.body[0]?.summary.headline).toMatch(/Buy 0\.01 XBT/i);

    const recorded = nextRecord(gw.gate, (r) => r.tool === 'add_order');
    const decided = await gw.control('approve', { id: pending.id, argsHash: pending.argsHash });
    expect(decided).toEqual({ status: 200, body: { ok: true, id: pending.id, decision: 'approved' } });

    const result = await call;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ descr: { order: 'buy 0.01000000 XBTUSD @ market' }, txid: [expect.any(String)] });
    const txid = (result.structuredContent as { txid: string[] }).txid[0]!;

    const after = await balance(client);
    expect(Number(after.XXBT) - Number(before.XXBT)).toBeCloseTo(0.01, 10);
    expect(Number(after.ZUSD)).toBeLessThan(Number(before.ZUSD));

    // What the exchange filled is what was shown: same pair, side, type, volume and userref.
    const closed = (await client.callTool({ name: 'closed_orders', arguments: {} })).structuredContent as { closed: Record<string, unknown> };
    expect(closed.closed[txid]).toMatchObject({ userref: 4242, vol: '0.01000000', descr: { pair: 'XBTUSD', type: 'buy', ordertype: 'market' } });

    const record = await recorded;
    expect(record).toMatchObject({ decision: 'approved', decidedBy: 'cli', arguments: MARKET_BUY, argsHash: pending.argsHash, outcome: { status: 'ok' } });
    expect((await gw.control('pending', {})).body).toEqual([]);
  });

  it("tells the agent the user's reason when the user denies, and places nothing", async () => {
    const client = await gw.connect();
    const balanceBefore = await balance(client);
    const ordersBefore = await openOrders(client);
    const held = nextPending(gw.gate);
    const call = client.callTool({ name: 'add_order', arguments: LOW_LIMIT_BUY });
    const pending = await held;

    const recorded = nextRecord(gw.gate, (r) => r.tool === 'add_order');
    const decided = await gw.control('deny', { id: pending.id, reason: 'not while I am away' });
    expect(decided.body).toEqual({ ok: true, id: pending.id, decision: 'rejected' });

    const result = await call;
    expect(result.isError).toBe(true);
    expect(textOf(result as never)).toBe('Denied by the user: not while I am away');
    expect(await openOrders(client)).toEqual(ordersBefore);
    expect(await balance(client)).toEqual(balanceBefore);
    expect(await recorded).toMatchObject({ decision: 'rejected', decidedBy: 'cli', reason: 'Denied by the user: not while I am away', outcome: { status: 'not-forwarded' } });
  });

  it('refuses to decide an unknown id, an id already decided, or arguments other than the ones shown', async () => {
    const unknown = await gw.control('approve', { id: 'no-such-call' });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({ ok: false, error: 'unknown-id', message: expect.stringMatching(/No call with id .* is waiting for approval/) });

    const client = await gw.connect();
    const held = nextPending(gw.gate);
    const call = client.callTool({ name: 'add_order', arguments: LOW_LIMIT_BUY });
    const pending = await held;

    const mismatch = await gw.control('approve', { id: pending.id, argsHash: '0'.repeat(64) });
    expect(mismatch.body).toMatchObject({ ok: false, error: 'args-mismatch', message: expect.stringContaining('not the ones shown') });
    expect(gw.gate.approvals.get(pending.id)).toBeDefined(); // still waiting

    expect((await gw.control('deny', { id: pending.id })).body).toMatchObject({ ok: true, decision: 'rejected' });
    expect(textOf((await call) as never)).toBe('Denied by the user.');

    const again = await gw.control('approve', { id: pending.id });
    expect(again.body).toEqual({
      ok: false,
      id: pending.id,
      error: 'already-decided',
      message: expect.stringMatching(new RegExp(`^${pending.id} was already decided: denied from the CLI at \\d\\d:\\d\\d:\\d\\d\\.$`)),
      decided: { decision: 'rejected', by: 'cli', at: expect.any(String) },
    });
  });

  it("answers 401 to the agent's own token on the control API, so an agent cannot approve its own call", async () => {
    const client = await gw.connect();
    const held = nextPending(gw.gate);
    const call = client.callTool({ name: 'add_order', arguments: LOW_LIMIT_BUY });
    const pending = await held;

    const withAgentToken = await gw.control('approve', { id: pending.id }, { token: gw.token });
    expect(withAgentToken.status).toBe(401);
    expect(withAgentToken.body).toEqual({ error: expect.stringContaining('control token') });
    expect((await gw.control('status', {}, { token: gw.token })).status).toBe(401);
    expect((await gw.control('status', {}, { token: '' })).status).toBe(401);
    expect(gw.gate.approvals.get(pending.id)).toBeDefined();

    await gw.control('deny', { id: pending.id });
    expect((await call).isError).toBe(true);
  });

  it('withdraws the approval when the agent aborts its request, and logs it as cancelled', async () => {
    const client = await gw.connect();
    const ordersBefore = await openOrders(client);
    const controller = new AbortController();
    const held = nextPending(gw.gate);
    const recorded = nextRecord(gw.gate, (r) => r.tool === 'add_order');
    const call = client.callTool({ name: 'add_order', arguments: LOW_LIMIT_BUY }, undefined, { signal: controller.signal });
    const pending = await held;

    controller.abort('the agent changed its mind');
    await expect(call).rejects.toThrow();

    expect(await recorded).toMatchObject({ decision: 'cancelled', decidedBy: 'client', outcome: { status: 'not-forwarded' } });
    expect((await gw.control('pending', {})).body).toEqual([]);
    expect((await gw.control('status', {})).body).toMatchObject({ pending: 0 });
    expect((await gw.control('approve', { id: pending.id })).body).toMatchObject({ ok: false, error: 'already-decided' });
    expect(await openOrders(client)).toEqual(ordersBefore);
  });

  it('withdraws the approval when the agent ends its session, over Streamable HTTP or legacy SSE', async () => {
    const endings = {
      // Streamable HTTP: the client ends the session with DELETE /mcp.
      'streamable-http': async (client: Client) => {
        await (client.transport as StreamableHTTPClientTransport).terminateSession();
        await client.close();
      },
      // Legacy SSE: the session is the event stream; closing it is the disconnect.
      sse: (client: Client) => client.close(),
    } as const;
    for (const [transport, end] of Object.entries(endings)) {
      const client = await gw.connect({ transport: transport as keyof typeof endings });
      const held = nextPending(gw.gate);
      const recorded = nextRecord(gw.gate, (r) => r.tool === 'add_order');
      const call = client.callTool({ name: 'add_order', arguments: LOW_LIMIT_BUY }).catch((error: unknown) => error);
      const pending = await held;

      await end(client);
      expect(await recorded, transport).toMatchObject({ decision: 'cancelled', decidedBy: 'client', outcome: { status: 'not-forwarded' } });
      expect(gw.gate.approvals.get(pending.id), transport).toBeUndefined();
      expect(await call, transport).toBeInstanceOf(Error);
    }
  });

  it("keeps an SDK client with a short timeout waiting: progress arrives while the call is held", async () => {
    const client = await gw.connect();
    const progress: Array<{ progress: number; total?: number; message?: string }> = [];
    let enough!: () => void;
    const tenTicks = new Promise<void>((resolve) => (enough = resolve));
    const held = nextPending(gw.gate);
    const startedAt = performance.now();
    // 10 ticks 50 ms apart outlast the 300 ms timeout several times over, unless progress resets it.
    const call = client.callTool({ name: 'add_order', arguments: { ...MARKET_BUY, userref: 7 } }, undefined, {
      onprogress: (p) => {
        progress.push(p);
        if (progress.length === 10) enough();
      },
      resetTimeoutOnProgress: true,
      timeout: 300,
    });
    const pending = await held;
    await tenTicks;
    expect(performance.now() - startedAt).toBeGreaterThan(300);

    await gw.control('approve', { id: pending.id });
    const result = await call;
    expect(result.isError).toBeFalsy();
    expect(progress[0]).toMatchObject({ total: 120, message: expect.stringMatching(/^Waiting for the user's approval \(\d+ s left\)$/) });
    const values = progress.map((p) => p.progress);
    expect(values).toEqual([...values].sort((a, b) => a - b));
  });
});

describe('an approval nobody answers', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ approvalTimeoutMs: 300 });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('times out with a reason the agent can read, and is logged expired, never rejected', async () => {
    const client = await gw.connect();
    const ordersBefore = await openOrders(client);
    const recorded = nextRecord(gw.gate, (r) => r.tool === 'add_order');
    const result = await client.callTool({ name: 'add_order', arguments: LOW_LIMIT_BUY });

    expect(result.isError).toBe(true);
    expect(textOf(result as never)).toBe('Approval timed out after 0.3 s');
    const record = await recorded;
    expect(record).toMatchObject({ decision: 'expired', decidedBy: 'timeout', reason: 'Approval timed out after 0.3 s', outcome: { status: 'not-forwarded' } });
    expect(record.waitedMs).toBeGreaterThanOrEqual(290);

    const logged = await queryLog(gw.gate.log.dir, { tool: 'add_order' });
    expect(logged.records.map((r) => r.decision)).toEqual(['expired']);
    expect(await openOrders(client)).toEqual(ordersBefore);
    expect((await gw.control('pending', {})).body).toEqual([]);
  });
});
