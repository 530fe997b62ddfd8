// A held order as a person sees it, against the market: its words (with its worth in the caps'
// currency), the market price, its risk tier. Made when the call is held, and made again every
// 15 s while it waits (design rule 5, "re-price stale quotes"): a card with 25 s left must not be
// priced from a ten-minute-old ticker. When the market cannot be read again the card keeps the
// last quote, says how old it is, and the order weighs as unusual.
import type { PendingApproval as ContractPending, Exchange } from '../../preload/api.js';
import { formatClock } from '../../preload/clock.js';
import { estimateFill, summarizeCall, withMarketView, withMoneyLine, withOrderOnBook, withWorth, type ApprovalQueue, type PendingApproval, type Risk, type RiskThresholds, type Summary } from './approvals/index.js';
import { orderRisk } from './order-risk.js';
import { lookupPair, ORDER_TOOLS, valueOrder, type CompiledPolicy, type MarketFacts, type OrderWorth } from './policy/index.js';
import type { ToolCall } from './types.js';
import { marketQuote, orderNamed, type MarketReader } from './upstream/market-data.js';

/** Held calls the card reads the market for: orders (price, worth) and the orders a cancel touches. */
const READS_MARKET: ReadonlySet<string> = new Set([...ORDER_TOOLS, 'cancel_order']);

export interface HeldView {
  summary: Summary;
  price?: ContractPending['price'];
  risk?: Risk;
}

export interface HeldPricingDeps {
  approvals: ApprovalQueue;
  market: MarketReader;
  policy: () => CompiledPolicy;
  thresholds: () => RiskThresholds;
  /** What the upstream trades on: the card says in one line whether money is real. */
  exchange: () => Exchange;
  /** Default 15 s. */
  intervalMs?: number;
  /** A quote older than this is called stale on the card (default 60 s). */
  staleAfterMs?: number;
  now?: () => number;
}

export class HeldPricing {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: HeldPricingDeps) {
    deps.approvals.onDidAdd(() => this.start());
  }

  /** The view of a call about to be held; `market` and `worth` when the evaluation read them already. */
  async view(call: ToolCall, market?: MarketFacts, worth?: OrderWorth): Promise<HeldView> {
    const policy = this.deps.policy();
    const facts = market ?? (READS_MARKET.has(call.tool) ? await this.deps.market.factsFor(call, policy.capCurrency) : undefined);
    const quote = marketQuote(facts, call);
    const valued = worth ?? valueOrder(call.tool, call.arguments, facts, policy.capCurrency);
    const risk = call.tool === 'add_order' ? orderRisk(call, facts, valued, await this.deps.market.balances(), policy, this.deps.thresholds()) : undefined;
    const id = call.tool === 'add_order' ? undefined : orderNamed(call);
    const standing = id === undefined ? undefined : facts?.orders?.get(id);
    const pair = standing && lookupPair(facts!.pairs, standing.pair);
    const onBook = standing && { ...standing, ...(pair && { base: pair.base, quote: pair.quote }) };
    let summary = withOrderOnBook(withWorth(summarizeCall(call, quote), valued), call.tool, call.arguments, onBook, id !== undefined && facts?.orders !== undefined);
    if (call.tool === 'add_order') summary = await this.withMarket(summary, call, facts, valued);
    return {
      summary: withMoneyLine(summary, this.deps.exchange()),
      ...(quote && { price: { value: quote.value, source: quote.source, at: quote.at.toISOString(), ...(quote.pair && { pair: quote.pair }) } }),
      ...(risk && { risk }),
    };
  }

  /** Bid, ask and spread on every order's card; a market order's (or a trigger already met) estimated fill from the book. */
  private async withMarket(summary: Summary, call: ToolCall, facts: MarketFacts | undefined, worth: OrderWorth | undefined): Promise<Summary> {
    const name = call.arguments.pair;
    const pair = facts && typeof name === 'string' ? lookupPair(facts.pairs, name) : undefined;
    const touch = pair && facts?.touches.get(pair.key);
    if (!pair || !touch) return summary;
    const side = call.arguments.side === 'sell' ? 'sell' : 'buy';
    const volume = Number(call.arguments.volume);
    const atMarket = call.arguments.ordertype === 'market' || (worth?.ok === true && worth.firesAtOnce === true);
    const book = atMarket && volume > 0 ? await this.deps.market.book(pair.key) : undefined;
    return withMarketView(summary, pair.quote, touch, book && estimateFill(side, volume, book), volume);
  }

  /** Reads the market again for every waiting order now (the timer's work; tests call it). */
  reprice(): Promise<void> {
    this.running ??= this.repriceAll().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.reprice(), this.deps.intervalMs ?? 15_000);
    this.timer.unref();
  }

  private async repriceAll(): Promise<void> {
    const orders = this.deps.approvals.pending().filter((p) => READS_MARKET.has(p.tool));
    if (orders.length === 0) return this.stop();
    this.deps.market.expireQuotes();
    // One after another: the market reader keeps prices a few seconds, so orders on one pair share a read.
    for (const held of orders) {
      const call = { tool: held.tool, arguments: { ...held.arguments } };
      const fresh = await this.view(call).catch(() => undefined);
      const view = fresh?.price || !held.price ? fresh : this.stale(held);
      if (view) this.deps.approvals.refresh(held.id, view);
    }
  }

  /** The last quote kept, its age said, and the order weighed as unusual once it is old. */
  private stale(held: PendingApproval): HeldView | undefined {
    const price = held.price!;
    const ageMs = (this.deps.now ?? Date.now)() - Date.parse(price.at);
    if (ageMs < (this.deps.staleAfterMs ?? 60_000)) return undefined;
    const read = formatClock(price.at);
    const note = `its price is stale: the market could not be read again since ${read} (${Math.round(ageMs / 1000)} s)`;
    const fields = held.summary.fields.filter((f) => f.label !== 'Quote');
    const reasons = [...(held.risk?.reasons ?? []).filter((r) => !r.startsWith('its price is stale')), note];
    return {
      summary: { ...held.summary, fields: [...fields, { label: 'Quote', value: `stale: read at ${read}, ${Math.round(ageMs / 1000)} s ago` }] },
      price,
      risk: { tier: held.risk?.tier === 'blocked' ? 'blocked' : 'unusual', reasons },
    };
  }
}
