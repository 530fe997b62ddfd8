// The gate's own market reads, against the real paper exchange's tool answers (Kraken's shapes):
// what is read once and kept, what is read again, and what a failed read leaves for the valuation.
import { describe, expect, it } from 'vitest';
import { valueOrder, type OrderWorth } from '../../../main/gate/policy/index.js';
import type { ToolResult } from '../../../main/gate/types.js';
import { MarketReader, marketQuote, type ToolCaller } from '../../../main/gate/upstream/market-data.js';
import { callPaperTool } from '../../../main/paper/call-tool.js';
import { PaperExchange } from '../../../main/paper/exchange.js';

function paperCaller(exchange = new PaperExchange()) {
  const calls: string[] = [];
  const failing = new Set<string>();
  const caller: ToolCaller = {
    callTool: async (name, args) => {
      calls.push(`${name}${args.pairs ? ` ${String(args.pairs)}` : ''}`);
      if (failing.has(name)) return { content: [{ type: 'text', text: `Error calling tool '${name}': EService:Unavailable` }], isError: true };
      return callPaperTool(exchange, name, args) as ToolResult;
    },
  };
  return { caller, calls, failing, exchange };
}

const ethXbt = { tool: 'add_order', arguments: { pair: 'ETHXBT', side: 'buy', ordertype: 'limit', volume: 100, price: '0.05', validate: false } };

describe('MarketReader', () => {
  it('reads the pair list once and the order pair with its conversion pair in one ticker read, kept a few seconds', async () => {
    let now = 1_000_000;
    const { caller, calls } = paperCaller();
    const reader = new MarketReader(caller, () => 'paper exchange ticker', { now: () => now });
    const facts = await reader.factsFor(ethXbt, 'USD');
    expect(calls).toEqual(['tradable_asset_pairs', 'ticker XETHXXBT,XXBTZUSD']);
    expect(valueOrder('add_order', ethXbt.arguments, facts, 'USD')).toMatchObject({ ok: true, value: 250_000 });
    expect(marketQuote(facts, ethXbt)).toMatchObject({ value: 0.06, source: 'paper exchange ticker', pair: 'ETHXBT' });
    now += 4_000;
    await reader.factsFor(ethXbt, 'USD');
    expect(calls).toHaveLength(2); // nothing read again within 5 s
    now += 2_000;
    await reader.factsFor(ethXbt, 'USD');
    expect(calls).toEqual(['tradable_asset_pairs', 'ticker XETHXXBT,XXBTZUSD', 'ticker XETHXXBT,XXBTZUSD']);
  });

  it('leaves the reason in the facts when the ticker fails, and the order cannot be valued without it', async () => {
    const { caller, failing } = paperCaller();
    failing.add('ticker');
    const facts = await new MarketReader(caller, () => 'Kraken ticker').factsFor(ethXbt, 'USD');
    expect(facts.problem).toBe("the ticker could not be read: Error calling tool 'ticker': EService:Unavailable");
    const worth = valueOrder('add_order', ethXbt.arguments, facts, 'USD') as OrderWorth;
    expect(worth).toEqual({ ok: false, reason: "cannot value ETH/XBT in USD: no price for XBT/USD (the ticker could not be read: Error calling tool 'ticker': EService:Unavailable)" });
  });

  it('does not value with a price past its age when a fresh read fails', async () => {
    let now = 1_000_000;
    const { caller, failing } = paperCaller();
    const reader = new MarketReader(caller, () => 'Kraken ticker', { now: () => now });
    await reader.factsFor(ethXbt, 'USD');
    now += 60_000;
    failing.add('ticker');
    const stale = await reader.factsFor(ethXbt, 'USD');
    expect(stale.touches.size).toBe(0);
    expect(valueOrder('add_order', ethXbt.arguments, stale, 'USD')).toMatchObject({ ok: false });
  });

  it('finds the order an amendment names among the open orders, by txid or client id', async () => {
    const { caller, exchange } = paperCaller();
    const placed = exchange.addOrder({ pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.018, price: '40000', cl_ord_id: 'mine-1', validate: false });
    const txid = (placed.txid as string[])[0]!;
    const reader = new MarketReader(caller, () => 'paper exchange ticker');
    const amend = { tool: 'amend_order', arguments: { cl_ord_id: 'mine-1', order_qty: '0.024' } };
    const facts = await reader.factsFor(amend, 'USD');
    expect(facts.orders?.get(txid)).toMatchObject({ id: txid, clOrdId: 'mine-1', pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.018, price: '40000.0' });
    expect(valueOrder('amend_order', amend.arguments, facts, 'USD')).toMatchObject({ ok: true, value: 960, charge: 240 });
  });
});
