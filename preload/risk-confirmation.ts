// What a person types to approve an unusual order (design rule 4; issue 23: "a typed confirmation
// (CONFIRM, or the amount)"). Decided here once, for the core's check (approvals/queue.ts) and for
// every surface that asks (the window's field, the CLI's prompt), so none accepts what another refuses.

/** The word, in capitals: spaces around it are forgiven, another case is not. */
export const RISK_CONFIRMATION = 'CONFIRM';

interface Order {
  tool: string;
  arguments: Readonly<Record<string, unknown>>;
}

// An add_order's volume or an amend's new quantity: what the card's headline says is bought or sold.
const AMOUNT_KEY: Readonly<Record<string, string>> = { add_order: 'volume', amend_order: 'order_qty' };

/**
 * The order's amount as the card shows it ("0.10": an add_order's volume with two decimals at
 * least, as its headline), to name beside CONFIRM; undefined when the order carries none.
 */
export function orderAmount(order: Order): string | undefined {
  const key = AMOUNT_KEY[order.tool];
  const amount = key === undefined ? undefined : decimal(order.arguments[key]);
  if (!amount || isZero(amount)) return undefined;
  const frac = order.tool === 'add_order' ? amount.frac.padEnd(2, '0') : amount.frac;
  return frac ? `${amount.int}.${frac}` : amount.int;
}

/** CONFIRM, or the order's amount in any plain writing of it: "0.1", "0.10" and ".1" are one amount. */
export function isRiskConfirmation(typed: string, order: Order): boolean {
  if (typed.trim() === RISK_CONFIRMATION) return true;
  const shown = orderAmount(order);
  // Digit groups as the card prints them ("1 000") may be typed or pasted with their spaces.
  const amount = decimal(typed.replace(/\s/g, ''));
  return shown !== undefined && amount !== undefined && same(amount, decimal(shown)!);
}

interface Decimal {
  int: string;
  frac: string;
}

function decimal(value: unknown): Decimal | undefined {
  const text = typeof value === 'number' ? numberText(value) : typeof value === 'string' ? value.trim() : undefined;
  const match = text === undefined ? null : /^(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[1] === '' && !match[2])) return undefined;
  return { int: match[1]!.replace(/^0+(?=\d)/, '') || '0', frac: match[2] ?? '' };
}

/** A number as plain digits, without the exponent JavaScript writes for 1e-7 and beyond 1e21. */
function numberText(n: number): string | undefined {
  if (!Number.isFinite(n) || n < 0) return undefined;
  const [mantissa = '0', exponent = '0'] = String(n).split('e');
  const [whole = '0', fraction = ''] = mantissa.split('.');
  const digits = whole + fraction;
  const point = whole.length + Number(exponent);
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

function same(a: Decimal, b: Decimal): boolean {
  return a.int === b.int && a.frac.replace(/0+$/, '') === b.frac.replace(/0+$/, '');
}

function isZero(d: Decimal): boolean {
  return /^0*$/.test(d.int) && /^0*$/.test(d.frac);
}
