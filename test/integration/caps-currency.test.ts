// Caps in one currency (issue 26), through the real gateway, an SDK agent and the paper exchange,
// which lists Kraken's XBT-, EUR-, JPY- and USDT-quoted pairs (prices: XBT 50 000 USD, ETH/XBT
// 0.06, XBT/EUR 46 000, EUR/USD 1.087, XBT/JPY 7 500 000, USD/JPY 150, ETH/USDT 3 000, USDT/USD 1).
// What reached the exchange is read from its side: its open orders and balances.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { queryLog } from '../../main/gate/calllog/index.js';
import { callTool, nextPending, startTestGateway, textOf, type TestGateway } from '../helpers/gateway.js';

const policy = (extra: Record<string, unknown> = {}) => ({
  version: '1',
  default: 'allow',
  tools: { add_order: { action: 'allow', max_notional: 1000 } },
  daily_notional_cap: 2000,
  ...extra,
});
const real = (pair: string, side: string, volume: number, price: string) => ({ pair, side, ordertype: 'limit', volume, price, validate: false });
const plain = (text: string) => text.replace(/\u202f/g, ' ');

async function openCount(agent: Client): Promise<number> {
  const result = await callTool(agent, 'open_orders');
  return Object.keys((JSON.parse(textOf(result)) as { open: object }).open).length;
}

describe('caps in one currency', () => {
  let gw: TestGateway | undefined;
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
  });

  it('counts an ETH/XBT order at what its XBT is worth in USD, so "use the XBT pair" no longer walks past the cap', async () => {
    gw = await startTestGateway({ policy: policy() });
    const agent = await gw.connect();
    // 100 ETH at 0.05 XBT is 5 XBT, some 250 000 USD: the gate used to count it as 5.
    const refused = await callTool(agent, 'add_order', real('ETHXBT', 'buy', 100, '0.05'));
    expect(refused.isError).toBe(true);
    expect(plain(textOf(refused))).toMatch(
      /^Order worth ≈ 250 000 USD \(100 ETH × 0\.05 XBT = 5 XBT; XBT\/USD 50 000; paper exchange ticker \d\d:\d\d:\d\d\) exceeds the cap of 1 000 USD; reduce the volume\.$/,
    );
    expect(await openCount(agent)).toBe(0);
    // A JPY-quoted order is no longer over-counted 150×: 0.001 XBT at 7 500 000 JPY is some 50 USD.
    const yen = await callTool(agent, 'add_order', real('XBTJPY', 'sell', 0.001, '7600000'));
    expect(yen.isError).toBeFalsy();
    expect(await openCount(agent)).toBe(1);
    const [record] = (await queryLog(gw.gate.log.dir, { tool: 'add_order', limit: 1 })).records;
    expect(record).toMatchObject({ decision: 'allowed', outcome: { status: 'ok' } });
    // The log keeps what the order counted as, and from what.
    expect(plain(record!.worth!)).toMatch(/^≈ 50\.67 USD \(0\.001 XBT × 7 600 000 JPY = 7 600 JPY; USD\/JPY 149\.999; paper exchange ticker \d\d:\d\d:\d\d\)$/);
  });

  it('keeps the daily total in USD across XBT-, EUR-, JPY- and USDT-quoted orders, and refuses the one past the cap', async () => {
    gw = await startTestGateway({ policy: policy() });
    const agent = await gw.connect();
    // Each ≈ 600 USD, sells of the paper account's XBT and ETH, resting above the market.
    const orders = [
      real('XBTEUR', 'sell', 0.012, '46000'), // 552 EUR × 1.087
      real('ETHXBT', 'sell', 0.2, '0.06'), // 0.012 XBT × 50 000
      real('ETHUSDT', 'sell', 0.2, '3000'), // 600 USDT × 1
    ];
    for (const args of orders) expect((await callTool(agent, 'add_order', args)).isError).toBeFalsy();
    const fourth = await callTool(agent, 'add_order', real('XBTJPY', 'sell', 0.012, '7500000')); // 90 000 JPY ÷ 150
    expect(fourth.isError).toBe(true);
    expect(plain(textOf(fourth))).toMatch(/^Daily notional cap of 2 000 USD would be exceeded: 1 800 USD used today, this order ≈ 600 USD \(0\.012 XBT × 7 500 000 JPY = 90 000 JPY; USD\/JPY 149\.999; paper exchange ticker \d\d:\d\d:\d\d\)\.$/);
    expect(await openCount(agent)).toBe(3);
  });

  it('lets concurrent orders in mixed quote currencies never pass the daily cap together', async () => {
    gw = await startTestGateway({ policy: policy() });
    const agents = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => gw!.connect({ name: `agent-${i}` })));
    const orders = [
      real('XBTEUR', 'sell', 0.012, '46000'),
      real('ETHXBT', 'sell', 0.2, '0.06'),
      real('ETHUSDT', 'sell', 0.2, '3000'),
      real('XBTJPY', 'sell', 0.012, '7500000'),
      real('XBTEUR', 'sell', 0.012, '46100'),
      real('ETHXBT', 'sell', 0.2, '0.061'),
    ];
    const results = await Promise.all(orders.map((args, i) => callTool(agents[i]!, 'add_order', args)));
    const placed = results.filter((r) => !r.isError);
    expect(placed).toHaveLength(3); // 3 × ≈ 600 fit under 2 000 USD, a fourth would not
    for (const r of results.filter((x) => x.isError)) expect(plain(textOf(r))).toMatch(/^Daily notional cap of 2 000 USD would be exceeded/);
    expect(await openCount(agents[0]!)).toBe(3);
  });

  it('counts in the currency the policy names (cap_currency EUR)', async () => {
    gw = await startTestGateway({ policy: policy({ cap_currency: 'EUR' }) });
    const agent = await gw.connect();
    // 1 050 USD is ≈ 966 EUR: under a cap of 1 000 EUR (it would be over 1 000 USD).
    const within = await callTool(agent, 'add_order', real('XBTUSD', 'buy', 0.021, '50000'));
    expect(within.isError).toBeFalsy();
    const over = await callTool(agent, 'add_order', real('XBTUSD', 'buy', 0.03, '1000')); // 30 USD, fine
    expect(over.isError).toBeFalsy();
    const big = await callTool(agent, 'add_order', real('XBTEUR', 'sell', 0.03, '46000'));
    expect(plain(textOf(big))).toMatch(/^Order worth ≈ 1 380 EUR \(0\.03 XBT × 46 000 EUR; paper exchange ticker \d\d:\d\d:\d\d\) exceeds the cap of 1 000 EUR/);
  });

  it('holds an order it cannot value for the person, with the reason on the card, and places nothing unasked', async () => {
    // The paper exchange lists no GBP pair: nothing converts into GBP.
    gw = await startTestGateway({ policy: policy({ cap_currency: 'GBP' }) });
    const agent = await gw.connect();
    const held = nextPending(gw.gate, 'add_order');
    const call = callTool(agent, 'add_order', real('XBTUSD', 'buy', 0.001, '40000'));
    const pending = await held;
    expect(pending.rule?.reason).toBe(
      'Cannot check the order against max_notional: cannot value XBT/USD in GBP: no pair the exchange lists converts USD into GBP. A human must approve it.',
    );
    const listed = (await gw.control('pending', {})).body as Array<{ summary: { fields: Array<{ label: string; value: string }> } }>;
    expect(listed[0]!.summary.fields).toContainEqual({ label: 'Worth', value: 'cannot be valued: cannot value XBT/USD in GBP: no pair the exchange lists converts USD into GBP' });
    await gw.control('deny', { id: pending.id });
    expect((await call).isError).toBe(true);
    expect(await openCount(agent)).toBe(0);
  });

  it('shows the converted value and its source on the held card, in `pending` and in the notification text', async () => {
    gw = await startTestGateway({ policy: { ...policy(), tools: { add_order: { action: 'approve', max_notional: 1000 } } } });
    const agent = await gw.connect();
    const held = nextPending(gw.gate, 'add_order');
    const call = callTool(agent, 'add_order', real('ETHXBT', 'sell', 0.2, '0.06'));
    const pending = await held;
    expect(pending.summary.worth).toMatchObject({ value: 600, currency: 'USD' });
    const worth = pending.summary.fields.find((f) => f.label === 'Worth')!.value;
    expect(plain(worth)).toMatch(/^≈ 600 USD \(0\.2 ETH × 0\.06 XBT = 0\.012 XBT; XBT\/USD 50 000; paper exchange ticker \d\d:\d\d:\d\d\)$/);
    await gw.control('approve', { id: pending.id, argsHash: pending.argsHash });
    expect((await call).isError).toBeFalsy();
  });
});
