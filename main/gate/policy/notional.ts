// The most an order can cost when it executes, per unit, in its pair's quote currency: the price
// max_notional and the daily cap count it at. The estimate errs high, and an agent cannot lower
// it by the choice of order type or trigger. m is the market (the highest of bid, ask and last):
//
//   market                              m
//   limit (iceberg)         buy         the limit (it never pays more)
//                           sell        max(limit, m) (a sell below the market fills at the market)
//   stop-loss, take-profit              max(trigger, m) (a market order once triggered; a trigger on
//                                       the wrong side of the market fires at once)
//   stop-loss-limit,        buy         max(trigger, limit)
//   take-profit-limit       sell        max(trigger, limit, m)
//   trailing-stop                       m + offset
//   trailing-stop-limit                 m + offset + |limit offset|
//   anything else (settle-position…)    not valued: the order waits for a person
//
// A relative price ("+50", "-2%", "#5") counts as m plus its offset, whichever its sign. When a
// needed price or size is missing the result says so, and the evaluation fails safe (it asks a
// human) instead of guessing. docs/architecture.md carries the same table.
import { toBoolean, toNumber } from './coerce.js';
import type { Touch } from './market-facts.js';

export const ORDER_TOOLS: ReadonlySet<string> = new Set(['add_order', 'amend_order']);

/** An order's terms as add_order names them, read loosely the way the upstream reads them. */
export interface OrderTerms {
  side: unknown;
  ordertype: unknown;
  volume: unknown;
  price: unknown;
  price2: unknown;
}

export type QuoteNotional =
  | { ok: true; price: number; notional: number; usedMarket: boolean; firesAtOnce: boolean }
  | { ok: false; reason: string };

export function field(args: unknown, key: string): unknown {
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

/** An absolute price ("50000", 50000) as a number; undefined for an offset ("+5", "2%") or what is not a price. */
export function absolutePrice(value: unknown): number | undefined {
  const price = parsePrice(value);
  return price.kind === 'absolute' ? price.value : undefined;
}

const NO_MARKET = 'the market price is not known';

function offsetOf(p: Price, market: number): number {
  if (p.kind === 'relative') return p.percent ? (market * p.offset) / 100 : p.offset;
  return p.kind === 'absolute' ? p.value : 0;
}

/** Whether a stop-loss or take-profit trigger is already met by the last trade (Kraken triggers on the last price). */
function firesAtOnce(type: string, side: unknown, trigger: number, last: number): boolean {
  if (!/^(stop-loss|take-profit)/.test(type)) return false;
  const firesRising = type.startsWith('stop-loss') === (side === 'buy');
  return firesRising ? last >= trigger : last <= trigger;
}

/** The order's worst-case price and notional in its quote currency (see the table above). */
export function quoteNotional(terms: OrderTerms, touch: Touch | undefined): QuoteNotional {
  const volume = toNumber(terms.volume);
  if (volume === undefined || volume <= 0) return { ok: false, reason: 'the order has no volume' };
  const type = terms.ordertype ?? 'limit';
  if (typeof type !== 'string') return { ok: false, reason: 'the order type cannot be read' };
  const [p1, p2] = [terms.price, terms.price2].map((p) => (p === undefined ? undefined : parsePrice(p)));
  if (p1?.kind === 'invalid' || p2?.kind === 'invalid') return { ok: false, reason: 'the order price cannot be read' };
  const m = touch ? Math.max(touch.bid, touch.ask, touch.last) : undefined;
  const at = (p: Price | undefined): number | undefined => {
    if (p === undefined || m === undefined) return p?.kind === 'absolute' ? p.value : undefined;
    return p.kind === 'absolute' ? p.value : m + offsetOf(p, m);
  };
  const done = (price: number | undefined, usedMarket: boolean, fires = false): QuoteNotional =>
    price === undefined ? { ok: false, reason: NO_MARKET } : { ok: true, price, notional: volume * price, usedMarket, firesAtOnce: fires };
  const buy = terms.side === 'buy';
  const relative = p1?.kind === 'relative' || p2?.kind === 'relative';
  switch (type) {
    case 'market':
      return done(m, true);
    case 'limit':
    case 'iceberg': {
      if (p1 === undefined) return done(m, true); // Kraken refuses it; valued as a market order meanwhile
      const limit = at(p1);
      if (buy || limit === undefined) return done(limit, relative);
      return done(m === undefined ? undefined : Math.max(limit, m), true);
    }
    case 'stop-loss':
    case 'take-profit':
    case 'stop-loss-limit':
    case 'take-profit-limit': {
      const trigger = at(p1);
      const limit = type.endsWith('-limit') ? at(p2) : undefined;
      if (trigger === undefined || (type.endsWith('-limit') && limit === undefined)) return done(undefined, true);
      const fires = touch !== undefined && firesAtOnce(type, terms.side, trigger, touch.last);
      // A limit caps what a buy pays; a sell, and an order that turns into a market order, can take the market.
      if (limit !== undefined && buy) return done(Math.max(trigger, limit), relative, fires);
      return done(m === undefined ? undefined : Math.max(trigger, limit ?? 0, m), true, fires);
    }
    case 'trailing-stop':
    case 'trailing-stop-limit': {
      // A trailing order's prices are distances from the market, whichever way they are written.
      if (m === undefined || p1 === undefined) return done(undefined, true);
      return done(m + offsetOf(p1, m) + (p2 === undefined ? 0 : offsetOf(p2, m)), true);
    }
    default:
      return { ok: false, reason: `a ${type} order cannot be valued here` };
  }
}
