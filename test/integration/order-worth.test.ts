// Conditional orders valued at what they can cost, and amendments that grow an order counted
// (issue 27): a hostile agent against the real gateway and the paper exchange (XBT/USD at 50 000,
// which fires a stop-loss or take-profit whose trigger the market has passed at once, as Kraken
// does). What the exchange holds is read from its side.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { callTool, nextPending, startTestGateway, textOf, type TestGateway } from '../helpers/gateway.js';

const plain = (text: string) => text.replace(/\u202f/g, ' ');
const order = (side: string, ordertype: string, volume: number, price?: string, price2?: string) => ({
  pair: 'XBTUSD',
  side,
  ordertype,
  volume,
  ...(price !== undefined && { price }),
  ...(price2 !== undefined && { price2 }),
  validate: false,
});

async function openOrders(agent: Client): Promise<Record<string, { vol: string; descr: { ordertype: string } }>> {
  return (JSON.parse(textOf(await callTool(agent, 'open_orders'))) as { open: Record<string, { vol: string; descr: { ordertype: string } }> }).open;
}

function txidOf(result: Awaited<ReturnType<typeof callTool>>): string {
  return (JSON.parse(textOf(result)) as { txid: string[] }).txid[0]!;
}

describe('every order type valued at the most it can cost', () => {
  let gw: TestGateway | undefined;
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
  });

  // [side, type, price, price2, worth in USD]: 0.015 XBT, the market at 50 000, max_notional 1 000.
  const ROWS: Array<[string, string, string | undefined, string | undefined, number]> = [
    ['buy', 'market', undefined, undefined, 750],
    ['buy', 'limit', '40000', undefined, 600],
    ['sell', 'limit', '1', undefined, 750], // a sell far below the market fills at the market
    ['sell', 'limit', '70000', undefined, 1050],
    ['buy', 'stop-loss', '1', undefined, 750], // the trigger of 1: fires at once, a market buy
    ['buy', 'stop-loss', '50000', undefined, 750],
    ['buy', 'stop-loss', '70000', undefined, 1050],
    ['sell', 'stop-loss', '1', undefined, 750],
    ['sell', 'stop-loss', '70000', undefined, 1050], // fires at once: a sell stop above the market
    ['buy', 'take-profit', '1', undefined, 750],
    ['buy', 'take-profit', '70000', undefined, 1050],
    ['sell', 'take-profit', '1', undefined, 750], // the sell take-profit of 1
    ['sell', 'take-profit', '70000', undefined, 1050],
    ['buy', 'stop-loss-limit', '1', '2', 0.03], // a buy limit of 2 never pays more than 2
    ['buy', 'stop-loss-limit', '70000', '70000', 1050],
    ['sell', 'stop-loss-limit', '1', '2', 750],
    ['buy', 'take-profit-limit', '40000', '41000', 615],
    ['sell', 'take-profit-limit', '70000', '69000', 1050],
    ['buy', 'trailing-stop', '+1000', undefined, 765],
    ['sell', 'trailing-stop', '+10%', undefined, 825],
    ['buy', 'trailing-stop-limit', '+1000', '+500', 772.5],
  ];

  it('refuses each type, side and trigger over max_notional, and lets the rest through', async () => {
    gw = await startTestGateway({ policy: { version: '1', default: 'allow', tools: { add_order: { action: 'allow', max_notional: 1000 } } } });
    const agent = await gw.connect();
    const tried: string[] = [];
    for (const [side, type, price, price2, worth] of ROWS) {
      const result = await callTool(agent, 'add_order', order(side, type, 0.015, price, price2));
      const text = plain(textOf(result));
      const row = `${side} ${type} ${price ?? ''} ${price2 ?? ''} → ${worth}`;
      tried.push(`${row}: ${text.slice(0, 40)}`);
      if (worth > 1000) expect(text, row).toMatch(new RegExp(`^Order worth ≈ ${worth.toLocaleString('en-US').replace(',', ' ')} USD .* exceeds the cap of 1 000 USD`));
      else expect(text, row).not.toMatch(/^Order worth|Cannot check/);
    }
    console.log(`[order worth] ${ROWS.length} orders tried:\n${tried.join('\n')}`);
  });

  it('says on the card that a trigger already met fires at once, as a market order, and what it costs', async () => {
    gw = await startTestGateway({ policy: { version: '1', default: 'allow', tools: { add_order: { action: 'approve', max_notional: 100_000 } } } });
    const agent = await gw.connect();
    const held = nextPending(gw.gate, 'add_order');
    const call = callTool(agent, 'add_order', order('buy', 'stop-loss', 0.15, '1'));
    const pending = await held;
    expect(plain(pending.summary.headline)).toMatch(/— fires at once: a market order of ≈ 7 500 USD$/);
    expect(pending.summary.worth).toMatchObject({ value: 7500, currency: 'USD', firesAtOnce: true });
    expect(pending.summary.fields).toContainEqual({ label: 'Trigger', value: 'already reached: the order fires at once, as a market order' });
    await gw.control('deny', { id: pending.id });
    await call;
  });
});

describe('amend_order counted by what it changes', () => {
  let gw: TestGateway | undefined;
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
  });

  const policy = {
    version: '1',
    default: 'allow',
    tools: { add_order: { action: 'allow', max_notional: 1000 }, amend_order: { action: 'allow', max_notional: 1000 } },
    daily_notional_cap: 2000,
  };
  /** What the gate has charged today, as it keeps it on disk for the next start. */
  function usedToday(): { total: number; currency: string } {
    const lines = readFileSync(join(gw!.dataDir, 'daily-notional.json'), 'utf8').trim().split('\n');
    return JSON.parse(lines.at(-1)!) as { total: number; currency: string };
  }

  it('charges an increase to the day, repeated amends once each, and never refunds a decrease', async () => {
    gw = await startTestGateway({ policy });
    const agent = await gw.connect();
    const txid = txidOf(await callTool(agent, 'add_order', order('buy', 'limit', 0.018, '40000'))); // 720 USD
    for (const qty of ['0.02', '0.022', '0.024']) {
      const amended = await callTool(agent, 'amend_order', { order_id: txid, order_qty: qty });
      expect(amended.isError, textOf(amended)).toBeFalsy();
    }
    expect((await openOrders(agent))[txid]?.vol).toBe('0.02400000');
    // 720 + 80 + 80 + 80 = 960: the size the order has now, counted once.
    const smaller = await callTool(agent, 'amend_order', { order_id: txid, order_qty: '0.01' });
    expect(smaller.isError).toBeFalsy();
    // The order shrank to 400 USD; the day keeps 960: a decrease is not refunded.
    expect(usedToday()).toMatchObject({ total: 960, currency: 'USD' });
  });

  it('refuses an amendment that makes the order bigger than max_notional, or the day bigger than the cap', async () => {
    gw = await startTestGateway({ policy });
    const agent = await gw.connect();
    const txid = txidOf(await callTool(agent, 'add_order', order('buy', 'limit', 0.018, '40000')));
    const huge = await callTool(agent, 'amend_order', { order_id: txid, order_qty: '0.03' }); // 1 200 USD
    expect(plain(textOf(huge))).toMatch(/^Order worth ≈ 1 200 USD \(now ≈ 720 USD, amended 0\.03 XBT × 40 000 USD\) exceeds the cap of 1 000 USD/);
    expect(txidOf(await callTool(agent, 'add_order', order('buy', 'limit', 0.025, '40000')))).toBeTruthy(); // 1 000
    expect(txidOf(await callTool(agent, 'add_order', order('buy', 'limit', 0.005, '40000')))).toBeTruthy(); // 200: 1 920 today
    const past = await callTool(agent, 'amend_order', { order_id: txid, limit_price: '46000', order_qty: '0.02' }); // 720 → 920: +200
    expect(plain(textOf(past))).toMatch(/^Daily notional cap of 2 000 USD would be exceeded: 1 920 USD used today, this amendment adds ≈ 200 USD \(now ≈ 720 USD, amended 0\.02 XBT × 46 000 USD\)\.$/);
    expect((await openOrders(agent))[txid]?.vol).toBe('0.01800000');
  });

  it('holds an amendment of an order it cannot see for the person, with the reason', async () => {
    gw = await startTestGateway({ policy });
    const agent = await gw.connect();
    const held = nextPending(gw.gate, 'amend_order');
    const call = callTool(agent, 'amend_order', { order_id: 'OGHOST-AAAAA-BBBBBB', order_qty: '5' });
    const pending = await held;
    expect(pending.rule?.reason).toBe('Cannot check the order against max_notional: the order OGHOST-AAAAA-BBBBBB is not among the open orders. A human must approve it.');
    await gw.control('deny', { id: pending.id });
    expect((await call).isError).toBe(true);
  });

  it('lets concurrent amendments never pass the daily cap', async () => {
    // Amendments may make the order up to 5 000 USD: only the daily cap stands in their way.
    gw = await startTestGateway({ policy: { ...policy, tools: { ...policy.tools, amend_order: { action: 'allow', max_notional: 5000 } } } });
    const agents = await Promise.all([0, 1, 2, 3, 4].map((i) => gw!.connect({ name: `agent-${i}` })));
    const txid = txidOf(await callTool(agents[0]!, 'add_order', order('buy', 'limit', 0.018, '40000'))); // 720
    const sizes = ['0.04', '0.045', '0.049', '0.042', '0.047']; // 1 600 … 1 960: each +880 … +1 240 over 720
    const results = await Promise.all(sizes.map((qty, i) => callTool(agents[i]!, 'amend_order', { order_id: txid, order_qty: qty })));
    const allowed = results.filter((r) => !r.isError);
    expect(allowed.length).toBeGreaterThanOrEqual(1);
    for (const r of results.filter((x) => x.isError)) expect(plain(textOf(r))).toMatch(/^Daily notional cap of 2 000 USD would be exceeded/);
    // Whatever size won, the day counts at least what the order is worth now, and never more than the cap.
    const size = Number((await openOrders(agents[0]!))[txid]!.vol);
    const { total } = usedToday();
    expect(total).toBeGreaterThanOrEqual(size * 40_000 - 1e-6);
    expect(total).toBeLessThanOrEqual(2000);
  });
});

describe('cancel and amend cards name the order they touch', () => {
  let gw: TestGateway | undefined;
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
  });

  it('shows the order on the book, and an amendment as old → new with its currency', async () => {
    gw = await startTestGateway({ policy: { version: '1', default: 'allow', tools: { add_order: { action: 'allow' }, cancel_order: { action: 'approve' }, amend_order: { action: 'approve' } } } });
    const agent = await gw.connect();
    const txid = txidOf(await callTool(agent, 'add_order', order('buy', 'limit', 0.018, '40000')));
    const field = (p: { summary: { fields: Array<{ label: string; value: string }> } }, label: string) => plain(p.summary.fields.find((f) => f.label === label)?.value ?? '');

    const amendHeld = nextPending(gw.gate, 'amend_order');
    const amend = callTool(agent, 'amend_order', { order_id: txid, order_qty: '0.024', limit_price: '45000' });
    const amendCard = await amendHeld;
    expect(field(amendCard, 'On the book')).toBe('buy 0.018 XBT on XBT/USD, limit 40 000 USD');
    expect(field(amendCard, 'Changes')).toBe('quantity 0.018 → 0.024 XBT; limit 40 000 → 45 000 USD');
    await gw.control('deny', { id: amendCard.id });
    await amend;

    const cancelHeld = nextPending(gw.gate, 'cancel_order');
    const cancel = callTool(agent, 'cancel_order', { txid_or_userref: txid });
    expect(field(await cancelHeld, 'On the book')).toBe('buy 0.018 XBT on XBT/USD, limit 40 000 USD');
    await gw.control('deny', { id: (await cancelHeld).id });
    await cancel;

    const ghostHeld = nextPending(gw.gate, 'cancel_order');
    const ghost = callTool(agent, 'cancel_order', { txid_or_userref: 'OGHOST-AAAAA-BBBBBB' });
    expect(field(await ghostHeld, 'On the book')).toBe('not among the open orders (filled, cancelled, or not this account’s)');
    await gw.control('deny', { id: (await ghostHeld).id });
    await ghost;
  });
});
