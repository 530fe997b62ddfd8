// cancel_order, amend_order and cancel_all_orders_after in words.
import { formatDecimal, groupDigits, parseDecimal } from './format.js';
import { formatPrice, parsePrice } from './price.js';
import type { ArgumentReader } from './reader.js';
import type { SummaryDraft, SummaryField } from './summary-types.js';

export const summarizeCancelOrder = {
  keys: ['txid_or_userref'],

  summarize(r: ArgumentReader): SummaryDraft | undefined {
    const target = r.string('txid_or_userref', { required: true });
    if (target === undefined) return undefined;
    // Kraken reads an all-digit value as a userref and cancels every order carrying it.
    if (/^\d+$/.test(target)) {
      return { headline: `Cancel all orders with userref ${target}`, fields: [{ label: 'User reference', value: target }] };
    }
    return { headline: `Cancel order ${target}`, fields: [{ label: 'Order', value: target }] };
  },
};

export const summarizeAmendOrder = {
  keys: ['order_id', 'cl_ord_id', 'order_qty', 'limit_price', 'trigger_price', 'display_qty', 'post_only'],

  summarize(r: ArgumentReader): SummaryDraft | undefined {
    const orderId = r.string('order_id', { nullable: true });
    const clOrdId = r.string('cl_ord_id', { nullable: true });
    const limitPrice = readAmendPrice(r, 'limit_price');
    const triggerPrice = readAmendPrice(r, 'trigger_price');
    const quantity = readQuantity(r, 'order_qty');
    const displayQuantity = readQuantity(r, 'display_qty');
    const postOnly = r.boolean('post_only', { nullable: true });
    if ((orderId === undefined) === (clOrdId === undefined)) r.problem('give exactly one of "order_id" and "cl_ord_id"');

    const changes: SummaryField[] = [];
    if (limitPrice !== undefined) changes.push({ label: 'limit price', value: limitPrice });
    if (triggerPrice !== undefined) changes.push({ label: 'trigger price', value: triggerPrice });
    if (quantity !== undefined) changes.push({ label: 'quantity', value: quantity });
    if (displayQuantity !== undefined) changes.push({ label: 'display quantity', value: displayQuantity });
    if (postOnly !== undefined) changes.push({ label: 'post-only', value: postOnly ? 'yes' : 'no' });
    if (changes.length === 0 && r.problems.length === 0) r.problem('nothing to amend');
    if (r.problems.length > 0) return undefined;

    const which = orderId !== undefined ? `order ${orderId}` : `order with client id ${clOrdId ?? ''}`;
    return {
      headline: `Amend ${which}: ${changes.map((c) => `${c.label} → ${c.value}`).join(', ')}`,
      fields: [
        orderId !== undefined ? { label: 'Order', value: orderId } : { label: 'Client order id', value: clOrdId ?? '' },
        ...changes.map((c) => ({ label: `New ${c.label}`, value: c.value })),
      ],
    };
  },
};

export const summarizeCancelAllOrdersAfter = {
  keys: ['timeout_seconds'],

  summarize(r: ArgumentReader): SummaryDraft | undefined {
    const seconds = r.integer('timeout_seconds', { required: true });
    if (seconds === undefined) return undefined;
    if (seconds < 0) {
      r.problem('"timeout_seconds" must not be negative');
      return undefined;
    }
    if (seconds === 0) return { headline: "Disable the dead man's switch", fields: [{ label: 'Countdown', value: 'off' }] };
    const countdown = `${groupDigits(String(seconds))} s`;
    return { headline: `Cancel ALL open orders in ${countdown} (dead man's switch)`, fields: [{ label: 'Countdown', value: countdown }] };
  },
};

// No pair in an amend, so prices carry no currency.
function readAmendPrice(r: ArgumentReader, key: string): string | undefined {
  const text = r.string(key, { nullable: true });
  if (text === undefined) return undefined;
  const price = parsePrice(text);
  if (!price) r.problem(`"${key}" is not a price: ${JSON.stringify(text)}`);
  return price && formatPrice(price, undefined);
}

function readQuantity(r: ArgumentReader, key: string): string | undefined {
  const text = r.string(key, { nullable: true });
  if (text === undefined) return undefined;
  const quantity = parseDecimal(text);
  if (!quantity) r.problem(`"${key}" is not a quantity: ${JSON.stringify(text)}`);
  return quantity && formatDecimal(quantity);
}
