// ClosedOrders and TradesHistory: newest first, 50 a page from `ofs`, bounded by `start`
// (exclusive) and `end` (inclusive), each a unix time or the id of an order or trade, as on Kraken.
import type { PairSpec } from './catalog.js';
import { INVALID_ARGUMENTS, KrakenError, fixed, unixSeconds } from './kraken-format.js';
import { type OrderType, type PaperOrder, type Side, orderView } from './orders.js';

const PAGE = 50;

export interface PaperTrade {
  txid: string;
  ordertxid: string;
  pair: PairSpec;
  time: number;
  side: Side;
  ordertype: OrderType;
  price: number;
  cost: number;
  volume: number;
  maker: boolean;
  tradeId: number;
}

type Bound = number | string | null | undefined;

export interface ClosedOrdersArgs {
  trades?: boolean;
  userref?: number | null;
  start?: Bound;
  end?: Bound;
  ofs?: number | null;
  closetime?: string | null;
  consolidate_taker?: boolean | null;
  without_count?: boolean | null;
  cl_ord_id?: string | null;
  rebase_multiplier?: string | null;
}

export interface TradesHistoryArgs {
  type?: string;
  start?: Bound;
  end?: Bound;
  ofs?: number | null;
  consolidate_taker?: boolean | null;
  ledgers?: boolean | null;
  rebase_multiplier?: string | null;
}

export function closedOrdersView(orders: readonly PaperOrder[], args: ClosedOrdersArgs): Record<string, unknown> {
  const closetime = args.closetime ?? 'both';
  if (!['open', 'close', 'both'].includes(closetime)) throw new KrakenError(INVALID_ARGUMENTS);
  const idTime = (id: string) => {
    const order = orders.find((o) => o.txid === id);
    return order ? (order.closetm ?? order.opentm) : undefined;
  };
  const inRange = timeWindow(args.start, args.end, idTime);
  const matching = orders
    .filter((o) => o.status !== 'open')
    .filter((o) => args.userref == null || o.userref === args.userref)
    .filter((o) => args.cl_ord_id == null || o.clOrdId === args.cl_ord_id)
    .filter((o) => {
      const times = { open: [o.opentm], close: [o.closetm ?? o.opentm], both: [o.opentm, o.closetm ?? o.opentm] }[closetime] ?? [];
      return times.some(inRange);
    })
    .sort((a, b) => (b.closetm ?? 0) - (a.closetm ?? 0));
  const closed = Object.fromEntries(page(matching, args.ofs).map((o) => [o.txid, orderView(o, args.trades === true)]));
  return args.without_count === true ? { closed } : { closed, count: matching.length };
}

export function tradesHistoryView(trades: readonly PaperTrade[], args: TradesHistoryArgs): Record<string, unknown> {
  const idTime = (id: string) => trades.find((t) => t.txid === id)?.time;
  const inRange = timeWindow(args.start, args.end, idTime);
  // Paper accounts hold no margin positions, so only the position-agnostic filters match.
  const positionFree = ['all', 'no position'].includes(args.type ?? 'all');
  const matching = trades.filter((t) => positionFree && inRange(t.time)).sort((a, b) => b.time - a.time);
  return { trades: Object.fromEntries(page(matching, args.ofs).map((t) => [t.txid, tradeView(t)])), count: matching.length };
}

export function tradeView(trade: PaperTrade): Record<string, unknown> {
  const { pair } = trade;
  return {
    ordertxid: trade.ordertxid,
    pair: pair.key,
    time: unixSeconds(trade.time),
    type: trade.side,
    ordertype: trade.ordertype,
    price: fixed(trade.price, pair.pairDecimals),
    cost: fixed(trade.cost, pair.costDecimals),
    fee: fixed(0, pair.costDecimals),
    vol: fixed(trade.volume, 8),
    margin: fixed(0, pair.costDecimals),
    leverage: '0',
    misc: '',
    trade_id: trade.tradeId,
    maker: trade.maker,
  };
}

function page<T>(items: T[], ofs: number | null | undefined): T[] {
  const from = ofs ?? 0;
  if (from < 0) throw new KrakenError(INVALID_ARGUMENTS);
  return items.slice(from, from + PAGE);
}

/** A predicate on millisecond times for Kraken's start/end bounds. */
function timeWindow(start: Bound, end: Bound, idTime: (id: string) => number | undefined): (ms: number) => boolean {
  const from = boundMs(start, idTime);
  const to = boundMs(end, idTime);
  return (ms) => (from === null || ms > from) && (to === null || ms <= to);
}

function boundMs(bound: Bound, idTime: (id: string) => number | undefined): number | null {
  if (bound === null || bound === undefined) return null;
  if (typeof bound === 'number') return bound * 1000;
  if (/^\d+(\.\d+)?$/.test(bound)) return Number(bound) * 1000;
  const ms = idTime(bound);
  if (ms === undefined) throw new KrakenError(INVALID_ARGUMENTS);
  return ms;
}
