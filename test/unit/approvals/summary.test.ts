import { describe, expect, it } from 'vitest';
import { GROUP_SEPARATOR, summarizeCall, type PriceQuote } from '../../../main/gate/approvals/index.js';

/** Writes expectations with plain spaces in numbers; the summaries use U+202F between digit groups. */
const nb = (text: string): string => text.replace(/(?<=\d) (?=\d{3}(?!\d))/g, GROUP_SEPARATOR);

// Built from local time parts, so the shown clock time is the same in every time zone.
const TICKER: PriceQuote = { value: 67000.1, source: 'Kraken ticker', at: new Date(2025, 0, 2, 14, 2, 7) };

const addOrder = (args: Record<string, unknown>, price?: PriceQuote) => summarizeCall({ tool: 'add_order', arguments: args }, price);
const headline = (tool: string, args: Record<string, unknown>) => summarizeCall({ tool, arguments: args }).headline;

describe('summarizeCall: add_order', () => {
  it('puts a real limit order into words, with its notional', () => {
    const summary = addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '50000', validate: false });
    expect(summary).toEqual({
      headline: nb('Buy 0.10 XBT/USD, limit 50 000 USD — about 5 000 USD'),
      fields: [
        { label: 'Side', value: 'Buy' },
        { label: 'Quantity', value: '0.10 XBT' },
        { label: 'Pair', value: 'XBT/USD' },
        { label: 'Order type', value: 'Limit' },
        { label: 'Limit price', value: nb('50 000 USD') },
        { label: 'Notional', value: nb('about 5 000 USD') },
        { label: 'Mode', value: 'REAL ORDER' },
      ],
      readable: true,
      notional: { value: 5000, currency: 'USD', estimated: false },
    });
  });

  it('says when an order is only validated, which is the upstream default', () => {
    const summary = addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '50000' });
    expect(summary.headline).toBe(nb('Validate only: Buy 0.10 XBT/USD, limit 50 000 USD — about 5 000 USD'));
    expect(summary.fields.at(-1)).toEqual({ label: 'Mode', value: 'Validate only (no order placed)' });
  });

  it('treats a missing order type as a limit order, as the upstream does', () => {
    expect(addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '50000', validate: true })).toEqual(
      addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '50000', ordertype: 'limit' }),
    );
  });

  it('estimates a market order at the ticker price and names the source and time of that price', () => {
    const summary = addOrder({ pair: 'XBTUSD', side: 'sell', volume: 0.1, ordertype: 'market', validate: false }, TICKER);
    expect(summary.headline).toBe(nb('Sell 0.10 XBT/USD at market — about 6 700.01 USD (estimate)'));
    expect(summary.fields).toEqual([
      { label: 'Side', value: 'Sell' },
      { label: 'Quantity', value: '0.10 XBT' },
      { label: 'Pair', value: 'XBT/USD' },
      { label: 'Order type', value: 'Market' },
      { label: 'Notional', value: nb('about 6 700.01 USD (estimate)') },
      { label: 'Estimated from', value: nb('67 000.1 USD (Kraken ticker, 14:02:07)') },
      { label: 'Mode', value: 'REAL ORDER' },
    ]);
    expect(summary.notional).toEqual({ value: 6700.01, currency: 'USD', estimated: true });
  });

  it('shows the market price beside a limit, and how far the limit is from it: a typo of 20× is plain to see', () => {
    const market = (args: Record<string, unknown>) => addOrder({ pair: 'XBTUSD', volume: 0.1, validate: false, ...args }, TICKER).fields.find((f) => f.label === 'Market price')?.value;
    expect(market({ side: 'buy', price: '1340002' })).toBe(nb('67 000.1 USD (Kraken ticker, 14:02:07); the limit is 20.0× it; it would fill at once'));
    expect(market({ side: 'buy', price: '65325' })).toBe(nb('67 000.1 USD (Kraken ticker, 14:02:07); the limit is 2.5 % below it'));
    expect(market({ side: 'sell', price: '60000' })).toBe(nb('67 000.1 USD (Kraken ticker, 14:02:07); the limit is 10.4 % below it; it would fill at once'));
    expect(market({ side: 'sell', price: '67000.1' })).toBe(nb('67 000.1 USD (Kraken ticker, 14:02:07); the limit is at it'));
    // The limit of a stop-loss-limit is price2; it only trades once triggered, so it never "fills at once" here.
    expect(market({ side: 'sell', ordertype: 'stop-loss-limit', price: '65000', price2: '64000' })).toBe(nb('67 000.1 USD (Kraken ticker, 14:02:07); the limit is 4.5 % below it'));
    // No price known, a relative limit, or a market order: no such line (the estimate says the price).
    expect(addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '50000' }).fields.some((f) => f.label === 'Market price')).toBe(false);
    expect(market({ side: 'buy', price: '+100' })).toBeUndefined();
    expect(market({ side: 'buy', ordertype: 'market' })).toBeUndefined();
  });

  it('leaves a market order without a notional when no price is known', () => {
    const summary = addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.1, ordertype: 'market', validate: false });
    expect(summary.headline).toBe('Buy 0.10 XBT/USD at market');
    expect(summary.notional).toBeUndefined();
  });

  it('ignores a ticker price quoted for another pair', () => {
    const summary = addOrder({ pair: 'ETHUSD', side: 'buy', volume: 1, ordertype: 'market', validate: false }, { ...TICKER, pair: 'XBTUSD' });
    expect(summary.headline).toBe('Buy 1.00 ETH/USD at market');
  });

  it('uses the order’s own limit price rather than the ticker when it has one', () => {
    const summary = addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '50000', validate: false }, TICKER);
    expect(summary.notional).toEqual({ value: 5000, currency: 'USD', estimated: false });
  });

  it('computes notionals without float artefacts and rounds them to cents', () => {
    expect(addOrder({ pair: 'ETHUSD', side: 'buy', volume: 0.3, price: '3', validate: false }).headline).toBe(
      'Buy 0.30 ETH/USD, limit 3 USD — about 0.90 USD',
    );
    expect(addOrder({ pair: 'ETHUSD', side: 'buy', volume: 0.3, price: '3', validate: false }).notional?.value).toBe(0.9);
    expect(addOrder({ pair: 'XBTEUR', side: 'buy', volume: 0.123, price: '45000.55', validate: false }).headline).toBe(
      nb('Buy 0.123 XBT/EUR, limit 45 000.55 EUR — about 5 535.07 EUR'),
    );
  });

  it('shows tiny and large quantities in full, never in exponent notation', () => {
    expect(addOrder({ pair: 'XBTUSDT', side: 'buy', volume: 1e-7, price: '100000', validate: false }).headline).toBe(
      nb('Buy 0.0000001 XBT/USDT, limit 100 000 USDT — about 0.01 USDT'),
    );
    expect(addOrder({ pair: 'DOGEUSD', side: 'sell', volume: 1250000, price: '0.08', validate: false }).headline).toBe(
      nb('Sell 1 250 000.00 DOGE/USD, limit 0.08 USD — about 100 000 USD'),
    );
  });

  it('counts a notional in crypto to 8 decimals', () => {
    expect(addOrder({ pair: 'ETHXBT', side: 'buy', volume: 1.5, price: '0.05123', validate: false }).headline).toBe(
      'Buy 1.50 ETH/XBT, limit 0.05123 XBT — about 0.076845 XBT',
    );
  });

  it('reads legacy pair names and shows them beside the plain name', () => {
    const summary = addOrder({ pair: 'XXBTZEUR', side: 'sell', volume: 0.3, ordertype: 'stop-loss-limit', price: '45000', price2: '44900.5', validate: false });
    expect(summary.headline).toBe(nb('Sell 0.30 XBT/EUR, stop-loss at 45 000 EUR, limit 44 900.5 EUR — about 13 470.15 EUR'));
    expect(summary.fields.slice(2, 6)).toEqual([
      { label: 'Pair', value: 'XBT/EUR (XXBTZEUR)' },
      { label: 'Order type', value: 'Stop-loss limit' },
      { label: 'Trigger price', value: nb('45 000 EUR') },
      { label: 'Limit price', value: nb('44 900.5 EUR') },
    ]);
  });

  it('shows a pair with an unknown quote currency as given, without a notional', () => {
    const summary = addOrder({ pair: 'FOOBAR', side: 'buy', volume: 2, price: '1500', validate: false });
    expect(summary.headline).toBe(nb('Buy 2.00 FOOBAR, limit 1 500'));
    expect(summary.notional).toBeUndefined();
    expect(summary.readable).toBe(true);
  });

  it('describes stop and take-profit orders by their trigger', () => {
    expect(addOrder({ pair: 'XBTUSD', side: 'sell', volume: 0.5, ordertype: 'stop-loss', price: '45000', validate: false }).headline).toBe(
      nb('Sell 0.50 XBT/USD, stop-loss at 45 000 USD'),
    );
    expect(addOrder({ pair: 'XBTUSD', side: 'sell', volume: 0.5, ordertype: 'take-profit', price: '70000', validate: false }, TICKER).headline).toBe(
      nb('Sell 0.50 XBT/USD, take-profit at 70 000 USD — about 33 500.05 USD (estimate)'),
    );
    expect(addOrder({ pair: 'XBTUSD', side: 'sell', volume: 0.5, ordertype: 'take-profit-limit', price: '70000', price2: '69900', validate: false }).headline).toBe(
      nb('Sell 0.50 XBT/USD, take-profit at 70 000 USD, limit 69 900 USD — about 34 950 USD'),
    );
  });

  it('describes trailing stops by their offsets', () => {
    expect(addOrder({ pair: 'XBTUSD', side: 'sell', volume: 0.5, ordertype: 'trailing-stop', price: '+500', validate: false }).headline).toBe(
      'Sell 0.50 XBT/USD, trailing stop 500 USD from the market',
    );
    expect(addOrder({ pair: 'XBTUSD', side: 'sell', volume: 0.5, ordertype: 'trailing-stop-limit', price: '+2%', price2: '#10', validate: false }).headline).toBe(
      'Sell 0.50 XBT/USD, trailing stop 2% from the market, limit offset ±10 USD',
    );
  });

  it('describes a price relative to the last trade in words', () => {
    expect(addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '-1.5%', validate: false }).headline).toBe(
      'Buy 0.10 XBT/USD, limit last price -1.5%',
    );
  });

  it('lists time in force, references and mode after the price, in a trader’s order', () => {
    const summary = addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '50000', timeinforce: 'IOC', userref: 42, cl_ord_id: 'my-order-1', validate: false });
    expect(summary.fields.map((f) => f.label)).toEqual([
      'Side', 'Quantity', 'Pair', 'Order type', 'Limit price', 'Notional', 'Time in force', 'User reference', 'Client order id', 'Mode',
    ]);
    expect(summary.fields[6]).toEqual({ label: 'Time in force', value: 'Immediate or cancel (IOC)' });
  });

  it('reads null as "not given" where the schema allows null', () => {
    const summary = addOrder({ pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '50000', price2: null, timeinforce: null, userref: null, cl_ord_id: null, validate: false });
    expect(summary.readable).toBe(true);
    expect(summary.fields).toHaveLength(7);
  });
});

describe('summarizeCall: cancel, amend, dead man’s switch', () => {
  it('cancels one order by txid', () => {
    expect(summarizeCall({ tool: 'cancel_order', arguments: { txid_or_userref: 'OABC12-DEFGH-IJKLMN' } })).toEqual({
      headline: 'Cancel order OABC12-DEFGH-IJKLMN',
      fields: [{ label: 'Order', value: 'OABC12-DEFGH-IJKLMN' }],
      readable: true,
    });
  });

  it('says that an all-digit value cancels every order with that userref', () => {
    expect(summarizeCall({ tool: 'cancel_order', arguments: { txid_or_userref: '42' } })).toEqual({
      headline: 'Cancel all orders with userref 42',
      fields: [{ label: 'User reference', value: '42' }],
      readable: true,
    });
  });

  it('lists what an amend changes', () => {
    expect(summarizeCall({ tool: 'amend_order', arguments: { order_id: 'OABC12-DEFGH-IJKLMN', limit_price: '51000', order_qty: '0.2' } })).toEqual({
      headline: nb('Amend order OABC12-DEFGH-IJKLMN: limit price → 51 000, quantity → 0.2'),
      fields: [
        { label: 'Order', value: 'OABC12-DEFGH-IJKLMN' },
        { label: 'New limit price', value: nb('51 000') },
        { label: 'New quantity', value: '0.2' },
      ],
      readable: true,
    });
  });

  it('names an amended order by client id and shows every amendable field', () => {
    expect(
      headline('amend_order', { cl_ord_id: 'my-1', order_id: null, trigger_price: '+100', display_qty: '0.05', post_only: true }),
    ).toBe('Amend order with client id my-1: trigger price → last price +100, display quantity → 0.05, post-only → yes');
  });

  it('arms the dead man’s switch in words', () => {
    expect(summarizeCall({ tool: 'cancel_all_orders_after', arguments: { timeout_seconds: 60 } })).toEqual({
      headline: "Cancel ALL open orders in 60 s (dead man's switch)",
      fields: [{ label: 'Countdown', value: '60 s' }],
      readable: true,
    });
    expect(headline('cancel_all_orders_after', { timeout_seconds: 86400 })).toBe(nb("Cancel ALL open orders in 86 400 s (dead man's switch)"));
  });

  it('says that 0 disables the dead man’s switch', () => {
    expect(headline('cancel_all_orders_after', { timeout_seconds: 0 })).toBe("Disable the dead man's switch");
  });

  it('shows any other tool as a call with its arguments', () => {
    expect(summarizeCall({ tool: 'ticker', arguments: { pairs: 'XBTUSD,ETHUSD' } })).toEqual({
      headline: 'Call ticker',
      fields: [{ label: 'pairs', value: 'XBTUSD,ETHUSD' }],
      readable: true,
    });
    expect(summarizeCall({ tool: 'ohlc', arguments: { pair: 'XBTUSD', interval: 60, since: null } }).fields).toEqual([
      { label: 'pair', value: 'XBTUSD' },
      { label: 'interval', value: '60' },
      { label: 'since', value: 'null' },
    ]);
  });
});

describe('summarizeCall: arguments it cannot vouch for', () => {
  const unreadable = (tool: string, args: Record<string, unknown>, problem: string) => {
    expect(summarizeCall({ tool, arguments: args })).toEqual({
      headline: `Call ${tool} — arguments cannot be shown in words; check the raw JSON`,
      fields: [{ label: 'Unreadable', value: problem }],
      readable: false,
    });
  };
  const base = { pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '50000', validate: false };

  it('marks an argument the tool does not declare', () => unreadable('add_order', { ...base, oflags: 'post' }, 'unknown argument "oflags"'));
  it('marks "validate" given as text, which the upstream would coerce', () => unreadable('add_order', { ...base, validate: 'false' }, '"validate" must be true or false'));
  it('marks a volume given as text', () => unreadable('add_order', { ...base, volume: '0.1' }, '"volume" must be a number'));
  it('marks a negative volume', () => unreadable('add_order', { ...base, volume: -1 }, '"volume" must not be negative'));
  it('marks an unknown order type', () =>
    unreadable('add_order', { ...base, ordertype: 'iceberg' }, '"ordertype" must be one of market, limit, stop-loss, take-profit, stop-loss-limit, take-profit-limit, trailing-stop, trailing-stop-limit'));
  it('marks a price that is not a number', () => unreadable('add_order', { ...base, price: '50,000' }, '"price" is not a price: "50,000"'));
  it('marks a price given as a number', () => unreadable('add_order', { ...base, price: 50000 }, '"price" must be text'));
  it('marks a limit order without a price', () => unreadable('add_order', { pair: 'XBTUSD', side: 'buy', volume: 0.1 }, 'a limit order needs "price" (limit)'));
  it('marks a price the order type does not use', () => unreadable('add_order', { ...base, ordertype: 'market' }, '"price" is not used by market orders'));
  it('marks a trailing stop without a "+" offset', () =>
    unreadable('add_order', { ...base, ordertype: 'trailing-stop', price: '500' }, '"price" of a trailing-stop order must be a "+" offset'));
  it('marks a missing side', () => unreadable('add_order', { pair: 'XBTUSD', volume: 0.1, price: '1' }, '"side" is missing'));
  it('marks a pair that is an object', () => unreadable('add_order', { ...base, pair: { base: 'XBT' } }, '"pair" must be text'));
  it('marks text that could display as something else', () =>
    unreadable('cancel_order', { txid_or_userref: 'OABC\u202eNMLKJI' }, '"txid_or_userref" is empty, too long, or has characters that cannot be shown'));
  it('marks a txid with a line break in it', () =>
    unreadable('cancel_order', { txid_or_userref: 'O1\nApproved' }, '"txid_or_userref" is empty, too long, or has characters that cannot be shown'));
  it('marks an amend without an order id', () => unreadable('amend_order', { limit_price: '1' }, 'give exactly one of "order_id" and "cl_ord_id"'));
  it('marks an amend that changes nothing', () => unreadable('amend_order', { order_id: 'O1' }, 'nothing to amend'));
  it('marks an amend quantity that is not a number', () => unreadable('amend_order', { order_id: 'O1', order_qty: '1e3' }, '"order_qty" is not a quantity: "1e3"'));
  it('marks a countdown that is not a whole number', () => unreadable('cancel_all_orders_after', { timeout_seconds: 1.5 }, '"timeout_seconds" must be a whole number'));
  it('marks a negative countdown', () => unreadable('cancel_all_orders_after', { timeout_seconds: -5 }, '"timeout_seconds" must not be negative'));
  it('marks a nested value for a tool it does not know', () => unreadable('ticker', { pairs: ['XBTUSD'] }, '"pairs" is not a plain value that can be shown'));

  it('lists every problem, not only the first', () => {
    const summary = summarizeCall({ tool: 'add_order', arguments: { ...base, side: 'long', validate: 0, extra: 1 } });
    expect(summary.readable).toBe(false);
    expect(summary.fields.map((f) => f.value)).toEqual(['unknown argument "extra"', '"side" must be one of buy, sell', '"validate" must be true or false']);
  });

  it('never echoes invisible characters in a problem', () => {
    const summary = summarizeCall({ tool: 'cancel_order', arguments: { 'txid\u202e': 'O1', txid_or_userref: 'O1' } });
    expect(summary.fields).toEqual([{ label: 'Unreadable', value: 'unknown argument "txid\\u202e"' }]);
  });

  it('does not name a tool whose name cannot be shown', () => {
    expect(summarizeCall({ tool: 'add\u200border', arguments: {} }).headline).toBe('Call a tool with an unprintable name — arguments cannot be shown in words; check the raw JSON');
  });
});
