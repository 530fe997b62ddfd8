// The pairs beyond USD that the gate's cap-currency conversion is tested against: crosses quoted in
// XBT, JPY, EUR and USDT, and the fiat and stablecoin pairs that link them back to USD.
import { beforeEach, describe, expect, it } from 'vitest';
import { callPaperTool } from '../../../main/paper/call-tool.js';
import { DEFAULT_BALANCES, PaperExchange } from '../../../main/paper/exchange.js';

const START = Date.UTC(2023, 10, 14, 22, 13, 20);

let ex: PaperExchange;

beforeEach(() => {
  ex = new PaperExchange({ now: () => START });
});

const balance = () => ex.accountBalance();
const openIds = () => Object.keys(ex.openOrders().open as object);
const txidOf = (result: Record<string, unknown>) => (result.txid as string[])[0] as string;

// Kraken's AssetPairs records for the new pairs, as the paper exchange lists them.
const NEW_PAIRS = {
  XETHXXBT: {
    altname: 'ETHXBT', wsname: 'ETH/XBT', base: 'XETH', quote: 'XXBT',
    pair_decimals: 5, lot_decimals: 8, cost_decimals: 10, ordermin: '0.002', costmin: '0.00002', tick_size: '0.00001',
  },
  XXBTZJPY: {
    altname: 'XBTJPY', wsname: 'XBT/JPY', base: 'XXBT', quote: 'ZJPY',
    pair_decimals: 0, lot_decimals: 8, cost_decimals: 3, ordermin: '0.0001', costmin: '50', tick_size: '1',
  },
  ZEURZUSD: {
    altname: 'EURUSD', wsname: 'EUR/USD', base: 'ZEUR', quote: 'ZUSD',
    pair_decimals: 5, lot_decimals: 8, cost_decimals: 5, ordermin: '0.5', costmin: '0.5', tick_size: '0.00001',
  },
  ZUSDZJPY: {
    altname: 'USDJPY', wsname: 'USD/JPY', base: 'ZUSD', quote: 'ZJPY',
    pair_decimals: 3, lot_decimals: 8, cost_decimals: 3, ordermin: '0.5', costmin: '50', tick_size: '0.001',
  },
  ETHUSDT: {
    altname: 'ETHUSDT', wsname: 'ETH/USDT', base: 'XETH', quote: 'USDT',
    pair_decimals: 2, lot_decimals: 8, cost_decimals: 5, ordermin: '0.002', costmin: '0.5', tick_size: '0.01',
  },
  USDTZUSD: {
    altname: 'USDTUSD', wsname: 'USDT/USD', base: 'USDT', quote: 'ZUSD',
    pair_decimals: 4, lot_decimals: 8, cost_decimals: 5, ordermin: '5', costmin: '0.5', tick_size: '0.0001',
  },
} as const;

describe('paper exchange: pairs quoted in other currencies', () => {
  it('lists each new pair under its key, found by key, altname or wsname', () => {
    for (const [key, spec] of Object.entries(NEW_PAIRS)) {
      for (const name of [key, spec.altname, spec.wsname]) {
        const listed = ex.tradableAssetPairs({ pairs: name });
        expect(Object.keys(listed), name).toEqual([key]);
        expect(listed[key], name).toMatchObject({
          ...spec,
          aclass_base: 'currency',
          aclass_quote: 'currency',
          lot: 'unit',
          fee_volume_currency: 'ZUSD',
          status: 'online',
        });
      }
    }
  });

  it('lists them all when no pair is named, after the USD pairs', () => {
    const all = ex.tradableAssetPairs();
    expect(Object.keys(all)).toEqual(['XXBTZUSD', 'XETHZUSD', 'SOLUSD', 'XXBTZEUR', ...Object.keys(NEW_PAIRS)]);
  });

  it('accepts BTC for XBT in the new names too', () => {
    expect(Object.keys(ex.tradableAssetPairs({ pairs: 'ETH/BTC,BTCJPY' }))).toEqual(['XETHXXBT', 'XXBTZJPY']);
  });

  it('lists JPY and USDT among the assets, and no GBP', () => {
    expect(ex.assetInfo({ assets: 'JPY,USDT' })).toEqual({
      ZJPY: { aclass: 'currency', altname: 'JPY', decimals: 2, display_decimals: 0, status: 'enabled' },
      USDT: { aclass: 'currency', altname: 'USDT', decimals: 8, display_decimals: 4, status: 'enabled' },
    });
    expect(Object.keys(ex.assetInfo())).not.toContain('ZGBP');
    expect(() => ex.assetInfo({ assets: 'GBP' })).toThrow('EQuery:Unknown asset');
  });

  it('refuses a pair it does not list, such as XBTGBP, in Kraken words', () => {
    for (const name of ['XBTGBP', 'XXBTZGBP', 'XBT/GBP']) {
      expect(() => ex.tradableAssetPairs({ pairs: name })).toThrow('EQuery:Unknown asset pair');
      expect(() => ex.ticker({ pairs: name })).toThrow('EQuery:Unknown asset pair');
      expect(() => ex.addOrder({ pair: name, side: 'buy', volume: 0.01, price: '40000' })).toThrow('EQuery:Unknown asset pair');
    }
    expect(callPaperTool(ex, 'tradable_asset_pairs', { pairs: 'XBTGBP' })).toEqual({
      content: [{ type: 'text', text: "Error calling tool 'tradable_asset_pairs': EQuery:Unknown asset pair" }],
      isError: true,
    });
  });
});

describe('paper exchange: prices of the new pairs', () => {
  it('tickers each one at its own decimals, the bid one tick under the ask', () => {
    const ticker = ex.ticker({ pairs: Object.keys(NEW_PAIRS).join(',') });
    const touch = (key: string) => {
      const entry = ticker[key] as { a: string[]; b: string[]; c: string[] };
      return [entry.a[0], entry.b[0], entry.c[0]];
    };
    expect(touch('XETHXXBT')).toEqual(['0.06000', '0.05999', '0.06000']);
    expect(touch('XXBTZJPY')).toEqual(['7500000', '7499999', '7500000']);
    expect(touch('ZEURZUSD')).toEqual(['1.08700', '1.08699', '1.08700']);
    expect(touch('ZUSDZJPY')).toEqual(['150.000', '149.999', '150.000']);
    expect(touch('ETHUSDT')).toEqual(['3000.00', '2999.99', '3000.00']);
    expect(touch('USDTZUSD')).toEqual(['1.0000', '0.9999', '1.0000']);
  });

  it('answers by altname and wsname with the Kraken key, as for the USD pairs', () => {
    expect(Object.keys(ex.ticker({ pairs: 'ETHXBT, USD/JPY, USDTUSD' }))).toEqual(['XETHXXBT', 'ZUSDZJPY', 'USDTZUSD']);
  });

  it('prices agree with each other along every route to USD', () => {
    const last = (pair: string) => {
      const [entry] = Object.values(ex.ticker({ pairs: pair })) as { c: string[] }[];
      return Number(entry?.c[0]);
    };
    const near = (value: number, expected: number) => expect(Math.abs(value / expected - 1)).toBeLessThan(0.001);
    const xbtUsd = last('XBTUSD');
    near(last('ETHXBT') * xbtUsd, last('ETHUSD'));
    near(last('XBTEUR') * last('EURUSD'), xbtUsd);
    near(last('XBTJPY') / last('USDJPY'), xbtUsd);
    near(last('ETHUSDT') * last('USDTUSD'), last('ETHUSD'));
  });

  it('sizes made-up volumes by value, so a cross trades as much as its USD sibling', () => {
    const today = (pair: string) => Number((Object.values(ex.ticker({ pairs: pair }))[0] as { v: string[] }).v[0]);
    expect(today('XBTJPY')).toBeCloseTo(today('XBTUSD'), 6);
    expect(today('ETHXBT')).toBeCloseTo(today('ETHUSD'), 6);
    const book = ex.orderBook({ pair: 'XBTJPY', count: 5 }).XXBTZJPY as { asks: string[][]; bids: string[][] };
    expect(book.asks.every((level) => Number(level[1]) > 0)).toBe(true);
    expect(book.bids.map((level) => level[0])[0]).toBe('7499999');
  });

  it('ends candles, trades and spreads at the ticker price with the pair decimals', () => {
    ex.setPrice('ETHXBT', 0.061234);
    expect((ex.ticker({ pairs: 'ETHXBT' }).XETHXXBT as { c: string[] }).c[0]).toBe('0.06123');
    const candles = ex.ohlc({ pair: 'ETH/XBT', interval: 60 }).XETHXXBT as unknown[][];
    expect(candles.at(-1)?.[4]).toBe('0.06123');
    const trades = ex.recentTrades({ pair: 'XETHXXBT' }).XETHXXBT as unknown[][];
    expect(trades.at(-1)?.[0]).toBe('0.06123');
    const spreads = ex.recentSpreads({ pair: 'USDJPY' }).ZUSDZJPY as unknown[][];
    expect(spreads.at(-1)?.slice(1)).toEqual(['149.999', '150.000']);
  });
});

describe('paper exchange: orders on the new pairs', () => {
  it('validates an order on each one without touching the account', () => {
    const cases = [
      [{ pair: 'ETHXBT', side: 'buy', volume: 1, price: '0.06' }, 'buy 1.00000000 ETHXBT @ limit 0.06000'],
      [{ pair: 'XBTJPY', side: 'buy', volume: 0.01, price: '7500000' }, 'buy 0.01000000 XBTJPY @ limit 7500000'],
      [{ pair: 'EURUSD', side: 'sell', volume: 100, price: '1.087' }, 'sell 100.00000000 EURUSD @ limit 1.08700'],
      [{ pair: 'USDJPY', side: 'buy', volume: 100, price: '150.125' }, 'buy 100.00000000 USDJPY @ limit 150.125'],
      [{ pair: 'ETH/USDT', side: 'buy', volume: 0.5, ordertype: 'market' }, 'buy 0.50000000 ETHUSDT @ market'],
      [{ pair: 'USDTZUSD', side: 'sell', volume: 50, ordertype: 'stop-loss', price: '0.99' }, 'sell 50.00000000 USDTUSD @ stop loss 0.9900'],
    ] as const;
    for (const [args, order] of cases) expect(ex.addOrder(args), args.pair).toEqual({ descr: { order } });
    expect(balance()).toEqual({ ZUSD: '10000.0000', XXBT: '0.5000000000', XETH: '5.0000000000' });
    expect(openIds()).toEqual([]);
  });

  it("refuses prices finer than the pair's decimals, and volumes under its minimum", () => {
    expect(() => ex.addOrder({ pair: 'XBTJPY', side: 'buy', volume: 0.01, price: '7500000.5' })).toThrow(
      'EOrder:Invalid price:XBTJPY price can only be specified up to 0 decimals.',
    );
    expect(() => ex.addOrder({ pair: 'ETHXBT', side: 'buy', volume: 1, price: '0.060001' })).toThrow(
      'EOrder:Invalid price:ETHXBT price can only be specified up to 5 decimals.',
    );
    expect(() => ex.addOrder({ pair: 'USDJPY', side: 'buy', volume: 1, price: '150.0001' })).toThrow(
      'EOrder:Invalid price:USDJPY price can only be specified up to 3 decimals.',
    );
    expect(() => ex.addOrder({ pair: 'USDTUSD', side: 'buy', volume: 4, price: '1' })).toThrow('EOrder:Order minimum not met');
    expect(() => ex.addOrder({ pair: 'ETHXBT', side: 'buy', volume: 0.001, price: '0.06' })).toThrow('EOrder:Order minimum not met');
  });

  it('a market buy of ETH/XBT spends bitcoin at the ask and adds the ether', () => {
    const txid = txidOf(ex.addOrder({ pair: 'ETHXBT', side: 'buy', ordertype: 'market', volume: 1, validate: false }));
    expect(balance()).toEqual({ ZUSD: '10000.0000', XXBT: '0.4400000000', XETH: '6.0000000000' });
    const [trade] = Object.values(ex.tradesHistory().trades as object) as Record<string, unknown>[];
    expect(trade).toMatchObject({ ordertxid: txid, pair: 'XETHXXBT', type: 'buy', price: '0.06000', cost: '0.0600000000', vol: '1.00000000' });
    expect(ex.closedOrders().closed).toMatchObject({ [txid]: { status: 'closed', price: '0.06000', cost: '0.0600000000' } });
  });

  it('a market sell of ETH/XBT pays bitcoin at the bid', () => {
    ex.addOrder({ pair: 'ETH/XBT', side: 'sell', ordertype: 'market', volume: 2, validate: false });
    expect(balance()).toEqual({ ZUSD: '10000.0000', XXBT: '0.6199800000', XETH: '3.0000000000' });
  });

  it('a resting ETH/XBT buy holds bitcoin, not dollars, and fills at its limit', () => {
    const txid = txidOf(ex.addOrder({ pair: 'ETHXBT', side: 'buy', volume: 9, price: '0.05', validate: false }));
    expect(openIds()).toEqual([txid]);
    // 0.45 XBT held of 0.5: another 0.06 XBT cannot be found, though dollars are plenty.
    expect(() => ex.addOrder({ pair: 'ETHXBT', side: 'buy', volume: 1, price: '0.06', validate: false })).toThrow(
      'EOrder:Insufficient funds',
    );
    expect(() => ex.addOrder({ pair: 'XBTUSD', side: 'sell', ordertype: 'market', volume: 0.1, validate: false })).toThrow(
      'EOrder:Insufficient funds',
    );
    ex.setPrice('ETHXBT', 0.049);
    expect(openIds()).toEqual([]);
    expect(balance()).toEqual({ ZUSD: '10000.0000', XXBT: '0.0500000000', XETH: '14.0000000000' });
  });

  it('a stop-loss sell on ETH/XBT above the market fires at once, for bitcoin', () => {
    ex.addOrder({ pair: 'ETHXBT', side: 'sell', ordertype: 'stop-loss', volume: 1, price: '0.07', validate: false });
    expect(openIds()).toEqual([]);
    expect(balance()).toMatchObject({ XXBT: '0.5599900000', XETH: '4.0000000000' });
  });

  it('a buy of XBT/JPY needs yen: refused without, paid in yen with', () => {
    expect(() => ex.addOrder({ pair: 'XBTJPY', side: 'buy', ordertype: 'market', volume: 0.01, validate: false })).toThrow(
      'EOrder:Insufficient funds',
    );
    ex = new PaperExchange({ now: () => START, balances: { ...DEFAULT_BALANCES, ZJPY: 100_000 } });
    ex.addOrder({ pair: 'XBTJPY', side: 'buy', ordertype: 'market', volume: 0.01, validate: false });
    expect(balance()).toEqual({ ZUSD: '10000.0000', XXBT: '0.5100000000', XETH: '5.0000000000', ZJPY: '25000.00' });
  });

  it('a sell of XBT/JPY pays yen into a new balance', () => {
    ex.addOrder({ pair: 'XBTJPY', side: 'sell', ordertype: 'market', volume: 0.1, validate: false });
    expect(balance()).toEqual({ ZUSD: '10000.0000', XXBT: '0.4000000000', XETH: '5.0000000000', ZJPY: '749999.90' });
  });

  it('fiat and stablecoin pairs move both currencies', () => {
    ex.addOrder({ pair: 'EURUSD', side: 'buy', ordertype: 'market', volume: 1000, validate: false });
    ex.addOrder({ pair: 'USDJPY', side: 'sell', ordertype: 'market', volume: 100, validate: false });
    ex.addOrder({ pair: 'USDTUSD', side: 'buy', volume: 500, price: '1.0000', validate: false });
    ex.addOrder({ pair: 'ETHUSDT', side: 'buy', ordertype: 'market', volume: 0.1, validate: false });
    expect(balance()).toEqual({
      ZUSD: '8313.0000', // 10000 - 1087 (EUR) - 100 (sold for yen) - 500 (USDT)
      XXBT: '0.5000000000',
      XETH: '5.1000000000',
      ZEUR: '1000.0000',
      ZJPY: '14999.90',
      USDT: '200.00000000', // 500 - 300 for the ether
    });
  });

  it('a take-profit buy of USDT/USD above the market fires at once', () => {
    const txid = txidOf(
      ex.addOrder({ pair: 'USDTUSD', side: 'buy', ordertype: 'take-profit', volume: 100, price: '1.0100', validate: false }),
    );
    expect(openIds()).toEqual([]);
    expect(ex.closedOrders().closed).toMatchObject({ [txid]: { status: 'closed', price: '1.0000' } });
    expect(balance()).toMatchObject({ ZUSD: '9900.0000', USDT: '100.00000000' });
  });
});
