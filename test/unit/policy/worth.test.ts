import { describe, expect, it } from 'vitest';
import { describeWorth, routeBetween, valueOrder, type MarketFacts, type OrderWorth } from '../../../main/gate/policy/index.js';
import { market, plain } from './fixtures.js';

// Prices that agree with each other: XBT 50 000 USD, ETH 3 000 USD, EUR 1.087 USD, USD 150 JPY.
const PRICES = {
  XXBTZUSD: 50_000,
  XETHZUSD: 3_000,
  XETHXXBT: 0.06,
  XXBTZEUR: 46_000,
  ZEURZUSD: 1.087,
  XXBTZJPY: 7_500_000,
  ZUSDZJPY: 150,
  ETHUSDT: 3_001,
  USDTZUSD: 1.0002,
  SOLGBP: 120,
};
const facts = market(PRICES);
const order = (pair: string, volume: number, price: string, side = 'buy') => ({ pair, side, ordertype: 'limit', volume, price, validate: false });
const worth = (args: Record<string, unknown>, cap = 'USD', at: MarketFacts = facts): OrderWorth => valueOrder('add_order', args, at, cap) as OrderWorth;
const value = (args: Record<string, unknown>, cap = 'USD', at: MarketFacts = facts) => {
  const w = worth(args, cap, at);
  return w.ok ? Math.round(w.value) : w.reason;
};

describe('an order valued in the cap currency', () => {
  it('counts an order quoted in XBT at what the XBT is worth in USD', () => {
    // 100 ETH at 0.05 XBT = 5 XBT, at 50 000 USD: the order the daily cap of 2 000 used to count as 5.
    expect(value(order('ETHXBT', 100, '0.05'))).toBe(250_000);
    const w = worth(order('ETH/XBT', 100, '0.05'));
    expect(w.ok && plain(describeWorth(w))).toBe('≈ 250 000 USD (100 ETH × 0.05 XBT = 5 XBT; XBT/USD 50 000; paper exchange ticker 12:03:04)');
  });

  it('converts EUR, JPY and USDT quotes, erring high at each step', () => {
    expect(value(order('XBTEUR', 1, '45000'))).toBe(Math.round(45_000 * 1.087));
    expect(value(order('XBTJPY', 0.01, '7500000'))).toBe(500); // 75 000 JPY ÷ 150
    expect(value(order('ETHUSDT', 1, '3001'))).toBe(Math.round(3001 * 1.0002));
    const spread = market({ ...PRICES, ZUSDZJPY: { bid: 149, ask: 151, last: 150 } });
    expect(value(order('XBTJPY', 0.01, '7500000'), 'USD', spread)).toBe(Math.round(75_000 / 149));
  });

  it('needs no price for an order quoted in the cap currency with its own limit', () => {
    expect(value(order('XBTUSD', 0.1, '50000'), 'USD', market())).toBe(5000);
  });

  it('counts in another cap currency when the policy names one', () => {
    expect(value(order('XBTUSD', 1, '50000'), 'EUR')).toBe(Math.round(50_000 / 1.087));
    expect(value(order('XBTEUR', 1, '45000'), 'EUR')).toBe(45_000);
    expect(value(order('ETHXBT', 1, '0.06'), 'XBT')).toBe(0);
    const w = worth(order('ETHXBT', 10, '0.06'), 'XBT');
    expect(w.ok && w.value).toBeCloseTo(0.6);
  });

  it('goes through a second pair when no direct one is listed (ETH/USDT in EUR: USDT → USD → EUR)', () => {
    expect(routeBetween(facts.pairs.values(), 'USDT', 'EUR')?.map((s) => s.pair.name)).toEqual(['USDT/USD', 'EUR/USD']);
    expect(value(order('ETHUSDT', 1, '3001'), 'EUR')).toBe(Math.round((3001 * 1.0002) / 1.087));
  });

  it('says why when there is no route, no price, or no such pair', () => {
    expect(value(order('SOLGBP', 1, '120'))).toBe('cannot value SOL/GBP in USD: no pair the exchange lists converts GBP into USD');
    expect(value(order('ETHXBT', 1, '0.05'), 'USD', market({ XETHXXBT: 0.06 }))).toBe('cannot value ETH/XBT in USD: no price for XBT/USD');
    expect(value(order('ETHXBT', 1, '0.05'), 'USD', market({}, { problem: 'the ticker could not be read: timeout' }))).toBe(
      'cannot value ETH/XBT in USD: no price for XBT/USD (the ticker could not be read: timeout)',
    );
    expect(value(order('DOGEUSD', 1, '1'))).toBe('the exchange does not list the pair DOGEUSD');
    expect(valueOrder('add_order', order('XBTUSD', 1, '1'), undefined, 'USD')).toEqual({ ok: false, reason: 'the market data was not read' });
  });

  it('flags a trigger the market has already passed and values it as a market order', () => {
    const w = worth({ pair: 'XBTUSD', side: 'buy', ordertype: 'stop-loss', volume: 0.15, price: '1', validate: false });
    expect(w).toMatchObject({ ok: true, value: 7500, firesAtOnce: true });
    expect(w.ok && plain(describeWorth(w))).toBe('≈ 7 500 USD (0.15 XBT × 50 000 USD; its trigger is already met: it fires at once as a market order; paper exchange ticker 12:03:04)');
  });
});

describe('an amendment valued against the order as it stands', () => {
  const standing = { id: 'OAAAAA-BBBBB-CCCCCC', clOrdId: 'mine-1', pair: 'XBTUSD', side: 'buy' as const, ordertype: 'limit', volume: 0.018, price: '40000' };
  const withOrder = market(PRICES, { orders: [standing] });
  const amend = (args: Record<string, unknown>, at: MarketFacts = withOrder) => valueOrder('amend_order', args, at, 'USD') as OrderWorth;

  it('charges an increase in size, and counts the whole amended order against max_notional', () => {
    const w = amend({ order_id: standing.id, order_qty: '0.024' });
    expect(w.ok && { value: Math.round(w.value), charge: Math.round(w.charge) }).toEqual({ value: 960, charge: 240 });
  });

  it('charges a higher price, finds the order by its client id, and charges nothing for a decrease', () => {
    const up = amend({ cl_ord_id: 'mine-1', limit_price: '45000' });
    expect(up.ok && Math.round(up.charge)).toBe(90);
    const down = amend({ order_id: standing.id, order_qty: '0.01' });
    expect(down.ok && { value: down.value, charge: down.charge }).toEqual({ value: 400, charge: 0 });
  });

  it('values a moved trigger of a stop against the market', () => {
    const stop = { ...standing, id: 'OSTOP', ordertype: 'stop-loss', price: '60000' };
    const w = amend({ order_id: 'OSTOP', trigger_price: '1' }, market(PRICES, { orders: [stop] }));
    expect(w).toMatchObject({ ok: true, firesAtOnce: true });
    expect(w.ok && Math.round(w.charge)).toBe(0); // 0.018 × 60 000 before, 0.018 × 50 000 after: no increase
  });

  it('cannot value an order it cannot see', () => {
    expect(amend({ order_id: 'OGHOST', order_qty: '1' })).toEqual({ ok: false, reason: 'the order OGHOST is not among the open orders' });
    expect(amend({ order_id: standing.id, order_qty: '1' }, market(PRICES, { problem: 'open orders could not be read: EAPI:Invalid key' }))).toEqual({
      ok: false,
      reason: `the order ${standing.id} could not be looked up (open orders could not be read: EAPI:Invalid key)`,
    });
    expect(amend({ order_qty: '1' })).toEqual({ ok: false, reason: 'the amendment does not name the order' });
  });
});
