import { formatDecimal, parseDecimal, type Decimal } from './format.js';

// Kraken price strings: "50000" is absolute; a "+", "-" or "#" prefix makes it an offset from the
// last traded price ("#" lets Kraken pick the direction from side and order type); a "%" suffix
// makes an offset a percentage. Anything else is not a price we can put into words.

export interface PriceText {
  amount: Decimal;
  offset?: '+' | '-' | '#';
  percent: boolean;
}

export function parsePrice(text: string): PriceText | undefined {
  const match = /^([+\-#]?)([^%]*)(%?)$/.exec(text);
  const amount = match ? parseDecimal(match[2] ?? '') : undefined;
  if (!match || !amount) return undefined;
  const offset = (match[1] || undefined) as PriceText['offset'];
  const percent = match[3] === '%';
  if (percent && !offset) return undefined;
  return { amount, offset, percent };
}

/** "50 000 USD"; an offset as "+100 USD", "-2.5%", "±100 USD". */
export function formatPriceAmount(price: PriceText, currency: string | undefined): string {
  const sign = price.offset === '#' ? '±' : (price.offset ?? '');
  const unit = price.percent ? '%' : currency ? ` ${currency}` : '';
  return `${sign}${formatDecimal(price.amount)}${unit}`;
}

/** An absolute price as is, an offset from the last traded price in words: "last price +100 USD". */
export function formatPrice(price: PriceText, currency: string | undefined): string {
  const amount = formatPriceAmount(price, currency);
  return price.offset ? `last price ${amount}` : amount;
}
