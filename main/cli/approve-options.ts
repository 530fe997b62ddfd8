// The options of `kraken-gate approve` that change an order, kept free of imports: the command
// list loads this for every command, --help included (the rest of approve loads when it runs).
import type { OrderChanges } from '../../preload/api.js';

/** The options that change an order, by kraken-mcp's argument name (commander's camelCase key → name). */
export const CHANGE_OPTIONS = [
  { flag: '--volume <n>', key: 'volume', name: 'volume', help: 'add_order: a lower volume', number: true },
  { flag: '--price <p>', key: 'price', name: 'price', help: "add_order: the limit price (a buy's lower, a sell's higher)" },
  { flag: '--price2 <p>', key: 'price2', name: 'price2', help: 'add_order: the limit price of a stop-loss-limit / take-profit-limit' },
  { flag: '--timeinforce <tif>', key: 'timeinforce', name: 'timeinforce', help: 'add_order: a tighter time in force (IOC)' },
  { flag: '--order-qty <q>', key: 'orderQty', name: 'order_qty', help: 'amend_order: a lower quantity' },
  { flag: '--limit-price <p>', key: 'limitPrice', name: 'limit_price', help: 'amend_order: a new limit price (needs --allow-worse-price)' },
  { flag: '--trigger-price <p>', key: 'triggerPrice', name: 'trigger_price', help: 'amend_order: a new trigger price (needs --allow-worse-price)' },
  { flag: '--post-only', key: 'postOnly', name: 'post_only', help: 'amend_order: make it post-only' },
] as const;

/** The changes the options ask for, or undefined when none; throws on a volume that is not a number. */
export function changesFromOptions(options: Record<string, unknown>): OrderChanges | undefined {
  const changes: OrderChanges = {};
  for (const option of CHANGE_OPTIONS) {
    const value = options[option.key];
    if (value === undefined) continue;
    if ('number' in option) {
      const n = Number(value);
      if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(n)) throw new Error(`--volume must be a number, not ${JSON.stringify(value)}`);
      changes[option.name] = n;
    } else changes[option.name] = value as string | boolean;
  }
  return Object.keys(changes).length ? changes : undefined;
}

