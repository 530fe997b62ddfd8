// What an order is worth in its pair's quote currency, for max_notional and the daily cap.
// The estimate errs high: with two prices (stop-loss-limit: trigger and limit) it takes the
// larger, and a relative price ("+50", "-2%", "#5") counts as the market price plus the offset.
// When a needed price or size is missing the result says so, and the evaluation fails safe
// (it asks a human) instead of guessing.
import { toBoolean, toNumber } from './coerce.js';

export const ORDER_TOOLS: ReadonlySet<string> = new Set(['add_order', 'amend_order']);

export type NotionalResult =
  | { ok: true; notional: number; usedMarketPrice: boolean }
  | { ok: false; reason: string };

function field(args: unknown, key: string): unknown {
  if (typeof args !== 'object' || args === null || Array.isArray(args) || !Object.hasOwn(args, key)) return undefined;
  const v = (args as Record<string, unknown>)[key];
  return v === null ? undefined : v;
}

/**
 * A real add_order unless kraken-mcp would certainly only validate it: `validate` absent
 * (kraken-mcp defaults it to true) or read as true. Any other value counts as real.
 */
export function isRealOrder(tool: string, args: unknown): boolean {
  if (tool === 'amend_order') return true;
  if (tool !== 'add_order') return false;
  const validate = field(args, 'validate');
  return validate !== undefined && toBoolean(validate) !== true;
}

type Price = { kind: 'absolute'; value: number } | { kind: 'relative'; offset: number; percent: boolean } | { kind: 'invalid' };

// Kraken price syntax: "50000", or relative to the last trade: "+50", "-50", "#50", "2%", "+2%".
function parsePrice(value: unknown): Price {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? { kind: 'absolute', value } : { kind: 'invalid' };
  if (typeof value !== 'string') return { kind: 'invalid' };
  const text = value.trim();
  const relative = /^[+\-#]/.test(text) || text.endsWith('%');
  if (!relative) {
    const n = toNumber(text);
    return n !== undefined && n > 0 ? { kind: 'absolute', value: n } : { kind: 'invalid' };
  }
  const percent = text.endsWith('%');
  const n = toNumber(text.replace(/^[+\-#]/, '').replace(/%$/, ''));
  return n !== undefined && n >= 0 ? { kind: 'relative', offset: n, percent } : { kind: 'invalid' };
}

const TRAILING = new Set(['trailing-stop', 'trailing-stop-limit']);

/** True when estimating this order's notional needs the market price (the pipeline fetches it). */
export function priceNeedsMarket(tool: string, args: unknown): boolean {
  if (tool === 'amend_order') {
    const p = parsePrice(field(args, 'limit_price'));
    return p.kind === 'relative';
  }
  if (tool !== 'add_order') return false;
  const type = field(args, 'ordertype') ?? 'limit';
  if (type === 'market' || (typeof type === 'string' && TRAILING.has(type))) return true;
  const price = field(args, 'price');
  if (price === undefined) return true;
  return [price, field(args, 'price2')].some((p) => p !== undefined && parsePrice(p).kind === 'relative');
}

function resolvePrice(p: Price, market: number | undefined): number | undefined {
  if (p.kind === 'absolute') return p.value;
  if (p.kind === 'invalid' || market === undefined) return undefined;
  return market + (p.percent ? (market * p.offset) / 100 : p.offset);
}

function distance(p: Price, market: number): number {
  if (p.kind === 'absolute') return p.value;
  if (p.kind === 'relative') return p.percent ? (market * p.offset) / 100 : p.offset;
  return 0;
}

const NO_MARKET = 'the market price is not known';

function addOrderNotional(args: unknown, market: number | undefined): NotionalResult {
  const volume = toNumber(field(args, 'volume'));
  if (volume === undefined || volume <= 0) return { ok: false, reason: 'the order has no volume' };
  const type = field(args, 'ordertype') ?? 'limit';
  const prices = [field(args, 'price'), field(args, 'price2')].filter((p) => p !== undefined).map(parsePrice);
  if (prices.some((p) => p.kind === 'invalid')) return { ok: false, reason: 'the order price cannot be read' };
  if (type === 'market' || prices.length === 0) {
    return market === undefined ? { ok: false, reason: NO_MARKET } : { ok: true, notional: volume * market, usedMarketPrice: true };
  }
  if (typeof type === 'string' && TRAILING.has(type)) {
    // A trailing stop's prices are distances from the market, whichever way they are written.
    if (market === undefined) return { ok: false, reason: NO_MARKET };
    const farthest = Math.max(...prices.map((p) => distance(p, market)));
    return { ok: true, notional: volume * (market + farthest), usedMarketPrice: true };
  }
  let price = 0;
  for (const p of prices) {
    const value = resolvePrice(p, market);
    if (value === undefined) return { ok: false, reason: NO_MARKET };
    price = Math.max(price, value);
  }
  return { ok: true, notional: volume * price, usedMarketPrice: prices.some((p) => p.kind === 'relative') };
}

// amend_order names neither the pair nor, when they are unchanged, the size or price: without
// both the new size and the new price the amended order's worth is unknown here.
function amendNotional(args: unknown, market: number | undefined): NotionalResult {
  const qty = toNumber(field(args, 'order_qty'));
  if (qty === undefined || qty <= 0) return { ok: false, reason: 'the amendment does not state the new order_qty' };
  const raw = field(args, 'limit_price');
  if (raw === undefined) return { ok: false, reason: 'the amendment does not state the new limit_price' };
  const parsed = parsePrice(raw);
  const price = resolvePrice(parsed, market);
  if (price === undefined) return { ok: false, reason: parsed.kind === 'invalid' ? 'the limit_price cannot be read' : NO_MARKET };
  return { ok: true, notional: qty * price, usedMarketPrice: parsed.kind === 'relative' };
}

/** The order's notional (volume × price), or why it cannot be estimated; undefined for non-order tools. */
export function orderNotional(tool: string, args: unknown, marketPrice?: number): NotionalResult | undefined {
  const market = marketPrice !== undefined && Number.isFinite(marketPrice) && marketPrice > 0 ? marketPrice : undefined;
  if (tool === 'add_order') return addOrderNotional(args, market);
  if (tool === 'amend_order') return amendNotional(args, market);
  return undefined;
}
