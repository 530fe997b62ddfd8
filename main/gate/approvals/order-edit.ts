// "Approve with changes": a human may make a held order smaller, safer or more constrained before
// letting it through, and nothing else. The edit is checked here, purely, against the held
// arguments: which fields may change (kraken-mcp's own argument names and types, see
// test/fixtures/kraken-mcp/tools-list.json), and in which direction. Pair, side, order type and
// `validate` stay as the agent asked. A limit price that is worse for the trader (a buy's higher, a
// sell's lower) needs the human's explicit confirmation (`allowWorsePrice`).
import { z } from 'zod';
import { decimalFromNumber, formatDecimal, parseDecimal, type Decimal } from './format.js';
import { limitPriceKey } from './add-order.js';
import { parsePrice } from './price.js';

// Messages a person reads after the field's name: "volume" must be a number above 0.
const price = z.string('must be a price').min(1, 'must not be empty').max(64, 'is too long for a price');
const quantity = z.string('must be a quantity').min(1, 'must not be empty').max(64, 'is too long for a quantity');

/** The fields a human may change, per tool, with kraken-mcp's types for them. */
const EDIT_SCHEMAS = {
  add_order: z
    .object({
      volume: z.number('must be a number').finite('must be a finite number').positive('must be a number above 0'),
      price,
      price2: price,
      timeinforce: z.enum(['GTC', 'IOC', 'GTD'], 'must be GTC, IOC or GTD'),
    })
    .partial()
    .strict(),
  amend_order: z
    .object({
      order_qty: quantity,
      limit_price: price,
      trigger_price: price,
      post_only: z.boolean('must be true or false'),
    })
    .partial()
    .strict(),
} as const;

export type EditableTool = keyof typeof EDIT_SCHEMAS;
export const EDITABLE_FIELDS: Record<EditableTool, readonly string[]> = {
  add_order: Object.keys(EDIT_SCHEMAS.add_order.shape),
  amend_order: Object.keys(EDIT_SCHEMAS.amend_order.shape),
};

export function isEditableTool(tool: string): tool is EditableTool {
  return Object.hasOwn(EDIT_SCHEMAS, tool);
}

/** One field a human changed: its name, what the agent asked (null: not given) and what is sent. */
export interface OrderChange {
  field: string;
  from: string | number | boolean | null;
  to: string | number | boolean;
}

export interface EditOptions {
  /** The human confirmed a limit price worse for the trader than the agent's. */
  allowWorsePrice?: boolean;
}

export type EditResult =
  | { ok: true; arguments: Record<string, unknown>; changes: OrderChange[] }
  | { ok: false; reason: string };

/** Applies a human's changes to a held call's arguments, or says why they cannot be applied. */
export function editOrder(tool: string, held: Readonly<Record<string, unknown>>, requested: Readonly<Record<string, unknown>>, options: EditOptions = {}): EditResult {
  if (!isEditableTool(tool)) return refuse(`Only add_order and amend_order can be approved with changes, not ${tool}.`);
  const allowed = EDITABLE_FIELDS[tool];
  const stray = Object.keys(requested).filter((key) => !allowed.includes(key));
  if (stray.length) return refuse(`${stray.map((k) => `"${k}"`).join(', ')} cannot be changed: only ${words(allowed)} can.`);
  const parsed = EDIT_SCHEMAS[tool].safeParse(requested);
  if (!parsed.success) return refuse(`${parsed.error.issues.map((i) => `"${i.path.join('.')}" ${i.message}`).join('; ')}.`);

  const changes: OrderChange[] = [];
  for (const [field, to] of Object.entries(parsed.data) as Array<[string, string | number | boolean]>) {
    const from = held[field] ?? null;
    if (from === to) continue;
    const why = tool === 'add_order' ? checkAddOrder(field, from, to, held, options) : checkAmendOrder(field, from, to, options);
    if (why) return refuse(why);
    changes.push({ field, from: from as OrderChange['from'], to });
  }
  if (changes.length === 0) return refuse('Nothing would change: approve the call as it is, or deny it.');
  const edited: Record<string, unknown> = { ...held };
  for (const change of changes) edited[change.field] = change.to;
  return { ok: true, arguments: edited, changes };
}

/** "volume 0.10 → 0.05, timeinforce GTC → IOC": what the human changed, for the agent and the log. */
export function describeChanges(changes: readonly OrderChange[]): string {
  return changes.map((c) => `${c.field} ${show(c.field, c.from)} → ${show(c.field, c.to)}`).join(', ');
}

/** The note the agent reads after the exchange's answer. */
export function changesNote(changes: readonly OrderChange[]): string {
  return `Approved with changes: ${describeChanges(changes)}`;
}

// Later is tighter: an order that may rest forever, one with an end date, one that never rests.
const TIME_IN_FORCE_ORDER = [null, 'GTC', 'GTD', 'IOC'];

function checkAddOrder(field: string, from: unknown, to: string | number | boolean, held: Readonly<Record<string, unknown>>, options: EditOptions): string | undefined {
  switch (field) {
    case 'volume': {
      // kraken-mcp (pydantic, lax) also takes the volume as a numeric string; its default is 0.
      const before = typeof from === 'number' ? from : typeof from === 'string' && from.trim() !== '' && Number.isFinite(Number(from)) ? Number(from) : 0;
      return (to as number) <= before ? undefined : `The volume can only be lowered (the agent asked for ${show('volume', before)}).`;
    }
    case 'price':
    case 'price2': {
      const ordertype = typeof held.ordertype === 'string' ? held.ordertype : 'limit';
      // The limit price is the only price a human may change.
      if (limitPriceKey(held.ordertype) !== field) return `"${field}" of a ${ordertype} order is not its limit price; it cannot be changed here.`;
      const buying = held.side === 'buy';
      return checkLimitMove(field, from, to as string, buying ? 'down' : 'up', options);
    }
    case 'timeinforce': {
      const rank = TIME_IN_FORCE_ORDER.indexOf(from as string | null);
      if (to === 'GTD' && from !== 'GTD') return 'An order cannot become GTD here: it needs an expiry time the agent did not give.';
      return TIME_IN_FORCE_ORDER.indexOf(to as string) >= Math.max(rank, 1) ? undefined : `The time in force can only be tightened (GTC → GTD → IOC), not ${String(from)} → ${String(to)}.`;
    }
    default:
      return `"${field}" cannot be changed.`;
  }
}

function checkAmendOrder(field: string, from: unknown, to: string | number | boolean, options: EditOptions): string | undefined {
  switch (field) {
    case 'order_qty': {
      const before = typeof from === 'string' ? parseDecimal(from) : undefined;
      if (!before) return 'The quantity can only be lowered, and the agent set none to lower.';
      const after = parseDecimal(to as string);
      if (!after || isZero(after)) return `"order_qty" must be a positive quantity, not ${JSON.stringify(to)}.`;
      return compareDecimals(after, before) <= 0 ? undefined : `The quantity can only be lowered (the agent asked for ${from as string}).`;
    }
    case 'limit_price':
    case 'trigger_price':
      // An amend does not say whether the order buys or sells: no move can be shown to be safer.
      return checkLimitMove(field, from, to as string, undefined, options);
    case 'post_only':
      return to === true ? undefined : 'post_only can only be switched on.';
    default:
      return `"${field}" cannot be changed.`;
  }
}

/** `better`: the direction that is better for the trader, when it is known. */
function checkLimitMove(field: string, from: unknown, to: string, better: 'up' | 'down' | undefined, options: EditOptions): string | undefined {
  const before = typeof from === 'string' ? parsePrice(from) : undefined;
  if (!before || before.offset) return `"${field}" can only be moved from an absolute price the agent gave.`;
  const after = parsePrice(to);
  if (!after || after.offset || isZero(after.amount)) return `"${field}" must be an absolute price such as "49000", not ${JSON.stringify(to)}.`;
  if (options.allowWorsePrice) return undefined;
  if (better === undefined) return `amend_order does not say whether the order buys or sells, so a new ${field} may be worse: confirm it (allowWorsePrice, --allow-worse-price).`;
  const cmp = compareDecimals(after.amount, before.amount);
  if (better === 'down' ? cmp <= 0 : cmp >= 0) return undefined;
  const side = better === 'down' ? 'a buy a higher' : 'a sell a lower';
  return `For ${side} limit is a worse price: confirm it (allowWorsePrice, --allow-worse-price).`;
}

function show(field: string, value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (field === 'volume' && typeof value === 'number') {
    const d = decimalFromNumber(value);
    return d ? formatDecimal(d, 2) : String(value);
  }
  return String(value);
}

function compareDecimals(a: Decimal, b: Decimal): number {
  if (a.int.length !== b.int.length) return a.int.length < b.int.length ? -1 : 1;
  if (a.int !== b.int) return a.int < b.int ? -1 : 1;
  const width = Math.max(a.frac.length, b.frac.length);
  const fa = a.frac.padEnd(width, '0');
  const fb = b.frac.padEnd(width, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}

function isZero(d: Decimal): boolean {
  return /^0*$/.test(d.int) && /^0*$/.test(d.frac);
}

function words(list: readonly string[]): string {
  return list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]!}`;
}

function refuse(reason: string): EditResult {
  return { ok: false, reason };
}
