// The small conventions of Kraken's REST answers: numbers as fixed-decimal strings, two time
// formats, 6-5-6 ids, and errors as "ECategory:Message" strings. Agents parse these, so the
// paper exchange copies them rather than inventing friendlier ones.
import { randomInt } from 'node:crypto';

/** A Kraken API error; the message is Kraken's own code, e.g. "EOrder:Insufficient funds". */
export class KrakenError extends Error {
  override readonly name = 'KrakenError';
}

export const INVALID_ARGUMENTS = 'EGeneral:Invalid arguments';

export function fixed(value: number, decimals: number): string {
  return value.toFixed(decimals);
}

/** Rounds away float noise so balances print and compare like Kraken's decimal ledger. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** "2023-11-14T22:13:20Z": Kraken's RFC 3339 times carry no milliseconds. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Tue, 14 Nov 23 22:13:20 +0000": the two-digit-year form Kraken's Time endpoint uses. */
export function rfc1123(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCFullYear() % 100)} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
  );
}

/** Unix seconds with Kraken's four decimals (opentm, closetm, trade times). */
export function unixSeconds(ms: number): number {
  return Math.round(ms * 10) / 10_000;
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** "OABCDE-FGHIJ-KLMNOP": prefix letter (O order, T trade/amend) then 5, 5 and 6 characters. */
export function krakenId(prefix: 'O' | 'T'): string {
  const pick = (n: number) => Array.from({ length: n }, () => ID_CHARS[randomInt(ID_CHARS.length)]).join('');
  return `${prefix}${pick(5)}-${pick(5)}-${pick(6)}`;
}

/**
 * A decimal given as text ("50000", "0.5"), as Kraken takes prices. Signs, exponents and blanks
 * are refused the way Kraken refuses them: as invalid arguments.
 */
export function parseDecimal(text: string): number {
  if (!/^\d+(\.\d+)?$/.test(text) && !/^\.\d+$/.test(text)) throw new KrakenError(INVALID_ARGUMENTS);
  return Number(text);
}

export function decimalPlaces(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.replace(/0+$/, '').length - dot - 1;
}

/** Splits Kraken's comma-separated list parameters ("XBTUSD,ETHUSD"), ignoring blanks. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
