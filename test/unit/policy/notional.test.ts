import { describe, expect, it } from 'vitest';
import { isRealOrder, normalizePair, orderNotional, pairsNamed, priceNeedsMarket } from '../../../main/gate/policy/index.js';

const notional = (tool: string, args: Record<string, unknown>, market?: number) => {
  const r = orderNotional(tool, args, market);
  return r?.ok ? r.notional : r?.reason;
};

describe('order notional', () => {
  it('is volume × limit price, price given as a string', () => {
    expect(notional('add_order', { volume: 0.1, price: '50000' })).toBe(5000);
    expect(notional('add_order', { volume: '2', price: '1500.5' })).toBe(3001);
  });

  it('uses the market price for market orders and orders without a price', () => {
    expect(notional('add_order', { ordertype: 'market', volume: 2, price: '1' }, 100)).toBe(200);
    expect(notional('add_order', { volume: 2 }, 100)).toBe(200);
    expect(notional('add_order', { ordertype: 'market', volume: 2 })).toBe('the market price is not known');
  });

  it('takes the larger of trigger and limit price', () => {
    expect(notional('add_order', { ordertype: 'stop-loss-limit', volume: 1, price: '100', price2: '110' })).toBe(110);
  });

  it('reads relative prices as an offset above the market', () => {
    expect(notional('add_order', { volume: 1, price: '+10' }, 100)).toBe(110);
    expect(notional('add_order', { volume: 1, price: '-10' }, 100)).toBe(110);
    expect(notional('add_order', { volume: 1, price: '5%' }, 100)).toBe(105);
    expect(notional('add_order', { volume: 1, price: '+10' })).toBe('the market price is not known');
  });

  it('reads trailing-stop prices as distances from the market', () => {
    expect(notional('add_order', { ordertype: 'trailing-stop', volume: 1, price: '+20' }, 100)).toBe(120);
    expect(notional('add_order', { ordertype: 'trailing-stop', volume: 1, price: '10%' }, 100)).toBe(110);
  });

  it('cannot estimate without a volume or with an unreadable price', () => {
    expect(notional('add_order', { price: '100' })).toBe('the order has no volume');
    expect(notional('add_order', { volume: 1, price: 'cheap' }, 100)).toBe('the order price cannot be read');
  });

  it('needs both the new size and the new price of an amendment', () => {
    expect(notional('amend_order', { order_qty: '0.5', limit_price: '51000' })).toBe(25500);
    expect(notional('amend_order', { limit_price: '51000' })).toBe('the amendment does not state the new order_qty');
    expect(notional('amend_order', { order_qty: '1' })).toBe('the amendment does not state the new limit_price');
  });

  it('is undefined for tools that place no order', () => {
    expect(orderNotional('ticker', {})).toBeUndefined();
  });

  it('says when the market price is needed', () => {
    expect(priceNeedsMarket('add_order', { ordertype: 'market' })).toBe(true);
    expect(priceNeedsMarket('add_order', { price: '+5' })).toBe(true);
    expect(priceNeedsMarket('add_order', { price: '5' })).toBe(false);
    expect(priceNeedsMarket('cancel_order', {})).toBe(false);
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
