// The order a cancel_order or amend_order touches, in words, as the exchange holds it (read with
// open_orders by the gate): a person deciding "cancel OABC…" or "amend it to 0.024" needs to see
// which order that is, and an amendment as old → new with its currency.
import { formatQuantity } from '../../../preload/number-format.js';
import { inertSummary } from './summary.js';
import type { Summary, SummaryField } from './summary-types.js';

/** An open order as the card needs it; `base`/`quote` when the exchange lists its pair. */
export interface OrderOnBook {
  id: string;
  pair: string;
  base?: string;
  quote?: string;
  side: 'buy' | 'sell';
  ordertype: string;
  volume: number;
  price?: string;
  price2?: string;
}

const num = (text: string | undefined): string | undefined => {
  const n = Number(text);
  return text !== undefined && Number.isFinite(n) && /^\d/.test(text.trim()) ? formatQuantity(n) : text;
};

/** "buy 0.018 XBT on XBT/USD, limit 40 000 USD". */
export function describeOrderOnBook(order: OrderOnBook): string {
  const unit = order.base ? ` ${order.base}` : '';
  const pair = order.base && order.quote ? `${order.base}/${order.quote}` : order.pair;
  const quote = order.quote ? ` ${order.quote}` : '';
  const price = order.price === undefined ? '' : `, ${order.ordertype === 'limit' ? 'limit' : `${order.ordertype} at`} ${num(order.price)}${quote}`;
  const limit = order.price2 === undefined ? '' : `, limit ${num(order.price2)}${quote}`;
  return `${order.side} ${formatQuantity(order.volume)}${unit} on ${pair}${order.ordertype === 'market' ? ' at market' : ''}${price}${limit}`;
}

/** What an amendment changes of the order as it stands: "quantity 0.018 → 0.024 XBT". */
function amendmentLines(order: OrderOnBook, args: Readonly<Record<string, unknown>>): string[] {
  const lines: string[] = [];
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const qty = text(args.order_qty);
  if (qty !== undefined) lines.push(`quantity ${formatQuantity(order.volume)} → ${num(qty)}${order.base ? ` ${order.base}` : ''}`);
  const limit = text(args.limit_price);
  const before = order.ordertype === 'limit' ? order.price : order.price2;
  if (limit !== undefined) lines.push(`limit ${num(before) ?? 'none'} → ${num(limit)}${order.quote ? ` ${order.quote}` : ''}`);
  const trigger = text(args.trigger_price);
  if (trigger !== undefined) lines.push(`trigger ${num(order.price) ?? 'none'} → ${num(trigger)}${order.quote ? ` ${order.quote}` : ''}`);
  return lines;
}

/**
 * The card with the order it touches: a field naming it (or saying it is not among the open
 * orders), and for an amendment what changes, old → new.
 */
export function withOrderOnBook(summary: Summary, tool: string, args: Readonly<Record<string, unknown>>, order: OrderOnBook | undefined, looked: boolean): Summary {
  if (!summary.readable || !looked) return summary;
  const fields: SummaryField[] = [...summary.fields];
  if (order === undefined) {
    fields.push({ label: 'On the book', value: 'not among the open orders (filled, cancelled, or not this account’s)' });
    return inertSummary({ ...summary, fields });
  }
  fields.push({ label: 'On the book', value: describeOrderOnBook(order) });
  if (tool === 'amend_order') {
    const lines = amendmentLines(order, args);
    if (lines.length) fields.push({ label: 'Changes', value: lines.join('; ') });
  }
  return inertSummary({ ...summary, fields });
}
