// Number and pair formatting for approval summaries (times: preload/clock.ts). Exact decimal arithmetic on digit
// strings: what the human reads must be what is sent, so no float artefacts and no rounding of
// any number the agent gave (only computed notionals are rounded, to the quote's precision).

/**
 * Digit groups are separated by U+202F NARROW NO-BREAK SPACE ("50 000"): thin as in print, and a
 * notification, tray menu or terminal can never wrap a number into "50" ⏎ "000".
 */
export const GROUP_SEPARATOR = '\u202f';

/** A non-negative decimal as digits: `int` without leading zeros ("0" at least), `frac` as given. */
export interface Decimal {
  int: string;
  frac: string;
}

const PLAIN_DECIMAL = /^(\d+)(?:\.(\d+))?$/;

export function parseDecimal(text: string): Decimal | undefined {
  const match = PLAIN_DECIMAL.exec(text);
  if (!match) return undefined;
  return { int: stripLeadingZeros(match[1]!), frac: match[2] ?? '' };
}

/** The shortest decimal that reads back as `n` (JavaScript's own), written without an exponent. */
export function decimalFromNumber(n: number): Decimal | undefined {
  if (!Number.isFinite(n) || n < 0) return undefined;
  const [mantissa = '0', exponent = '0'] = String(n).split('e');
  const [whole = '0', fraction = ''] = mantissa.split('.');
  const digits = whole + fraction;
  const point = whole.length + Number(exponent);
  if (point <= 0) return { int: '0', frac: '0'.repeat(-point) + digits };
  if (point >= digits.length) return { int: stripLeadingZeros(digits + '0'.repeat(point - digits.length)), frac: '' };
  return { int: stripLeadingZeros(digits.slice(0, point)), frac: digits.slice(point) };
}

export function groupDigits(int: string): string {
  return int.replace(/\B(?=(\d{3})+$)/g, GROUP_SEPARATOR);
}

/** Grouped integer part, fraction digits as they are, padded with zeros to `minFraction`. */
export function formatDecimal(d: Decimal, minFraction = 0): string {
  const frac = d.frac.padEnd(minFraction, '0');
  return frac ? `${groupDigits(d.int)}.${frac}` : groupDigits(d.int);
}

export function decimalToNumber(d: Decimal): number {
  return Number(d.frac ? `${d.int}.${d.frac}` : d.int);
}

/** Exact product of two decimals. */
export function multiply(a: Decimal, b: Decimal): Decimal {
  const scale = a.frac.length + b.frac.length;
  const digits = (BigInt(a.int + a.frac) * BigInt(b.int + b.frac)).toString().padStart(scale + 1, '0');
  return { int: stripLeadingZeros(digits.slice(0, digits.length - scale)), frac: digits.slice(digits.length - scale) };
}

/** Rounds half up to `decimals` fraction digits. */
export function roundDecimal(d: Decimal, decimals: number): Decimal {
  if (d.frac.length <= decimals) return { int: d.int, frac: d.frac.padEnd(decimals, '0') };
  const kept = BigInt(d.int + d.frac.slice(0, decimals));
  const roundsUp = d.frac.charCodeAt(decimals) >= '5'.charCodeAt(0);
  const digits = (roundsUp ? kept + 1n : kept).toString().padStart(decimals + 1, '0');
  return { int: stripLeadingZeros(digits.slice(0, digits.length - decimals)), frac: digits.slice(digits.length - decimals) };
}

// Fraction digits a computed amount is rounded to, by quote currency.
const CURRENCY_DECIMALS: Readonly<Record<string, number>> = { JPY: 0, XBT: 8, ETH: 8 };

/**
 * A computed amount in a currency: rounded to the currency's precision (2 decimals, JPY 0,
 * XBT/ETH 8), an all-zero fraction dropped ("5 000 USD"), otherwise at least 2 decimals with
 * further trailing zeros trimmed ("5 000.50 USD", "0.0125 XBT").
 */
export function formatAmount(d: Decimal, currency: string): string {
  const rounded = roundDecimal(d, CURRENCY_DECIMALS[currency] ?? 2);
  const trimmed = rounded.frac.replace(/0+$/, '');
  return `${formatDecimal({ int: rounded.int, frac: trimmed }, trimmed ? 2 : 0)} ${currency}`;
}

// Quote currencies recognised at the end of a pair name; longer first so USDT wins over USD.
const QUOTES = ['USDT', 'USDC', 'USD', 'EUR', 'GBP', 'CAD', 'JPY', 'CHF', 'XBT', 'ETH'] as const;
const FIAT = new Set(['USD', 'EUR', 'GBP', 'CAD', 'JPY', 'CHF']);

export interface PairName {
  /** "XBT/USD", or the pair exactly as given when its quote currency is not recognised. */
  display: string;
  base?: string;
  quote?: string;
}

export function describePair(pair: string): PairName {
  // Kraken's legacy names: X + crypto, then Z + fiat or X + crypto ("XXBTZUSD", "XETHXXBT").
  const legacy = /^X([A-Z]{3})([XZ])([A-Z]{3})$/.exec(pair);
  if (legacy) {
    const [, base = '', marker, quote = ''] = legacy;
    if ((QUOTES as readonly string[]).includes(quote) && (marker === 'Z') === FIAT.has(quote)) {
      return { display: `${base}/${quote}`, base, quote };
    }
  }
  const slash = /^([A-Z0-9]+)\/([A-Z0-9]+)$/.exec(pair);
  if (slash) {
    const [, base = '', quote = ''] = slash;
    return (QUOTES as readonly string[]).includes(quote) ? { display: pair, base, quote } : { display: pair };
  }
  if (/^[A-Z0-9]+$/.test(pair)) {
    for (const quote of QUOTES) {
      if (pair.length > quote.length && pair.endsWith(quote)) {
        const base = pair.slice(0, -quote.length);
        return { display: `${base}/${quote}`, base, quote };
      }
    }
  }
  return { display: pair };
}

function stripLeadingZeros(digits: string): string {
  return digits.replace(/^0+(?=\d)/, '');
}
