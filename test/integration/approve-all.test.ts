// Approve all (design rule 10) through the real gateway, SDK agents and the paper exchange: the calls
// a surface showed are approved together with one proof, or none of them, and each is sent and
// recorded as if approved on its own; the daily cap is checked for the batch as a whole.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../main/gate/calllog/index.js';
import type { PendingApproval } from '../../main/gate/approvals/index.js';
import { kgInProcess } from '../helpers/cli-in-process.js';
import { callTool, nextPending, startTestGateway, textOf, type TestGateway } from '../helpers/gateway.js';
import { testAuthenticator } from '../helpers/presence.js';

// Every add_order waits for a person; a day may place 1 000 USD of orders.
const POLICY = { version: '1', default: 'allow', daily_notional_cap: 1000, tools: { add_order: { action: 'approve' } } };
const buy = (volume: number, price = '50000') => ({ pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume, price, validate: false });

/** Records appended from now on, to read once the calls are answered. */
function recorder(gw: TestGateway): { records: CallRecord[]; stop: () => void } {
  const records: CallRecord[] = [];
  return { records, stop: gw.gate.onDidRecord((r) => void records.push(r)) };
}

describe('Approve all', () => {
  let gw: TestGateway;
  const calls: Array<Promise<unknown>> = [];
  beforeAll(async () => {
    gw = await startTestGateway({ policy: POLICY });
  });
  afterEach(async () => {
    for (const p of gw.gate.approvals.pending()) gw.gate.approvals.decide(p.id, { approve: false, by: 'cli' });
    await Promise.allSettled(calls.splice(0));
  });
  afterAll(async () => {
    await gw?.close();
  });

  async function hold(agentName: string, args: Record<string, unknown>): Promise<{ pending: PendingApproval; call: ReturnType<typeof callTool> }> {
    const agent = await gw.connect({ name: agentName });
    const held = nextPending(gw.gate, 'add_order');
    const call = callTool(agent, 'add_order', args);
    calls.push(call);
    return { pending: await held, call };
  }
  const shown = (held: Array<{ pending: PendingApproval }>) => held.map(({ pending }) => ({ id: pending.id, argsHash: pending.argsHash }));

  it('approves every call shown, from several agents: each is sent, answered and recorded as approved on its own, and one record says they were approved together', async () => {
    const held = [await hold('claude-code', buy(0.002)), await hold('cursor', buy(0.003)), await hold('claude-code', buy(0.004))];
    expect(held.map(({ pending }) => pending.risk?.tier)).toEqual(['normal', 'normal', 'normal']);
    const log = recorder(gw);
    const answer = await gw.control('approveAll', { calls: shown(held) });
    expect(answer.body).toEqual({ ok: true, approved: held.map(({ pending }) => pending.id), stillWaiting: [], message: expect.stringMatching(/^Approved 3 orders: /) });
    for (const { call } of held) expect(textOf((await call) as never)).toMatch(/O[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{6}/);
    log.stop();
    const orders = log.records.filter((r) => r.tool === 'add_order');
    expect(orders.map((r) => r.approvalId).sort()).toEqual(held.map(({ pending }) => pending.id).sort());
    for (const record of orders) expect(record).toMatchObject({ decision: 'approved', decidedBy: 'cli', presence: 'not-required', outcome: { status: 'ok' } });
    // The hash recorded is the one the surface showed.
    expect(orders.map((r) => r.argsHash).sort()).toEqual(held.map(({ pending }) => pending.argsHash).sort());
    expect(log.records.find((r) => r.tool === 'kraken-gate/approve-all')).toMatchObject({ decision: 'allowed', decidedBy: 'cli', arguments: { approved: held.map(({ pending }) => pending.id) } });
    expect(gw.gate.today().used).toBe(450);
  });

  it('approves none when one is unusual, and says which and why; the others still wait', async () => {
    const normal = await hold('claude-code', buy(0.001));
    const odd = await hold('claude-code', buy(0.001, '80000'));
    expect(odd.pending.risk?.tier).toBe('unusual');
    const answer = await gw.control('approveAll', { calls: shown([normal, odd]) });
    expect(answer.body).toMatchObject({ ok: false, blockers: [{ id: odd.pending.id, reason: expect.stringMatching(/^unusual: fills at once, 60 % above the ask/) }] });
    expect((answer.body as { message: string }).message).toMatch(new RegExp(`^Nothing was approved: ${odd.pending.id}: unusual: .+\\. Decide it on its own\\.$`));
    expect(gw.gate.approvals.pending().map((p) => p.id)).toEqual([normal.pending.id, odd.pending.id]);
  });

  it('approves none when a call shown is no longer the one waiting; a call that arrived meanwhile is left waiting', async () => {
    const first = await hold('claude-code', buy(0.001));
    const second = await hold('claude-code', buy(0.0011));
    const changed = await gw.control('approveAll', { calls: [shown([first])[0]!, { id: second.pending.id, argsHash: first.pending.argsHash }] });
    expect(changed.body).toMatchObject({ ok: false, blockers: [{ id: second.pending.id, reason: 'its arguments are not the ones shown' }] });
    const late = await hold('cursor', buy(0.0012));
    const answer = await gw.control('approveAll', { calls: shown([first, second]) });
    expect(answer.body).toMatchObject({ ok: true, approved: [first.pending.id, second.pending.id], stillWaiting: [late.pending.id] });
    expect((answer.body as { message: string }).message).toMatch(/ 1 call that arrived since is still waiting\.$/);
    expect(gw.gate.approvals.pending().map((p) => p.id)).toEqual([late.pending.id]);
  });

  it('checks the daily cap for the batch: over it, none is approved and nothing of the cap is taken', async () => {
    const before = gw.gate.today().used!;
    // Each order is worth 40 % of what is left of today's cap: two fit, the third does not.
    const volume = Math.floor(((1000 - before) * 0.4 * 1e8) / 50_000) / 1e8;
    const held = [await hold('claude-code', buy(volume)), await hold('claude-code', buy(volume)), await hold('claude-code', buy(volume))];
    const answer = await gw.control('approveAll', { calls: shown(held) });
    expect(answer.body).toMatchObject({ ok: false, blockers: [{ id: held[2]!.pending.id, reason: expect.stringMatching(/^Daily notional cap of 1\s000 USD would be exceeded/) }] });
    expect(gw.gate.approvals.pending()).toHaveLength(3);
    expect(gw.gate.today().used).toBe(before);
  });

  it('kraken-gate approve --all: the calls in words, a question (--yes without a terminal), or none and why', async () => {
    const held = [await hold('claude-code', buy(0.001)), await hold('cursor', buy(0.001))];
    const unasked = await kgInProcess('approve', '--all', '--data-dir', gw.dataDir);
    expect(unasked.code).toBe(1);
    expect(unasked.stderr.replace(/\u202f/g, ' ')).toContain('Approve all 2 orders (≈ 100 USD in all)? Nothing was approved: answer at a terminal, or add --yes.');
    expect(gw.gate.approvals.pending()).toHaveLength(2);

    const run = await kgInProcess('approve', '--all', '--yes', '--data-dir', gw.dataDir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`${held[0]!.pending.id}  Buy 0.001 XBT/USD`);
    expect(run.stdout).toMatch(/Approved 2 orders: /);
    for (const { call } of held) expect((await call as { isError?: boolean }).isError).toBeFalsy();

    const odd = await hold('claude-code', buy(0.001, '80000'));
    await hold('claude-code', buy(0.001));
    const refused = await kgInProcess('approve', '--all', '--yes', '--data-dir', gw.dataDir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`kraken-gate: Nothing was approved: ${odd.pending.id}: unusual: `);
    expect((await kgInProcess('approve', 'K7Q2M9XD', '--all', '--data-dir', gw.dataDir)).stderr).toContain('--all approves every waiting call as it is: give no id and no changes');
  });
});

describe('Approve all with presence required', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-approve-all-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('takes one code for the batch, and records each order with it', async () => {
    const auth = testAuthenticator(dataDir);
    const gw = await startTestGateway({ dataDir, policy: POLICY, presence: 'always', withPresence: auth.presence });
    auth.setup();
    try {
      const agent = await gw.connect({ name: 'claude-code' });
      const held: PendingApproval[] = [];
      const calls = [];
      for (const volume of [0.001, 0.002]) {
        const next = nextPending(gw.gate, 'add_order');
        calls.push(callTool(agent, 'add_order', buy(volume)));
        held.push(await next);
      }
      const batch = held.map((p) => ({ id: p.id, argsHash: p.argsHash }));
      const refused = await gw.control('approveAll', { calls: batch });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: 'presence-required', reason: 'no-code' });
      expect(gw.gate.approvals.pending()).toHaveLength(2);
      const log = recorder(gw);
      expect((await gw.control('approveAll', { calls: batch, code: auth.code() })).body).toMatchObject({ ok: true });
      await Promise.all(calls);
      log.stop();
      expect(log.records.filter((r) => r.tool === 'add_order').map((r) => r.presence)).toEqual(['code', 'code']);
      expect(log.records.find((r) => r.tool === 'kraken-gate/approve-all')).toMatchObject({ presence: 'code' });
    } finally {
      await gw.close();
    }
  });
});
