// What an order is worth in the policy's cap currency, and what it adds to the day: one number for
// max_notional and daily_notional_cap whatever the pair's quote (ETH/XBT, XBT/JPY, ETH/USDT).
// add_order counts its worst-case notional (notional.ts) converted through the exchange's own
// pairs (conversion.ts); amend_order counts the order as amended against the order as it stands,
// and adds only an increase to the day. Anything that cannot be valued says why, and the order
// waits for a person.
import { formatMoney, formatQuantity } from '../../../preload/number-format.js';
import { convertAlong, routeBetween } from './conversion.js';
import { lookupPair, type MarketFacts, type PairFacts, type StandingOrder } from './market-facts.js';
import { field, quoteNotional, type OrderTerms } from './notional.js';

export type OrderWorth =
  | {
      ok: true;
      /** The order's worth in the cap currency (the amended order's, for amend_order). */
      value: number;
      /** What it adds to today's total: the worth, or an amendment's increase (never below 0). */
      charge: number;
      currency: string;
      /** How it was reached: "0.1 XBT × 50 000 USD; Paper exchange ticker 12:03:04". */
      basis: string;
      /** Set when a stop-loss or take-profit trigger is already met: it becomes a market order at once. */
      firesAtOnce?: boolean;
    }
  | { ok: false; reason: string };

/** "≈ 4 980 USD (100 ETH × 0.05 XBT = 5 XBT; XBT/USD 99 600; Kraken ticker 12:03:04)". */
export function describeWorth(worth: Extract<OrderWorth, { ok: true }>): string {
  return `≈ ${formatMoney(worth.value)} ${worth.currency} (${worth.basis})`;
}

function clock(at: Date): string {
  return [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

interface Valued {
  value: number;
  basis: string;
  firesAtOnce: boolean;
}

function valueTerms(terms: OrderTerms, pair: PairFacts, facts: MarketFacts, cap: string): Valued | string {
  const quoted = quoteNotional(terms, facts.touches.get(pair.key));
  if (!quoted.ok) return quoted.reason === 'the market price is not known' && facts.problem ? `${quoted.reason} (${facts.problem})` : quoted.reason;
  const route = routeBetween(facts.pairs.values(), pair.quote, cap);
  if (route === undefined) return `cannot value ${pair.name} in ${cap}: no pair the exchange lists converts ${pair.quote} into ${cap}`;
  const conversion = convertAlong(route, facts.touches);
  if (!conversion.ok) return `cannot value ${pair.name} in ${cap}: ${conversion.reason}${facts.problem ? ` (${facts.problem})` : ''}`;
  const volume = Number(terms.volume);
  const parts = [`${formatQuantity(volume)} ${pair.base} × ${formatQuantity(quoted.price)} ${pair.quote}`];
  if (route.length > 0) parts[0] += ` = ${formatQuantity(quoted.notional)} ${pair.quote}`;
  // Said in the words of the worth itself, so the log, a refusal and the CSV carry it as the card does.
  if (quoted.firesAtOnce) parts.push('its trigger is already met: it fires at once as a market order');
  parts.push(...conversion.steps);
  if (quoted.usedMarket || route.length > 0) parts.push(`${facts.source} ${clock(facts.at)}`);
  return { value: quoted.notional * conversion.rate, basis: parts.join('; '), firesAtOnce: quoted.firesAtOnce };
}

/** add_order's arguments as the terms notional.ts values. */
export function orderTerms(args: unknown): OrderTerms {
  return { side: field(args, 'side'), ordertype: field(args, 'ordertype'), volume: field(args, 'volume'), price: field(args, 'price'), price2: field(args, 'price2') };
}

/** The standing order with the amendment applied, in add_order's terms (Kraken's AmendOrder fields). */
function amended(order: StandingOrder, args: unknown): OrderTerms {
  const terms: OrderTerms = { side: order.side, ordertype: order.ordertype, volume: order.volume, price: order.price, price2: order.price2 };
  const qty = field(args, 'order_qty');
  const limit = field(args, 'limit_price');
  const trigger = field(args, 'trigger_price');
  if (qty !== undefined) terms.volume = qty;
  if (limit !== undefined) {
    if (order.ordertype === 'limit' || order.ordertype === 'iceberg') terms.price = limit;
    else terms.price2 = limit;
  }
  if (trigger !== undefined) terms.price = trigger;
  return terms;
}

function valueAmendment(args: unknown, facts: MarketFacts, cap: string): OrderWorth {
  const id = field(args, 'order_id') ?? field(args, 'cl_ord_id');
  if (typeof id !== 'string') return { ok: false, reason: 'the amendment does not name the order' };
  const order = facts.orders?.get(id);
  if (order === undefined) {
    return { ok: false, reason: facts.problem ? `the order ${id} could not be looked up (${facts.problem})` : `the order ${id} is not among the open orders` };
  }
  const pair = lookupPair(facts.pairs, order.pair);
  if (pair === undefined) return { ok: false, reason: `the exchange does not list the order's pair ${order.pair}` };
  const before = valueTerms(amended(order, {}), pair, facts, cap);
  const after = valueTerms(amended(order, args), pair, facts, cap);
  if (typeof after === 'string') return { ok: false, reason: after };
  if (typeof before === 'string') return { ok: false, reason: `the order as it stands: ${before}` };
  const charge = Math.max(0, after.value - before.value);
  const basis = `now ≈ ${formatMoney(before.value)} ${cap}, amended ${after.basis}`;
  return { ok: true, value: after.value, charge, currency: cap, basis, ...(after.firesAtOnce && { firesAtOnce: true }) };
}

/** The order's worth in `cap`, or why it cannot be known; undefined for tools that place no order. */
export function valueOrder(tool: string, args: unknown, facts: MarketFacts | undefined, cap: string): OrderWorth | undefined {
  if (tool !== 'add_order' && tool !== 'amend_order') return undefined;
  if (facts === undefined) return { ok: false, reason: 'the market data was not read' };
  if (tool === 'amend_order') return valueAmendment(args, facts, cap);
  const name = field(args, 'pair');
  if (typeof name !== 'string') return { ok: false, reason: 'the order names no pair' };
  const pair = lookupPair(facts.pairs, name);
  if (pair === undefined) {
    return { ok: false, reason: facts.problem ? `the pair ${name} could not be looked up (${facts.problem})` : `the exchange does not list the pair ${name}` };
  }
  const valued = valueTerms(orderTerms(args), pair, facts, cap);
  if (typeof valued === 'string') return { ok: false, reason: valued };
  return { ok: true, value: valued.value, charge: valued.value, currency: cap, basis: valued.basis, ...(valued.firesAtOnce && { firesAtOnce: true }) };
}
