// The gate's own reads of the market, through the upstream's public tools (and open_orders for an
// amendment): what it needs to value one order in the cap currency. These are not an agent's
// calls, so they are not in the call log. Pairs change rarely and are kept an hour; prices are
// kept a few seconds, so orders arriving together share one ticker read. A read that fails leaves
// a problem in the facts, and the order then waits for a person (policy/worth.ts).
import { indexPairs, lookupPair, normalizeCurrency, routeBetween, type MarketFacts, type PairFacts, type StandingOrder, type Touch } from '../policy/index.js';
import type { BookSide, PriceQuote } from '../approvals/index.js';
import type { ToolCall, ToolResult } from '../types.js';

/** What the reader needs of the upstream client. */
export interface ToolCaller {
  callTool(name: string, args: Record<string, unknown>, options?: { signal?: AbortSignal }): Promise<ToolResult>;
}

export interface MarketReaderOptions {
  /** A price older than this is read again (default 5 s). */
  quoteMaxAgeMs?: number;
  /** The pair list is read again after this (default 1 h), or sooner for a pair it lacks (after 60 s). */
  pairsMaxAgeMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

interface Cached<T> {
  value: T;
  at: number;
}

const MISSING_PAIR_RETRY_MS = 60_000;

export class MarketReader {
  private pairs: Cached<Map<string, PairFacts>> | undefined;
  private pairsLoading: Promise<Map<string, PairFacts>> | undefined;
  private readonly touches = new Map<string, Cached<Touch>>();
  private balance: Cached<Map<string, number>> | undefined;
  private readonly now: () => number;

  constructor(
    private readonly upstream: ToolCaller,
    /** "Kraken ticker", "paper exchange ticker": said beside every figure. */
    private readonly source: () => string,
    private readonly options: MarketReaderOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Forgets everything read (the upstream changed). */
  clear(): void {
    this.pairs = undefined;
    this.expireQuotes();
  }

  /** Forgets prices and balances, keeping the pair list: the next reads are fresh, and shared by orders on one pair. */
  expireQuotes(): void {
    this.touches.clear();
    this.balance = undefined;
  }

  /** Pairs, prices and (for amend_order) open orders needed to value `call` in `capCurrency`. Never rejects. */
  async factsFor(call: ToolCall, capCurrency: string): Promise<MarketFacts> {
    const problems: string[] = [];
    const note = (what: string) => (error: unknown): undefined => {
      problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    };
    let orders: Map<string, StandingOrder> | undefined;
    let pairName: unknown = call.arguments.pair;
    if (call.tool === 'amend_order' || call.tool === 'cancel_order') {
      orders = await this.openOrders().catch(note('open orders could not be read'));
      const id = orderNamed(call);
      pairName = id === undefined ? undefined : orders?.get(id)?.pair;
    }
    const name = typeof pairName === 'string' ? pairName : undefined;
    const pairs = (await this.pairList(name).catch(note('the pair list could not be read'))) ?? new Map<string, PairFacts>();
    const pair = name === undefined ? undefined : lookupPair(pairs, name);
    const keys = pair ? [pair.key, ...(routeBetween(pairs.values(), pair.quote, normalizeCurrency(capCurrency)) ?? []).map((s) => s.pair.key)] : [];
    const touches = new Map<string, Touch>();
    let oldest = this.now();
    if (keys.length > 0) {
      const read = await this.touchesOf(keys).catch(note('the ticker could not be read'));
      for (const [key, cached] of read ?? []) {
        touches.set(key, cached.value);
        oldest = Math.min(oldest, cached.at);
      }
    }
    return {
      pairs,
      touches,
      source: this.source(),
      at: new Date(oldest),
      ...(orders && { orders }),
      ...(problems.length > 0 && { problem: problems.join('; ') }),
    };
  }

  /** The order book of one pair (by its key), best levels first; undefined when it cannot be read. */
  async book(pairKey: string, count = 100): Promise<{ asks: BookSide; bids: BookSide } | undefined> {
    const data = await this.read('order_book', { pair: pairKey, count }).catch(() => undefined);
    const entry = (data && Object.values(data)[0]) as { asks?: unknown[]; bids?: unknown[] } | undefined;
    if (!entry) return undefined;
    const side = (rows: unknown[] | undefined): Array<[number, number]> =>
      (rows ?? []).flatMap((row) => (Array.isArray(row) && Number(row[0]) > 0 && Number(row[1]) > 0 ? [[Number(row[0]), Number(row[1])] as [number, number]] : []));
    return { asks: side(entry.asks), bids: side(entry.bids) };
  }

  /**
   * What the account holds, by currency as pairs write it (XBT, USD, EUR), kept as long as prices:
   * for a held order's risk tier. Undefined when it cannot be read (no keys, the exchange busy).
   */
  async balances(): Promise<Map<string, number> | undefined> {
    const now = this.now();
    if (this.balance && now - this.balance.at < (this.options.quoteMaxAgeMs ?? 5000)) return this.balance.value;
    const data = await this.read('account_balance', {}).catch(() => undefined);
    if (data === undefined) return undefined;
    const value = new Map<string, number>();
    for (const [asset, amount] of Object.entries(data)) {
      // Kraken's keys: ZUSD, XXBT, XETH for the old assets, USDT or SOL for newer ones; "XBT.F" and "USD.HOLD" are other balances.
      if (asset.includes('.')) continue;
      const currency = normalizeCurrency(/^[XZ][A-Z]{3}$/.test(asset) ? asset.slice(1) : asset);
      const n = Number(amount);
      if (Number.isFinite(n)) value.set(currency, n);
    }
    this.balance = { value, at: this.now() };
    return value;
  }

  private async pairList(wanted: string | undefined): Promise<Map<string, PairFacts>> {
    const now = this.now();
    const cached = this.pairs;
    const fresh = cached !== undefined && now - cached.at < (this.options.pairsMaxAgeMs ?? 3_600_000);
    const lacks = cached !== undefined && wanted !== undefined && lookupPair(cached.value, wanted) === undefined && now - cached.at >= MISSING_PAIR_RETRY_MS;
    if (cached && fresh && !lacks) return cached.value;
    this.pairsLoading ??= this.read('tradable_asset_pairs', {})
      .then((data) => {
        const value = indexPairs(Object.entries(data).flatMap(([key, entry]) => pairFacts(key, entry)));
        this.pairs = { value, at: this.now() };
        return value;
      })
      .finally(() => {
        this.pairsLoading = undefined;
      });
    return this.pairsLoading;
  }

  private async touchesOf(keys: readonly string[]): Promise<Map<string, Cached<Touch>>> {
    const now = this.now();
    const maxAge = this.options.quoteMaxAgeMs ?? 5000;
    const stale = [...new Set(keys)].filter((key) => {
      const cached = this.touches.get(key);
      return cached === undefined || now - cached.at >= maxAge;
    });
    if (stale.length > 0) {
      const data = await this.read('ticker', { pairs: stale.join(',') });
      const at = this.now();
      for (const [key, entry] of Object.entries(data)) {
        const touch = touchOf(entry);
        if (touch) this.touches.set(key, { value: touch, at });
      }
    }
    return new Map(keys.flatMap((key) => {
      const cached = this.touches.get(key);
      return cached && now - cached.at < maxAge ? [[key, cached] as const] : [];
    }));
  }

  private async openOrders(): Promise<Map<string, StandingOrder>> {
    const data = await this.read('open_orders', {});
    const open = (data.open ?? {}) as Record<string, unknown>;
    const map = new Map<string, StandingOrder>();
    for (const [txid, entry] of Object.entries(open)) {
      const order = standingOrder(txid, entry);
      if (!order) continue;
      map.set(txid, order);
      if (order.clOrdId) map.set(order.clOrdId, order);
    }
    return map;
  }

  private async read(tool: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const result = await this.upstream.callTool(tool, args, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000) });
    const data = result.structuredContent ?? parseText(result);
    if (result.isError || data === undefined) throw new Error(firstText(result) ?? `${tool} gave no answer that could be read`);
    return data;
  }
}

/** The price a person compares an order with: the ask for a buy, the bid for a sell, else the last trade. */
export function marketQuote(facts: MarketFacts | undefined, call: ToolCall, pairName?: string): PriceQuote | undefined {
  const name = pairName ?? call.arguments.pair;
  if (facts === undefined || typeof name !== 'string') return undefined;
  const pair = lookupPair(facts.pairs, name);
  const touch = pair && facts.touches.get(pair.key);
  if (!touch) return undefined;
  const side = call.arguments.side;
  const value = side === 'buy' ? touch.ask : side === 'sell' ? touch.bid : touch.last;
  return value > 0 ? { value, source: facts.source, at: facts.at, pair: name } : undefined;
}

/** The order an amend_order or cancel_order names by id (a cancel by userref names a group, not one order). */
export function orderNamed(call: ToolCall): string | undefined {
  const { order_id: orderId, cl_ord_id: clOrdId, txid_or_userref: target } = call.arguments;
  const id = call.tool === 'cancel_order' ? (typeof target === 'string' && !/^\d+$/.test(target.trim()) ? target.trim() : undefined) : (orderId ?? clOrdId);
  return typeof id === 'string' ? id : undefined;
}

function pairFacts(key: string, entry: unknown): Array<PairFacts & { altname?: string }> {
  if (typeof entry !== 'object' || entry === null) return [];
  const { wsname, altname } = entry as { wsname?: unknown; altname?: unknown };
  // wsname ("ETH/XBT") names base and quote the way people and the cap currency do.
  if (typeof wsname !== 'string' || !/^[^/]+\/[^/]+$/.test(wsname)) return [];
  const [base = '', quote = ''] = wsname.split('/').map(normalizeCurrency);
  return [{ key, name: wsname, base, quote, ...(typeof altname === 'string' && { altname }) }];
}

function touchOf(entry: unknown): Touch | undefined {
  const f = (entry ?? {}) as { a?: unknown[]; b?: unknown[]; c?: unknown[] };
  const num = (list: unknown[] | undefined): number => Number(list?.[0]);
  const touch = { ask: num(f.a), bid: num(f.b), last: num(f.c) };
  return Object.values(touch).every((n) => Number.isFinite(n) && n > 0) ? touch : undefined;
}

function standingOrder(txid: string, entry: unknown): StandingOrder | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const e = entry as { descr?: Record<string, unknown>; vol?: unknown; cl_ord_id?: unknown };
  const d = e.descr ?? {};
  const side = d.type;
  const volume = Number(e.vol);
  if ((side !== 'buy' && side !== 'sell') || typeof d.pair !== 'string' || typeof d.ordertype !== 'string' || !(volume > 0)) return undefined;
  const price = (v: unknown): string | undefined => (typeof v === 'string' && Number(v) !== 0 ? v : undefined);
  return {
    id: txid,
    ...(typeof e.cl_ord_id === 'string' && { clOrdId: e.cl_ord_id }),
    pair: d.pair,
    side,
    ordertype: d.ordertype,
    volume,
    ...(price(d.price) !== undefined && { price: price(d.price) }),
    ...(price(d.price2) !== undefined && { price2: price(d.price2) }),
  };
}

function firstText(result: ToolResult): string | undefined {
  const text = result.content.find((c) => c.type === 'text')?.text;
  return typeof text === 'string' ? text.slice(0, 200) : undefined;
}

function parseText(result: ToolResult): Record<string, unknown> | undefined {
  const text = result.content.find((c) => c.type === 'text')?.text;
  try {
    const parsed: unknown = typeof text === 'string' ? JSON.parse(text) : undefined;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
