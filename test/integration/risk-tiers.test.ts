// Each held order weighed in the core (issue 23, part 2), through the real gateway and the paper
// account (10 000 USD, 0.5 XBT; XBT/USD at 50 000): the tier every surface gets, and what the
// approval itself enforces whichever surface sends it.
import { afterEach, describe, expect, it } from 'vitest';
import { PaperExchange } from '../../main/paper/exchange.js';
import { paperCommand } from '../../main/paper/command.js';
import { createPaperServer } from '../../main/paper/server.js';
import type { GateEvent, PendingApproval } from '../../preload/api.js';
import { callTool, nextEvent, nextPending, startTestGateway, textOf, type TestGateway } from '../helpers/gateway.js';

const buy = (volume: number, price: string) => ({ pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume, price, validate: false });
const plain = (text: string) => text.replace(/\u202f/g, ' ');

describe('risk tiers of held orders', () => {
  let gw: TestGateway | undefined;
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
  });

  async function hold(args: Record<string, unknown>) {
    const agent = await gw!.connect();
    const held = nextPending(gw!.gate, 'add_order');
    const call = callTool(agent, 'add_order', args);
    return { pending: await held, call };
  }

  it('a 98 USD order is normal: one step', async () => {
    gw = await startTestGateway({ presence: 'off' });
    const { pending, call } = await hold(buy(0.00196, '50000'));
    expect(pending.risk).toEqual({ tier: 'normal', reasons: [] });
    expect((await gw.control('approve', { id: pending.id })).body).toMatchObject({ ok: true, decision: 'approved' });
    expect((await call).isError).toBeFalsy();
  });

  it('a limit 60 % above the ask is unusual: approved only with the typed confirmation', async () => {
    gw = await startTestGateway({ presence: 'off' });
    const { pending, call } = await hold(buy(0.01, '80000'));
    expect(pending.risk?.tier).toBe('unusual');
    expect(plain(pending.risk!.reasons.join())).toBe('fills at once, 60 % above the ask (50 000 USD)');
    const plainApprove = await gw.control('approve', { id: pending.id });
    expect(plainApprove.body).toMatchObject({ ok: false, error: 'needs-confirmation' });
    expect(plain((plainApprove.body as { message: string }).message)).toBe(`${pending.id} is unusual: fills at once, 60 % above the ask (50 000 USD). Approve it only after typing CONFIRM. It is still waiting.`);
    expect((await gw.control('pending', {})).body).toHaveLength(1);
    expect((await gw.control('approve', { id: pending.id, confirmRisk: true })).body).toMatchObject({ ok: true, decision: 'approved' });
    expect((await call).isError).toBeFalsy();
  });

  it('follows the thresholds in settings: with 100 % allowed past the market, the same order is normal', async () => {
    gw = await startTestGateway({ presence: 'off' });
    const saved = await gw.control('updateSettings', { changes: { riskThresholds: { distancePercent: 100, dailyCapPercent: 50, balancePercent: 90 } } });
    expect(saved.body).toMatchObject({ ok: true });
    const { pending, call } = await hold(buy(0.01, '80000'));
    expect(pending.risk).toEqual({ tier: 'normal', reasons: [] });
    await gw.control('deny', { id: pending.id });
    await call;
  });

  it('a market order shows bid, ask and spread, and its fill estimated from the order book with the taker fee', async () => {
    gw = await startTestGateway({ presence: 'off' });
    const { pending, call } = await hold({ pair: 'XBTUSD', side: 'buy', ordertype: 'market', volume: 0.05, validate: false });
    const field = (label: string) => plain(pending.summary.fields.find((f) => f.label === label)?.value ?? '');
    expect(field('Bid / ask')).toBe('49 999.9 / 50 000 USD, spread 0.1 (0.0002 %)');
    expect(field('Estimated fill')).toMatch(/^≈ 50 00\d(\.\d+)? USD average, 0\.\d\d % past the touch; fee ≈ 10 USD \(Kraken's 0\.40 % taker fee, an estimate\)$/);
    await gw.control('deny', { id: pending.id });
    await call;
  });

  it('a 25 000 USD buy on a 10 000 USD balance is blocked: no surface can approve it, the person can deny it', async () => {
    gw = await startTestGateway({ presence: 'off' });
    const { pending, call } = await hold(buy(0.5, '50000'));
    expect(plain(pending.risk!.reasons[0]!)).toBe('needs ≈ 25 000 USD; the account holds 10 000 USD');
    expect(pending.risk?.tier).toBe('blocked');
    for (const input of [{ id: pending.id }, { id: pending.id, confirmRisk: true }]) {
      expect((await gw.control('approve', input)).body).toMatchObject({ ok: false, error: 'blocked' });
    }
    expect((await gw.control('deny', { id: pending.id })).body).toMatchObject({ ok: true, decision: 'rejected' });
    expect(textOf(await call)).toMatch(/Rejected by the user|Denied/);
  });
});

describe('a waiting card priced again', () => {
  let gw: TestGateway | undefined;
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
  });

  it('reads the market again while an order waits: the card, its worth and its tier follow the price, its arguments never change', async () => {
    const exchange = new PaperExchange();
    gw = await startTestGateway({
      presence: 'off',
      exchange: 'paper',
      upstream: { ...paperCommand(), inProcess: { label: 'paper (test)', connect: (t) => createPaperServer(exchange).connect(t) } },
    });
    const agent = await gw.connect();
    const held = nextPending(gw.gate, 'add_order');
    const call = callTool(agent, 'add_order', buy(0.01, '80000'));
    const pending = await held;
    expect(pending.risk?.tier).toBe('unusual');
    exchange.setPrice('XBTUSD', 79_500);
    const updated = nextEvent(gw.gate.onDidChange, (e) => e.type === 'pending-updated');
    await gw.gate.pricing.reprice();
    const event = (await updated) as Extract<GateEvent, { type: 'pending-updated' }>;
    expect(event.pending).toMatchObject({ id: pending.id, argsHash: pending.argsHash, risk: { tier: 'normal', reasons: [] }, price: { value: 79_500 } });
    const listed = (await gw.control('pending', {})).body as PendingApproval[];
    expect(plain(listed[0]!.summary.fields.find((f) => f.label === 'Market price')!.value)).toMatch(/^79 500 USD/);
    // The order is normal now: one step approves it, bound to the same arguments.
    expect((await gw.control('approve', { id: pending.id, argsHash: pending.argsHash })).body).toMatchObject({ ok: true });
    expect((await call).isError).toBeFalsy();
  });
});
