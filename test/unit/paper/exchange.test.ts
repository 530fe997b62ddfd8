import { beforeEach, describe, expect, it } from 'vitest';
import { PaperExchange } from '../../../main/paper/exchange.js';

const START = Date.UTC(2023, 10, 14, 22, 13, 20);

let clock: number;
let ex: PaperExchange;

beforeEach(() => {
  clock = START;
  ex = new PaperExchange({ now: () => clock });
});

const balance = () => ex.accountBalance();
const openIds = () => Object.keys(ex.openOrders().open as object);
const txidOf = (result: Record<string, unknown>) => (result.txid as string[])[0] as string;

describe('paper exchange: placing orders', () => {
  it('starts with USD, BTC and ETH in the account', () => {
    expect(balance()).toEqual({ ZUSD: '10000.0000', XXBT: '0.5000000000', XETH: '5.0000000000' });
  });

  it('only validates by default: describes the order and changes nothing', () => {
    const result = ex.addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '50000' });
    expect(result).toEqual({ descr: { order: 'buy 0.10000000 XBTUSD @ limit 50000.0' } });
    expect(balance()).toEqual({ ZUSD: '10000.0000', XXBT: '0.5000000000', XETH: '5.0000000000' });
    expect(openIds()).toEqual([]);
    expect(ex.tradesHistory()).toEqual({ trades: {}, count: 0 });
  });

  it('a real market buy spends USD at the ask and adds the bitcoin', () => {
    const result = ex.addOrder({ pair: 'XBTUSD', side: 'buy', ordertype: 'market', volume: 0.1, validate: false });
    expect(result.descr).toEqual({ order: 'buy 0.10000000 XBTUSD @ market' });
    expect(txidOf(result)).toMatch(/^O[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}$/);
    expect(balance()).toMatchObject({ ZUSD: '5000.0000', XXBT: '0.6000000000' });
  });

  it('a real market sell pays out at the bid', () => {
    ex.addOrder({ pair: 'ETHUSD', side: 'sell', ordertype: 'market', volume: 1, validate: false });
    expect(balance()).toMatchObject({ ZUSD: '12999.9900', XETH: '4.0000000000' });
  });

  it('a limit buy above the ask trades at once, at the ask', () => {
    const { txid } = ex.addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '51000', validate: false });
    expect(openIds()).toEqual([]);
    expect(balance()).toMatchObject({ ZUSD: '5000.0000', XXBT: '0.6000000000' });
    const closed = ex.closedOrders().closed as Record<string, Record<string, unknown>>;
    expect(closed[(txid as string[])[0] as string]).toMatchObject({ status: 'closed', vol_exec: '0.10000000', price: '50000.0' });
  });

  it('refuses a buy the account cannot pay for, in Kraken words, and changes nothing', () => {
    expect(() => ex.addOrder({ pair: 'XBTUSD', side: 'buy', volume: 1, price: '50000', validate: false })).toThrow(
      'EOrder:Insufficient funds',
    );
    expect(() => ex.addOrder({ pair: 'XBTUSD', side: 'sell', ordertype: 'market', volume: 0.6, validate: false })).toThrow(
      'EOrder:Insufficient funds',
    );
    expect(balance()).toMatchObject({ ZUSD: '10000.0000', XXBT: '0.5000000000' });
    expect(openIds()).toEqual([]);
  });

  it('does not check funds when only validating, as Kraken does', () => {
    expect(ex.addOrder({ pair: 'XBTUSD', side: 'buy', volume: 10, price: '50000' })).toEqual({
      descr: { order: 'buy 10.00000000 XBTUSD @ limit 50000.0' },
    });
  });

  it('rejects bad values with Kraken errors, also when only validating', () => {
    expect(() => ex.addOrder({ pair: 'DOGEUSD', side: 'buy', volume: 1, price: '1' })).toThrow('EQuery:Unknown asset pair');
    expect(() => ex.addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0, price: '50000' })).toThrow('EGeneral:Invalid arguments');
    expect(() => ex.addOrder({ pair: 'XBTUSD', side: 'buy', volume: -1, price: '50000' })).toThrow('EGeneral:Invalid arguments');
    expect(() => ex.addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.1, price: 'cheap' })).toThrow('EGeneral:Invalid arguments');
    expect(() => ex.addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.1 })).toThrow('EGeneral:Invalid arguments');
    expect(() => ex.addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.00001, price: '50000' })).toThrow(
      'EOrder:Order minimum not met',
    );
    expect(() => ex.addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '50000.25' })).toThrow(
      'EOrder:Invalid price:XBTUSD price can only be specified up to 1 decimals.',
    );
  });

  it('accepts the pair names agents use: altname, Kraken key, wsname and BTC for XBT', () => {
    for (const pair of ['XBTUSD', 'XXBTZUSD', 'XBT/USD', 'BTC/USD', 'btcusd']) {
      expect(ex.addOrder({ pair, side: 'buy', volume: 0.1, price: '50000' }).descr).toEqual({
        order: 'buy 0.10000000 XBTUSD @ limit 50000.0',
      });
    }
  });
});

describe('paper exchange: resting orders', () => {
  it('a limit buy below the market rests, holds its funds, and cancelling releases them', () => {
    const resting = txidOf(ex.addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.15, price: '40000', validate: false }));
    expect(openIds()).toEqual([resting]);
    // Kraken's Balance still counts held funds; what is held shows in what else can be bought.
    expect(balance()).toMatchObject({ ZUSD: '10000.0000' });
    const more = { pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '45000', validate: false } as const;
    expect(() => ex.addOrder(more)).toThrow('EOrder:Insufficient funds');

    expect(ex.cancelOrder({ txid_or_userref: resting })).toEqual({ count: 1 });
    expect(openIds()).toEqual([]);
    expect(ex.closedOrders().closed).toMatchObject({ [resting]: { status: 'canceled', reason: 'User requested' } });
    expect(() => ex.addOrder(more)).not.toThrow();
  });

  it('a resting limit fills at its own price once the market reaches it', () => {
    const txid = txidOf(ex.addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '49000', validate: false }));
    ex.setPrice('XBTUSD', 49500);
    expect(openIds()).toEqual([txid]);
    ex.setPrice('XBTUSD', 48800);
    expect(openIds()).toEqual([]);
    expect(balance()).toMatchObject({ ZUSD: '5100.0000', XXBT: '0.6000000000' });
    const [trade] = Object.values(ex.tradesHistory().trades as object) as Record<string, unknown>[];
    expect(trade).toMatchObject({ ordertxid: txid, price: '49000.0', maker: true });
  });

  it('a stop-loss sell waits until the price falls to its trigger, then sells at the bid', () => {
    const txid = txidOf(
      ex.addOrder({ pair: 'XBTUSD', side: 'sell', ordertype: 'stop-loss', volume: 0.5, price: '45000', validate: false }),
    );
    expect(ex.openOrders().open).toMatchObject({ [txid]: { descr: { order: 'sell 0.50000000 XBTUSD @ stop loss 45000.0' } } });
    ex.setPrice('XBTUSD', 44000);
    expect(openIds()).toEqual([]);
    expect(balance()).toMatchObject({ XXBT: '0.0000000000', ZUSD: '31999.9500' });
  });

  it('an immediate-or-cancel limit that cannot trade is cancelled, not left resting', () => {
    const txid = txidOf(
      ex.addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '40000', timeinforce: 'IOC', validate: false }),
    );
    expect(openIds()).toEqual([]);
    expect(ex.closedOrders().closed).toMatchObject({ [txid]: { status: 'canceled' } });
  });

  it('cancels every order sharing a userref, and says how many', () => {
    ex.addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.01, price: '40000', userref: 7, validate: false });
    ex.addOrder({ pair: 'ETHUSD', side: 'buy', volume: 0.1, price: '2000', userref: 7, validate: false });
    const other = txidOf(ex.addOrder({ pair: 'ETHUSD', side: 'buy', volume: 0.1, price: '2000', validate: false }));
    expect(ex.cancelOrder({ txid_or_userref: '7' })).toEqual({ count: 2 });
    expect(openIds()).toEqual([other]);
  });

  it('cancelling an order it does not know is an error', () => {
    expect(() => ex.cancelOrder({ txid_or_userref: 'OABCDE-FGHIJ-KLMNOP' })).toThrow('EOrder:Unknown order');
  });
});

describe('paper exchange: a trigger already passed fires at placement, as on Kraken', () => {
  // The market: last and ask 50000.0, bid 49999.9.
  const place = (side: 'buy' | 'sell', ordertype: 'stop-loss' | 'take-profit', price: string) =>
    txidOf(ex.addOrder({ pair: 'XBTUSD', side, ordertype, volume: 0.1, price, validate: false }));
  const closed = () => ex.closedOrders().closed as Record<string, Record<string, unknown>>;

  it('a stop-loss sell above the market sells at once, at the bid', () => {
    const txid = place('sell', 'stop-loss', '55000');
    expect(openIds()).toEqual([]);
    expect(closed()[txid]).toMatchObject({ status: 'closed', vol_exec: '0.10000000', price: '49999.9' });
    expect(balance()).toMatchObject({ ZUSD: '14999.9900', XXBT: '0.4000000000' });
  });

  it('a stop-loss buy below the market buys at once, at the ask', () => {
    const txid = place('buy', 'stop-loss', '45000');
    expect(openIds()).toEqual([]);
    expect(closed()[txid]).toMatchObject({ status: 'closed', price: '50000.0' });
    expect(balance()).toMatchObject({ ZUSD: '5000.0000', XXBT: '0.6000000000' });
  });

  it('a take-profit sell below the market sells at once, at the bid', () => {
    const txid = place('sell', 'take-profit', '45000');
    expect(openIds()).toEqual([]);
    expect(closed()[txid]).toMatchObject({ status: 'closed', price: '49999.9' });
    expect(balance()).toMatchObject({ ZUSD: '14999.9900', XXBT: '0.4000000000' });
  });

  it('a take-profit buy above the market buys at once, at the ask', () => {
    const txid = place('buy', 'take-profit', '55000');
    expect(openIds()).toEqual([]);
    expect(closed()[txid]).toMatchObject({ status: 'closed', price: '50000.0' });
    expect(balance()).toMatchObject({ ZUSD: '5000.0000', XXBT: '0.6000000000' });
  });

  it('a trigger exactly at the last price fires too', () => {
    place('sell', 'stop-loss', '50000');
    place('buy', 'take-profit', '50000');
    expect(openIds()).toEqual([]);
    expect(ex.tradesHistory()).toMatchObject({ count: 2 });
  });

  it('triggers on the far side wait, and fire once the market gets there', () => {
    const stopBuy = place('buy', 'stop-loss', '55000');
    const takeSell = place('sell', 'take-profit', '55000');
    const stopSell = place('sell', 'stop-loss', '45000');
    const takeBuy = place('buy', 'take-profit', '45000');
    expect(openIds().sort()).toEqual([stopBuy, takeSell, stopSell, takeBuy].sort());
    ex.setPrice('XBTUSD', 55000);
    expect(openIds().sort()).toEqual([stopSell, takeBuy].sort());
    ex.setPrice('XBTUSD', 45000);
    expect(openIds()).toEqual([]);
  });

  it('a stop-loss-limit past its trigger fires at once and trades if its limit allows', () => {
    const txid = txidOf(
      ex.addOrder({ pair: 'XBTUSD', side: 'sell', ordertype: 'stop-loss-limit', volume: 0.1, price: '55000', price2: '49000', validate: false }),
    );
    expect(openIds()).toEqual([]);
    expect(closed()[txid]).toMatchObject({ status: 'closed', price: '49999.9' });
  });

  it('a stop-loss-limit past its trigger whose limit is not reached rests as a limit, then fills at it', () => {
    const txid = txidOf(
      ex.addOrder({ pair: 'XBTUSD', side: 'sell', ordertype: 'stop-loss-limit', volume: 0.1, price: '55000', price2: '52000', validate: false }),
    );
    expect(openIds()).toEqual([txid]);
    ex.setPrice('XBTUSD', 52100);
    expect(openIds()).toEqual([]);
    const [trade] = Object.values(ex.tradesHistory().trades as object) as Record<string, unknown>[];
    expect(trade).toMatchObject({ ordertxid: txid, price: '52000.0', maker: true });
  });

  it('a take-profit-limit buy past its trigger fires at once and buys at the ask within its limit', () => {
    const txid = txidOf(
      ex.addOrder({ pair: 'XBTUSD', side: 'buy', ordertype: 'take-profit-limit', volume: 0.1, price: '55000', price2: '51000', validate: false }),
    );
    expect(openIds()).toEqual([]);
    expect(closed()[txid]).toMatchObject({ status: 'closed', price: '50000.0' });
  });

  it('an amended trigger that the market has passed fires at once', () => {
    const txid = place('sell', 'stop-loss', '45000');
    ex.amendOrder({ order_id: txid, trigger_price: '51000' });
    expect(openIds()).toEqual([]);
    expect(closed()[txid]).toMatchObject({ status: 'closed', price: '49999.9' });
  });
});

describe('paper exchange: amending', () => {
  it('changes price and quantity of an open order in place', () => {
    const txid = txidOf(ex.addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '40000', validate: false }));
    const result = ex.amendOrder({ order_id: txid, limit_price: '41000', order_qty: '0.2' });
    expect(result.amend_id).toMatch(/^T[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}$/);
    expect(ex.openOrders().open).toMatchObject({
      [txid]: { vol: '0.20000000', descr: { price: '41000.0', order: 'buy 0.20000000 XBTUSD @ limit 41000.0' } },
    });
  });

  it('finds the order by client order id too', () => {
    const txid = txidOf(
      ex.addOrder({ pair: 'ETHUSD', side: 'sell', volume: 1, price: '3500', cl_ord_id: 'mine-1', validate: false }),
    );
    ex.amendOrder({ cl_ord_id: 'mine-1', limit_price: '3600' });
    expect(ex.openOrders().open).toMatchObject({ [txid]: { descr: { price: '3600.00' } } });
  });

  it('needs at least one field to change, as kraken-mcp says', () => {
    expect(() => ex.amendOrder({ order_id: 'X' })).toThrow('Provide at least one field to amend.');
    expect(() => ex.amendOrder({ limit_price: '1' })).toThrow('Provide order_id or cl_ord_id.');
    expect(() => ex.amendOrder({ order_id: 'X', limit_price: '1' })).toThrow('EOrder:Unknown order');
  });

  it('refuses an amend the account cannot pay for and leaves the order as it was', () => {
    const txid = txidOf(ex.addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '40000', validate: false }));
    expect(() => ex.amendOrder({ order_id: txid, order_qty: '1' })).toThrow('EOrder:Insufficient funds');
    expect(ex.openOrders().open).toMatchObject({ [txid]: { vol: '0.10000000' } });
  });

  it('an amended price that crosses the market trades at once', () => {
    const txid = txidOf(ex.addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '40000', validate: false }));
    ex.amendOrder({ order_id: txid, limit_price: '50500' });
    expect(openIds()).toEqual([]);
    expect(balance()).toMatchObject({ XXBT: '0.6000000000' });
  });
});

describe('paper exchange: dead man switch', () => {
  it('cancels all open orders once the countdown runs out, not before', () => {
    ex.addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '40000', validate: false });
    ex.addOrder({ pair: 'ETHUSD', side: 'sell', volume: 1, price: '3500', validate: false });
    expect(ex.cancelAllOrdersAfter({ timeout_seconds: 60 })).toEqual({
      currentTime: '2023-11-14T22:13:20Z',
      triggerTime: '2023-11-14T22:14:20Z',
    });
    clock += 59_999;
    expect(openIds()).toHaveLength(2);
    clock += 1;
    expect(openIds()).toEqual([]);
    expect(ex.closedOrders()).toMatchObject({ count: 2 });
    expect(balance()).toMatchObject({ ZUSD: '10000.0000', XETH: '5.0000000000' });
  });

  it('each call restarts the countdown, and 0 disarms it', () => {
    ex.addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '40000', validate: false });
    ex.cancelAllOrdersAfter({ timeout_seconds: 60 });
    clock += 50_000;
    ex.cancelAllOrdersAfter({ timeout_seconds: 60 });
    clock += 50_000;
    expect(openIds()).toHaveLength(1);
    expect(ex.cancelAllOrdersAfter({ timeout_seconds: 0 })).toEqual({ currentTime: '2023-11-14T22:15:00Z', triggerTime: '0' });
    clock += 3_600_000;
    expect(openIds()).toHaveLength(1);
  });
});

describe('paper exchange: history', () => {
  it('records each fill in the trades history, newest first, linked to its order', () => {
    const first = txidOf(ex.addOrder({ pair: 'XBTUSD', side: 'buy', ordertype: 'market', volume: 0.1, validate: false }));
    clock += 1000;
    const second = txidOf(ex.addOrder({ pair: 'ETHUSD', side: 'sell', ordertype: 'market', volume: 2, validate: false }));
    const history = ex.tradesHistory();
    expect(history.count).toBe(2);
    const trades = Object.values(history.trades as object) as Record<string, unknown>[];
    expect(trades.map((t) => t.ordertxid)).toEqual([second, first]);
    expect(trades[1]).toMatchObject({ pair: 'XXBTZUSD', type: 'buy', ordertype: 'market', price: '50000.0', cost: '5000.00000', vol: '0.10000000' });
    expect(ex.tradesHistory({ start: START / 1000 })).toMatchObject({ count: 1 });
    expect(ex.closedOrders({ trades: true }).closed).toMatchObject({ [first]: { trades: [Object.keys(history.trades as object)[1]] } });
  });
});

describe('paper exchange: market data', () => {
  it('gives a Kraken-shaped ticker for the pairs asked, or all of them', () => {
    const one = ex.ticker({ pairs: 'XBTUSD' });
    expect(Object.keys(one)).toEqual(['XXBTZUSD']);
    expect(one.XXBTZUSD).toMatchObject({ a: ['50000.0', '1', '1.000'], b: ['49999.9', '1', '1.000'], c: ['50000.0', '0.1'] });
    expect(Object.keys(ex.ticker({ pairs: 'XBTUSD, ETHUSD' }))).toEqual(['XXBTZUSD', 'XETHZUSD']);
    expect(Object.keys(ex.ticker())).toEqual([
      'XXBTZUSD', 'XETHZUSD', 'SOLUSD', 'XXBTZEUR', 'XETHXXBT', 'XXBTZJPY', 'ZEURZUSD', 'ZUSDZJPY', 'ETHUSDT', 'USDTZUSD',
    ]);
    expect(() => ex.ticker({ pairs: 'XBTUSD,NOPE' })).toThrow('EQuery:Unknown asset pair');
  });

  it('answers server time and status in Kraken formats', () => {
    expect(ex.serverTime()).toEqual({ unixtime: 1700000000, rfc1123: 'Tue, 14 Nov 23 22:13:20 +0000' });
    expect(ex.systemStatus()).toEqual({ status: 'online', timestamp: '2023-11-14T22:13:20Z' });
  });

  it('ends candles, trades and spreads at the ticker price', () => {
    ex.setPrice('ETHUSD', 3210.5);
    const candles = ex.ohlc({ pair: 'ETHUSD', interval: 60 }).XETHZUSD as unknown[][];
    expect(candles).toHaveLength(720);
    expect(candles.at(-1)?.[4]).toBe('3210.50');
    const trades = ex.recentTrades({ pair: 'ETHUSD' }).XETHZUSD as unknown[][];
    expect(trades.at(-1)?.[0]).toBe('3210.50');
    const spreads = ex.recentSpreads({ pair: 'ETHUSD' }).XETHZUSD as unknown[][];
    expect(spreads.at(-1)?.slice(1)).toEqual(['3210.49', '3210.50']);
    const book = ex.orderBook({ pair: 'ETHUSD', count: 3 }).XETHZUSD as { asks: unknown[][]; bids: unknown[][] };
    expect(book.asks.map((l) => l[0])[0]).toBe('3210.50');
    expect(book.bids).toHaveLength(3);
    expect(() => ex.ohlc({ pair: 'ETHUSD', interval: 2 })).toThrow('EGeneral:Invalid arguments');
  });

  it('lists assets and pairs with Kraken names', () => {
    expect(ex.assetInfo({ assets: 'XBT,ETH' })).toMatchObject({ XXBT: { altname: 'XBT', decimals: 10 }, XETH: { altname: 'ETH' } });
    expect(() => ex.assetInfo({ assets: 'NOPE' })).toThrow('EQuery:Unknown asset');
    expect(ex.tradableAssetPairs({ pairs: 'XBTUSD' })).toMatchObject({
      XXBTZUSD: { altname: 'XBTUSD', wsname: 'XBT/USD', base: 'XXBT', quote: 'ZUSD', ordermin: '0.0001' },
    });
    expect(ex.tradableAssetPairs({ pairs: 'XBTUSD', info: 'margin' })).toEqual({ XXBTZUSD: { margin_call: 80, margin_stop: 40 } });
  });
});
