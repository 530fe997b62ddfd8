// The paper exchange: balances, orders and fills in memory, answering each kraken-mcp tool the
// way Kraken would. No I/O and no timers: time comes from an injectable clock and the dead man's
// switch is settled at the start of every call, so nothing can observe an overdue switch.
import { ASSETS, PAIRS, type PairSpec, assetDecimals, requireAsset, requirePair } from './catalog.js';
import { type ClosedOrdersArgs, type PaperTrade, type TradesHistoryArgs, closedOrdersView, tradesHistoryView } from './history.js';
import { INVALID_ARGUMENTS, KrakenError, krakenId, parseDecimal, rfc1123, rfc3339, roundTo, splitList } from './kraken-format.js';
import { assetEntry, bookSides, ohlcSeries, pairEntry, quoteFor, recentSpreadsSeries, recentTradesSeries, tickerEntry } from './market-data.js';
import {
  type AddOrderArgs,
  type OrderTerms,
  type PaperOrder,
  describe,
  hasFired,
  isConditional,
  limitPrice,
  orderView,
  parseOrderTerms,
  priceFor,
} from './orders.js';

export type { AddOrderArgs } from './orders.js';
export type { ClosedOrdersArgs, TradesHistoryArgs } from './history.js';

export interface PaperExchangeOptions {
  /** Milliseconds since the epoch; tests drive it instead of waiting. */
  now?: () => number;
  /** Starting balances by Kraken asset key (ZUSD, XXBT, XETH, ...). */
  balances?: Record<string, number>;
  /** Starting last prices by pair name (XBTUSD or XXBTZUSD). */
  prices?: Record<string, number>;
}

export interface AmendOrderArgs {
  order_id?: string | null;
  cl_ord_id?: string | null;
  order_qty?: string | null;
  limit_price?: string | null;
  trigger_price?: string | null;
  display_qty?: string | null;
  post_only?: boolean | null;
}

type Result = Record<string, unknown>;

export const DEFAULT_BALANCES: Readonly<Record<string, number>> = { ZUSD: 10_000, XXBT: 0.5, XETH: 5 };

// Balances are rounded to each asset's decimals, so a tolerance below any of them is enough.
const EPSILON = 1e-12;

export class PaperExchange {
  private readonly now: () => number;
  private readonly balances = new Map<string, number>();
  private readonly prices = new Map<string, number>();
  private readonly orders = new Map<string, PaperOrder>();
  private readonly trades: PaperTrade[] = [];
  private deadline: number | null = null;
  private tradeCounter = 0;

  constructor(options: PaperExchangeOptions = {}) {
    this.now = options.now ?? Date.now;
    for (const [asset, amount] of Object.entries(options.balances ?? DEFAULT_BALANCES)) this.balances.set(asset, amount);
    for (const spec of PAIRS) this.prices.set(spec.key, spec.price);
    for (const [name, price] of Object.entries(options.prices ?? {})) this.prices.set(requirePair(name).key, price);
  }

  // ---- public market data ----

  serverTime(): Result {
    this.settle();
    const now = this.now();
    return { unixtime: Math.floor(now / 1000), rfc1123: rfc1123(now) };
  }

  systemStatus(): Result {
    this.settle();
    return { status: 'online', timestamp: rfc3339(this.now()) };
  }

  assetInfo(args: { assets?: string | null; aclass?: string | null } = {}): Result {
    this.settle();
    const assets = args.assets == null ? ASSETS : splitList(args.assets).map(requireAsset);
    // Every paper asset is a plain currency; other classes have nothing to list.
    if (args.aclass != null && args.aclass !== 'currency') return {};
    return Object.fromEntries(assets.map((a) => [a.key, assetEntry(a)]));
  }

  tradableAssetPairs(args: { pairs?: string | null; info?: string | null } = {}): Result {
    this.settle();
    const specs = this.pairList(args.pairs);
    return Object.fromEntries(specs.map((s) => [s.key, pairEntry(s, args.info ?? null)]));
  }

  ticker(args: { pairs?: string | null } = {}): Result {
    this.settle();
    return Object.fromEntries(this.pairList(args.pairs).map((s) => [s.key, tickerEntry(s, this.quote(s))]));
  }

  ohlc(args: { pair: string; interval?: number; since?: number | null }): Result {
    this.settle();
    const spec = requirePair(args.pair);
    return ohlcSeries(spec, this.quote(spec).last, this.now(), args.interval ?? 1, args.since ?? null);
  }

  orderBook(args: { pair: string; count?: number | null }): Result {
    this.settle();
    const spec = requirePair(args.pair);
    return bookSides(spec, this.quote(spec), this.now(), args.count ?? null);
  }

  recentTrades(args: { pair: string; since?: number | null }): Result {
    this.settle();
    const spec = requirePair(args.pair);
    return recentTradesSeries(spec, this.quote(spec).last, this.now(), args.since ?? null);
  }

  recentSpreads(args: { pair: string; since?: number | null }): Result {
    this.settle();
    const spec = requirePair(args.pair);
    return recentSpreadsSeries(spec, this.quote(spec), this.now(), args.since ?? null);
  }

  /** Moves a pair's last price (a paper-only lever): resting and conditional orders react to it. */
  setPrice(pair: string, price: number): void {
    this.settle();
    const spec = requirePair(pair);
    if (!Number.isFinite(price) || price <= 0) throw new KrakenError(INVALID_ARGUMENTS);
    this.prices.set(spec.key, roundTo(price, spec.pairDecimals));
    for (const order of this.openOrderList()) if (order.pair === spec) this.work(order, false);
  }

  // ---- private reads ----

  /** Total balances like Kraken's Balance: funds held by resting orders are still included. */
  accountBalance(): Result {
    this.settle();
    return Object.fromEntries([...this.balances].map(([asset, amount]) => [asset, amount.toFixed(assetDecimals(asset))]));
  }

  openOrders(args: { userref?: number | null; trades?: boolean } = {}): Result {
    this.settle();
    const open = this.openOrderList().filter((o) => args.userref == null || o.userref === args.userref);
    return { open: Object.fromEntries(open.map((o) => [o.txid, orderView(o, args.trades === true)])) };
  }

  closedOrders(args: ClosedOrdersArgs = {}): Result {
    this.settle();
    return closedOrdersView([...this.orders.values()], args);
  }

  tradesHistory(args: TradesHistoryArgs = {}): Result {
    this.settle();
    return tradesHistoryView(this.trades, args);
  }

  // ---- trading ----

  /** Kraken's AddOrder: `validate` (default true) checks the order and changes nothing. */
  addOrder(args: AddOrderArgs): Result {
    this.settle();
    const terms = parseOrderTerms(args);
    const descr = { order: describe(terms) };
    if (args.validate ?? true) return { descr };
    const order: PaperOrder = {
      ...terms,
      txid: this.newId('O'),
      status: 'open',
      postOnly: false,
      triggered: !isConditional(terms),
      opentm: this.now(),
      closetm: null,
      reason: null,
      volExec: 0,
      cost: 0,
      trades: [],
      reserved: 0,
    };
    order.reserved = this.hold(order, 0);
    this.orders.set(order.txid, order);
    this.work(order, true);
    return { descr, txid: [order.txid] };
  }

  /** Kraken's CancelOrder: a txid or cl_ord_id cancels that order, a number every order with that userref. */
  cancelOrder(args: { txid_or_userref: string }): Result {
    this.settle();
    const key = args.txid_or_userref.trim();
    const open = this.openOrderList();
    const targets = /^-?\d+$/.test(key)
      ? open.filter((o) => o.userref === Number(key))
      : open.filter((o) => o.txid === key || o.clOrdId === key);
    if (targets.length === 0 && !/^-?\d+$/.test(key)) throw new KrakenError('EOrder:Unknown order');
    for (const order of targets) this.close(order, 'canceled', 'User requested');
    return { count: targets.length };
  }

  /** Kraken's AmendOrder: changes an open order in place; a price that now crosses trades at once. */
  amendOrder(args: AmendOrderArgs): Result {
    this.settle();
    // These two checks are kraken-mcp's own, made before Kraken is asked, hence not E-codes.
    if (args.order_id == null && args.cl_ord_id == null) throw new Error('Provide order_id or cl_ord_id.');
    if ([args.order_qty, args.limit_price, args.trigger_price, args.display_qty].every((f) => f == null)) {
      throw new Error('Provide at least one field to amend.');
    }
    const order = this.openOrderList().find((o) =>
      args.order_id != null ? o.txid === args.order_id : o.clOrdId === args.cl_ord_id,
    );
    if (!order) throw new KrakenError('EOrder:Unknown order');
    // Paper orders are never icebergs, so there is no display quantity to change.
    if (args.display_qty != null) throw new KrakenError(INVALID_ARGUMENTS);
    const next: PaperOrder = { ...order, trades: [...order.trades] };
    if (args.order_qty != null) {
      next.volume = parseDecimal(args.order_qty);
      if (next.volume <= 0) throw new KrakenError(INVALID_ARGUMENTS);
      if (next.volume < order.pair.ordermin) throw new KrakenError('EOrder:Order minimum not met');
    }
    if (args.limit_price != null) {
      const price = priceFor(order.pair, args.limit_price);
      if (order.ordertype === 'limit') next.price = price;
      else if (limitPrice(order) !== null) next.price2 = price;
      else throw new KrakenError(INVALID_ARGUMENTS);
    }
    if (args.trigger_price != null) {
      if (!isConditional(order) || order.price === null) throw new KrakenError(INVALID_ARGUMENTS);
      next.price = priceFor(order.pair, args.trigger_price);
    }
    if (args.post_only != null) next.postOnly = args.post_only;
    if (next.postOnly && next.triggered && this.crosses(next)) throw new KrakenError('EOrder:Post only order');
    const reserved = this.hold(next, order.reserved);
    Object.assign(order, next, { reserved });
    this.work(order, true);
    return { amend_id: krakenId('T') };
  }

  /** Kraken's dead man's switch: cancel every open order once the countdown ends; 0 disarms it. */
  cancelAllOrdersAfter(args: { timeout_seconds: number }): Result {
    this.settle();
    const seconds = args.timeout_seconds;
    if (!Number.isInteger(seconds) || seconds < 0) throw new KrakenError(INVALID_ARGUMENTS);
    const now = this.now();
    this.deadline = seconds === 0 ? null : now + seconds * 1000;
    return { currentTime: rfc3339(now), triggerTime: this.deadline === null ? '0' : rfc3339(this.deadline) };
  }

  // ---- internals ----

  private settle(): void {
    if (this.deadline === null || this.now() < this.deadline) return;
    this.deadline = null;
    for (const order of this.openOrderList()) this.close(order, 'canceled', 'Dead man switch');
  }

  private pairList(names: string | null | undefined): readonly PairSpec[] {
    return names == null ? PAIRS : splitList(names).map(requirePair);
  }

  private quote(spec: PairSpec) {
    return quoteFor(spec, this.prices.get(spec.key) ?? spec.price);
  }

  private openOrderList(): PaperOrder[] {
    return [...this.orders.values()].filter((o) => o.status === 'open');
  }

  private balance(asset: string): number {
    return this.balances.get(asset) ?? 0;
  }

  private credit(asset: string, amount: number): void {
    this.balances.set(asset, roundTo(this.balance(asset) + amount, assetDecimals(asset)));
  }

  /** What open orders leave free of an asset: Kraken checks new orders against this. */
  private available(asset: string): number {
    const held = this.openOrderList()
      .filter((o) => spendAsset(o) === asset)
      .reduce((sum, o) => sum + o.reserved, 0);
    return this.balance(asset) - held;
  }

  /** Funds an order must hold while it waits; `alreadyHeld` is what it holds now (amends). */
  private hold(terms: OrderTerms, alreadyHeld: number): number {
    const asset = spendAsset(terms);
    const need =
      terms.side === 'sell'
        ? terms.volume
        : roundTo(terms.volume * (limitPrice(terms) ?? terms.price ?? this.quote(terms.pair).ask), assetDecimals(asset));
    if (need > this.available(asset) + alreadyHeld + EPSILON) throw new KrakenError('EOrder:Insufficient funds');
    return need;
  }

  private crosses(terms: OrderTerms): boolean {
    const limit = limitPrice(terms);
    const { ask, bid } = this.quote(terms.pair);
    return limit === null || (terms.side === 'buy' ? ask <= limit : bid >= limit);
  }

  /**
   * Lets an open order meet the market. At placement (or once a conditional order fires) it is
   * the taker and trades at the touch; a resting limit reached later trades at its own price.
   */
  private work(order: PaperOrder, taker: boolean): void {
    if (order.status !== 'open') return;
    const quote = this.quote(order.pair);
    if (!order.triggered) {
      if (!hasFired(order, quote.last)) return;
      order.triggered = true;
      taker = true;
    }
    if (this.crosses(order)) {
      const touch = order.side === 'buy' ? quote.ask : quote.bid;
      this.fill(order, taker ? touch : (limitPrice(order) ?? touch), !taker);
    } else if (taker && order.timeinforce === 'IOC') {
      this.close(order, 'canceled', 'Immediate or cancel');
    }
  }

  private fill(order: PaperOrder, price: number, maker: boolean): void {
    const { base, quote } = order.pair;
    const cost = roundTo(order.volume * price, assetDecimals(quote));
    order.reserved = 0;
    const spend = order.side === 'buy' ? cost : order.volume;
    // A stop that fires into a worse price can need more than it held.
    if (spend > this.available(spendAsset(order)) + EPSILON) {
      this.close(order, 'canceled', 'Insufficient funds');
      return;
    }
    const sign = order.side === 'buy' ? 1 : -1;
    this.credit(base, sign * order.volume);
    this.credit(quote, -sign * cost);
    const trade: PaperTrade = {
      txid: this.newId('T'),
      ordertxid: order.txid,
      pair: order.pair,
      time: this.now(),
      side: order.side,
      ordertype: order.ordertype,
      price,
      cost,
      volume: order.volume,
      maker,
      tradeId: ++this.tradeCounter,
    };
    this.trades.push(trade);
    order.volExec = order.volume;
    order.cost = cost;
    order.trades.push(trade.txid);
    this.close(order, 'closed', null);
  }

  private close(order: PaperOrder, status: 'closed' | 'canceled', reason: string | null): void {
    order.status = status;
    order.closetm = this.now();
    order.reason = reason;
    order.reserved = 0;
  }

  private newId(prefix: 'O' | 'T'): string {
    let id = krakenId(prefix);
    while (this.orders.has(id) || this.trades.some((t) => t.txid === id)) id = krakenId(prefix);
    return id;
  }
}

function spendAsset(terms: OrderTerms): string {
  return terms.side === 'buy' ? terms.pair.quote : terms.pair.base;
}
