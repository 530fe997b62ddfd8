import { describe, expect, it } from 'vitest';
import { isRealOrder, normalizePair, pairsNamed, quoteNotional, type OrderTerms, type Touch } from '../../../main/gate/policy/index.js';

const touch = (last: number, spread = 0): Touch => ({ bid: last - spread, ask: last, last });
const price = (terms: Partial<OrderTerms>, market?: Touch) => {
  const r = quoteNotional({ side: 'buy', ordertype: 'limit', volume: 1, price: undefined, price2: undefined, ...terms }, market);
  return r.ok ? r.price : r.reason;
};

// The table in notional.ts (and docs/architecture.md), one row at a time, with the market at 100.
describe('the most an order can cost, per unit of its quote currency', () => {
  const m = touch(100);

  it('a market order: the market, or nothing known without one', () => {
    expect(price({ ordertype: 'market' }, m)).toBe(100);
    expect(price({ ordertype: 'market', side: 'sell' }, m)).toBe(100);
    expect(price({ ordertype: 'market' })).toBe('the market price is not known');
  });

  it('a limit buy: its limit, with or without a market; a limit sell: at least the market', () => {
    expect(price({ price: '50' })).toBe(50);
    expect(price({ price: '150' }, m)).toBe(150);
    expect(price({ side: 'sell', price: '150' }, m)).toBe(150);
    expect(price({ side: 'sell', price: '1' }, m)).toBe(100);
    expect(price({ side: 'sell', price: '1' })).toBe('the market price is not known');
  });

  it('a stop-loss or take-profit: the trigger or the market, whichever is higher, for buys and sells', () => {
    for (const ordertype of ['stop-loss', 'take-profit']) {
      for (const side of ['buy', 'sell']) {
        expect(price({ ordertype, side, price: '1' }, m)).toBe(100);
        expect(price({ ordertype, side, price: '100' }, m)).toBe(100);
        expect(price({ ordertype, side, price: '130' }, m)).toBe(130);
        expect(price({ ordertype, side, price: '130' })).toBe('the market price is not known');
      }
    }
  });

  it('a *-limit: trigger and limit for a buy, and at least the market for a sell', () => {
    for (const ordertype of ['stop-loss-limit', 'take-profit-limit']) {
      expect(price({ ordertype, price: '1', price2: '2' }, m)).toBe(2);
      expect(price({ ordertype, price: '120', price2: '110' })).toBe(120);
      expect(price({ ordertype, side: 'sell', price: '1', price2: '2' }, m)).toBe(100);
      expect(price({ ordertype, side: 'sell', price: '120', price2: '130' }, m)).toBe(130);
    }
  });

  it('a trailing stop: the market plus its offsets', () => {
    expect(price({ ordertype: 'trailing-stop', price: '+20' }, m)).toBe(120);
    expect(price({ ordertype: 'trailing-stop', price: '+10%' }, m)).toBe(110);
    expect(price({ ordertype: 'trailing-stop-limit', price: '+10', price2: '-5' }, m)).toBe(115);
    expect(price({ ordertype: 'trailing-stop', price: '+20' })).toBe('the market price is not known');
  });

  it('relative prices count as the market plus the offset, whichever the sign', () => {
    expect(price({ price: '+10' }, m)).toBe(110);
    expect(price({ price: '-10' }, m)).toBe(110);
    expect(price({ price: '#10' }, m)).toBe(110);
    expect(price({ price: '5%' }, m)).toBe(105);
    expect(price({ price: '+10' })).toBe('the market price is not known');
  });

  it('takes the highest of bid, ask and last as the market', () => {
    expect(price({ ordertype: 'market', side: 'sell' }, { bid: 99, ask: 101, last: 100 })).toBe(101);
  });

  it('does not value what it does not know', () => {
    expect(price({ ordertype: 'settle-position' }, m)).toBe('a settle-position order cannot be valued here');
    expect(price({ volume: undefined, price: '1' }, m)).toBe('the order has no volume');
    expect(price({ price: 'cheap' }, m)).toBe('the order price cannot be read');
  });

  it('says when a trigger is already met, so the order fires at once as a market order', () => {
    const fires = (ordertype: string, side: string, trigger: string) => {
      const r = quoteNotional({ side, ordertype, volume: 1, price: trigger, price2: ordertype.endsWith('-limit') ? trigger : undefined }, m);
      return r.ok && r.firesAtOnce;
    };
    expect(fires('stop-loss', 'buy', '1')).toBe(true); // buy stops fire as the price rises
    expect(fires('stop-loss', 'buy', '130')).toBe(false);
    expect(fires('take-profit', 'sell', '1')).toBe(true);
    expect(fires('take-profit', 'sell', '130')).toBe(false);
    expect(fires('stop-loss', 'sell', '130')).toBe(true);
    expect(fires('take-profit', 'buy', '130')).toBe(true);
    expect(fires('stop-loss-limit', 'buy', '1')).toBe(true);
    expect(fires('limit' as string, 'buy', '1')).toBe(false);
  });
});

describe('real orders and dry runs', () => {
  it('treats add_order as a dry run unless validate reads as something other than true', () => {
    expect(isRealOrder('add_order', {})).toBe(false);
    expect(isRealOrder('add_order', { validate: true })).toBe(false);
    expect(isRealOrder('add_order', { validate: 'true' })).toBe(false);
    expect(isRealOrder('add_order', { validate: false })).toBe(true);
    expect(isRealOrder('add_order', { validate: 'maybe' })).toBe(true);
    expect(isRealOrder('amend_order', {})).toBe(true);
    expect(isRealOrder('ticker', { validate: false })).toBe(false);
  });
});

describe('pair normalisation', () => {
  it('ignores case and "/"', () => {
    expect(normalizePair('xbt/usd')).toBe(normalizePair('XBTUSD'));
  });

  it("maps Kraken's legacy names and BTC to XBT", () => {
    expect(normalizePair('XXBTZUSD')).toBe('XBTUSD');
    expect(normalizePair('XETHXXBT')).toBe('ETHXBT');
    expect(normalizePair('BTC/USD')).toBe('XBTUSD');
    expect(normalizePair('ETHBTC')).toBe('ETHXBT');
  });

  it('leaves other names alone', () => {
    expect(normalizePair('SOLUSD')).toBe('SOLUSD');
    expect(normalizePair('DOGEUSD')).not.toBe(normalizePair('XDGUSD'));
  });

  it('reads the pairs a call names from pair and comma-separated pairs', () => {
    expect(pairsNamed({ pair: 'XBTUSD' })).toEqual(['XBTUSD']);
    expect(pairsNamed({ pairs: 'XBTUSD, ETHUSD,' })).toEqual(['XBTUSD', 'ETHUSD']);
    expect(pairsNamed({ pairs: null })).toEqual([]);
    expect(pairsNamed({ pair: 7 })).toBeUndefined();
  });
});
