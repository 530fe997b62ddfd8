// What an order is on the paper exchange: its terms checked the way Kraken's AddOrder checks
// them (also when only validating), its one-line description, when a conditional order fires,
// and how OpenOrders/ClosedOrders print it.
import { type PairSpec, requirePair } from './catalog.js';
import { INVALID_ARGUMENTS, KrakenError, decimalPlaces, fixed, parseDecimal, unixSeconds } from './kraken-format.js';

export type Side = 'buy' | 'sell';
export type OrderType =
  | 'market'
  | 'limit'
  | 'stop-loss'
  | 'take-profit'
  | 'stop-loss-limit'
  | 'take-profit-limit'
  | 'trailing-stop'
  | 'trailing-stop-limit';
export type TimeInForce = 'GTC' | 'IOC' | 'GTD';

/** add_order's arguments, as the tool schema names them (defaults as in kraken-mcp). */
export interface AddOrderArgs {
  pair: string;
  side: Side;
  ordertype?: OrderType;
  volume?: number;
  price?: string | null;
  price2?: string | null;
  timeinforce?: TimeInForce | null;
  userref?: number | null;
  cl_ord_id?: string | null;
  validate?: boolean;
}

export interface OrderTerms {
  pair: PairSpec;
  side: Side;
  ordertype: OrderType;
  volume: number;
  /** Limit price for `limit`, trigger price for the stop/take-profit types. */
  price: number | null;
  /** Limit price once a `*-limit` conditional order fires. */
  price2: number | null;
  /** Trailing offsets exactly as given ("+500", "+1%"); trailing orders rest but never fire here. */
  trail: string | null;
  trail2: string | null;
  timeinforce: TimeInForce;
  userref: number | null;
  clOrdId: string | null;
}

export interface PaperOrder extends OrderTerms {
  txid: string;
  status: 'open' | 'closed' | 'canceled';
  postOnly: boolean;
  triggered: boolean;
  opentm: number;
  closetm: number | null;
  reason: string | null;
  volExec: number;
  cost: number;
  trades: string[];
  /** Funds held while open: quote currency for a buy, base for a sell. */
  reserved: number;
}

const CONDITIONAL: ReadonlySet<OrderType> = new Set([
  'stop-loss',
  'take-profit',
  'stop-loss-limit',
  'take-profit-limit',
  'trailing-stop',
  'trailing-stop-limit',
]);

export function parseOrderTerms(args: AddOrderArgs): OrderTerms {
  const pair = requirePair(args.pair);
  const ordertype = args.ordertype ?? 'limit';
  const volume = args.volume ?? 0;
  if (!Number.isFinite(volume) || volume <= 0) throw new KrakenError(INVALID_ARGUMENTS);
  if (volume < pair.ordermin) throw new KrakenError('EOrder:Order minimum not met');
  // GTD needs an expiry time, which kraken-mcp's add_order cannot pass.
  if (args.timeinforce === 'GTD') throw new KrakenError(INVALID_ARGUMENTS);
  const trailing = ordertype.startsWith('trailing-stop');
  const terms: OrderTerms = {
    pair,
    side: args.side,
    ordertype,
    volume: Number(volume.toFixed(pair.lotDecimals)),
    price: null,
    price2: null,
    trail: null,
    trail2: null,
    timeinforce: args.timeinforce ?? 'GTC',
    userref: args.userref ?? null,
    clOrdId: args.cl_ord_id ?? null,
  };
  if (ordertype === 'market') return terms;
  const price = required(args.price);
  if (trailing) terms.trail = offset(price, /^\+\d+(\.\d+)?%?$/);
  else terms.price = priceFor(pair, price);
  if (ordertype.endsWith('-limit')) {
    const price2 = required(args.price2);
    if (trailing) terms.trail2 = offset(price2, /^[+-]\d+(\.\d+)?%?$/);
    else terms.price2 = priceFor(pair, price2);
  }
  return terms;
}

function required(text: string | null | undefined): string {
  if (text === null || text === undefined || text === '') throw new KrakenError(INVALID_ARGUMENTS);
  return text;
}

function offset(text: string, shape: RegExp): string {
  if (!shape.test(text)) throw new KrakenError(INVALID_ARGUMENTS);
  return text;
}

export function priceFor(pair: PairSpec, text: string): number {
  const value = parseDecimal(text);
  if (decimalPlaces(text) > pair.pairDecimals) {
    throw new KrakenError(`EOrder:Invalid price:${pair.altname} price can only be specified up to ${pair.pairDecimals} decimals.`);
  }
  if (value <= 0) throw new KrakenError(INVALID_ARGUMENTS);
  return value;
}

/** "buy 0.10000000 XBTUSD @ limit 50000.0", Kraken's descr.order. */
export function describe(terms: OrderTerms): string {
  const px = (n: number | null) => fixed(n ?? 0, terms.pair.pairDecimals);
  const head = `${terms.side} ${fixed(terms.volume, 8)} ${terms.pair.altname} @ `;
  const kind = terms.ordertype.replace(/-limit$/, '').replace('-', ' ');
  switch (terms.ordertype) {
    case 'market':
      return `${head}market`;
    case 'limit':
      return `${head}limit ${px(terms.price)}`;
    case 'stop-loss':
    case 'take-profit':
      return `${head}${kind} ${px(terms.price)}`;
    case 'stop-loss-limit':
    case 'take-profit-limit':
      return `${head}${kind} ${px(terms.price)} -> limit ${px(terms.price2)}`;
    case 'trailing-stop':
      return `${head}${kind} ${terms.trail}`;
    case 'trailing-stop-limit':
      return `${head}${kind} ${terms.trail} -> limit ${terms.trail2}`;
  }
}

export function isConditional(terms: OrderTerms): boolean {
  return CONDITIONAL.has(terms.ordertype);
}

/** The limit an order trades at once live; null means it takes whatever the market offers. */
export function limitPrice(terms: OrderTerms): number | null {
  if (terms.ordertype === 'limit') return terms.price;
  if (terms.ordertype === 'stop-loss-limit' || terms.ordertype === 'take-profit-limit') return terms.price2;
  return null;
}

/** Stops fire when the last price moves against the position, take-profits when it moves for it. */
export function hasFired(terms: OrderTerms, last: number): boolean {
  if (!isConditional(terms)) return true;
  if (terms.price === null) return false; // trailing: not simulated
  const risingFires = terms.ordertype.startsWith('stop-loss') === (terms.side === 'buy');
  return risingFires ? last >= terms.price : last <= terms.price;
}

export function orderView(order: PaperOrder, withTrades: boolean): Record<string, unknown> {
  const { pair } = order;
  const px = (n: number | null) => fixed(n ?? 0, pair.pairDecimals);
  const view: Record<string, unknown> = {
    refid: null,
    userref: order.userref,
    ...(order.clOrdId === null ? {} : { cl_ord_id: order.clOrdId }),
    status: order.status,
    opentm: unixSeconds(order.opentm),
    starttm: 0,
    expiretm: 0,
    descr: {
      pair: pair.altname,
      type: order.side,
      ordertype: order.ordertype,
      price: order.trail ?? px(order.price),
      price2: order.trail2 ?? px(order.price2),
      leverage: 'none',
      order: describe(order),
      close: '',
    },
    vol: fixed(order.volume, 8),
    vol_exec: fixed(order.volExec, 8),
    cost: fixed(order.cost, pair.costDecimals),
    fee: fixed(0, pair.costDecimals),
    price: px(order.volExec > 0 ? order.cost / order.volExec : 0),
    stopprice: fixed(0, pair.costDecimals),
    limitprice: fixed(0, pair.costDecimals),
    misc: '',
    oflags: order.postOnly ? 'fciq,post' : 'fciq',
  };
  if (order.status !== 'open') {
    view.closetm = order.closetm === null ? 0 : unixSeconds(order.closetm);
    view.reason = order.reason;
  }
  if (withTrades && order.trades.length > 0) view.trades = [...order.trades];
  return view;
}
