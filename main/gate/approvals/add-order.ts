// add_order in words: "Buy 0.10 XBT/USD, limit 50 000 USD — about 5 000 USD".
import { formatClock } from '../../../preload/clock.js';
import { decimalFromNumber, decimalToNumber, describePair, formatAmount, formatDecimal, multiply, type Decimal } from './format.js';
import { formatPrice, formatPriceAmount, parsePrice, type PriceText } from './price.js';
import type { ArgumentReader } from './reader.js';
import type { PriceQuote, SummaryDraft, SummaryField } from './summary-types.js';

const ORDER_TYPES = ['market', 'limit', 'stop-loss', 'take-profit', 'stop-loss-limit', 'take-profit-limit', 'trailing-stop', 'trailing-stop-limit'] as const;
type OrderType = (typeof ORDER_TYPES)[number];

// What Kraken does with `price` and `price2` for each order type (REST AddOrder). A price given
// to a type that does not use it is a value we cannot put into words, so it makes the call unreadable.
type PriceRole = 'limit' | 'trigger' | 'trailing offset' | 'limit offset';
const ROLES: Record<OrderType, { price?: PriceRole; price2?: PriceRole; name: string }> = {
  market: { name: 'Market' },
  limit: { price: 'limit', name: 'Limit' },
  'stop-loss': { price: 'trigger', name: 'Stop-loss (market when triggered)' },
  'take-profit': { price: 'trigger', name: 'Take-profit (market when triggered)' },
  'stop-loss-limit': { price: 'trigger', price2: 'limit', name: 'Stop-loss limit' },
  'take-profit-limit': { price: 'trigger', price2: 'limit', name: 'Take-profit limit' },
  'trailing-stop': { price: 'trailing offset', name: 'Trailing stop (market when triggered)' },
  'trailing-stop-limit': { price: 'trailing offset', price2: 'limit offset', name: 'Trailing stop limit' },
};

/** Which argument holds an order's limit price: `price` for a limit order, `price2` for a stop-loss or take-profit limit, none for the rest. */
export function limitPriceKey(ordertype: unknown): 'price' | 'price2' | undefined {
  const type = typeof ordertype === 'string' ? ordertype : 'limit'; // the upstream's default
  const role = Object.hasOwn(ROLES, type) ? ROLES[type as OrderType] : undefined;
  return role?.price === 'limit' ? 'price' : role?.price2 === 'limit' ? 'price2' : undefined;
}

const PRICE_LABELS: Record<PriceRole, string> = { limit: 'Limit price', trigger: 'Trigger price', 'trailing offset': 'Trailing offset', 'limit offset': 'Limit offset' };
const TIME_IN_FORCE = { GTC: 'Good till cancelled (GTC)', IOC: 'Immediate or cancel (IOC)', GTD: 'Good till date (GTD)' } as const;

export const summarizeAddOrder = {
  keys: ['pair', 'side', 'ordertype', 'volume', 'price', 'price2', 'timeinforce', 'userref', 'cl_ord_id', 'validate'],

  summarize(r: ArgumentReader, quote?: PriceQuote): SummaryDraft | undefined {
    const pairText = r.string('pair', { required: true });
    const side = r.choice('side', ['buy', 'sell'], { required: true });
    const ordertype: OrderType = r.choice('ordertype', ORDER_TYPES) ?? 'limit';
    const volume = readVolume(r);
    const timeinforce = r.choice('timeinforce', ['GTC', 'IOC', 'GTD'], { nullable: true });
    const userref = r.integer('userref', { nullable: true });
    const clOrdId = r.string('cl_ord_id', { nullable: true });
    const validate = r.boolean('validate') ?? true;
    const role = ROLES[ordertype];
    const price = readPrice(r, 'price', role.price, ordertype);
    const price2 = readPrice(r, 'price2', role.price2, ordertype);
    if (pairText === undefined || side === undefined || volume === undefined || r.problems.length > 0) return undefined;

    const pair = describePair(pairText);
    const currency = pair.quote;
    const sideWord = side === 'buy' ? 'Buy' : 'Sell';
    const quantity = formatDecimal(volume, 2);
    const priceWords = (p: PriceText | undefined, which: PriceRole | undefined): string => {
      if (p === undefined) return '';
      // A trailing offset is always "+" (Kraken picks the direction from the side), so the sign says nothing.
      if (which === 'trailing offset') return formatPriceAmount({ ...p, offset: undefined }, currency);
      return which === 'limit offset' ? formatPriceAmount(p, currency) : formatPrice(p, currency);
    };
    const p1 = priceWords(price, role.price);
    const p2 = priceWords(price2, role.price2);

    const usableQuote = quote && (quote.pair === undefined || quote.pair === pairText) ? quote : undefined;
    const limitKey = limitPriceKey(ordertype);
    const limit = limitKey === 'price' ? price : limitKey === 'price2' ? price2 : undefined;
    const notional = orderNotional(volume, limit, currency, usableQuote);
    const fields: SummaryField[] = [
      { label: 'Side', value: sideWord },
      { label: 'Quantity', value: pair.base ? `${quantity} ${pair.base}` : quantity },
      { label: 'Pair', value: pair.base && pair.base + pair.quote !== pairText.replace('/', '') ? `${pair.display} (${pairText})` : pair.display },
      { label: 'Order type', value: role.name },
    ];
    if (role.price) fields.push({ label: PRICE_LABELS[role.price], value: p1 });
    if (role.price2) fields.push({ label: PRICE_LABELS[role.price2], value: p2 });
    let notionalWords = '';
    if (notional) {
      notionalWords = `about ${notional.text}${notional.estimated ? ' (estimate)' : ''}`;
      fields.push({ label: 'Notional', value: notionalWords });
      if (notional.estimated && usableQuote) {
        fields.push({ label: 'Estimated from', value: `${notional.priceText} (${usableQuote.source}, ${formatClock(usableQuote.at)})` });
      }
    }
    if (limit && !limit.offset && usableQuote && usableQuote.value > 0) {
      // A limit far from the market (a typo, a unit mistake) is what a person most needs to see.
      const market = decimalFromNumber(usableQuote.value);
      if (market) {
        const where = limitAgainstMarket(decimalToNumber(limit.amount), usableQuote.value, side, ordertype === 'limit');
        fields.push({ label: 'Market price', value: `${formatDecimal(market)}${currency ? ` ${currency}` : ''} (${usableQuote.source}, ${formatClock(usableQuote.at)}); ${where}` });
      }
    }
    if (timeinforce) fields.push({ label: 'Time in force', value: TIME_IN_FORCE[timeinforce] });
    if (userref !== undefined) fields.push({ label: 'User reference', value: String(userref) });
    if (clOrdId !== undefined) fields.push({ label: 'Client order id', value: clOrdId });
    fields.push({ label: 'Mode', value: validate ? 'Validate only (no order placed)' : 'REAL ORDER' });

    const terms: Record<OrderType, string> = {
      market: ' at market',
      limit: `, limit ${p1}`,
      'stop-loss': `, stop-loss at ${p1}`,
      'take-profit': `, take-profit at ${p1}`,
      'stop-loss-limit': `, stop-loss at ${p1}, limit ${p2}`,
      'take-profit-limit': `, take-profit at ${p1}, limit ${p2}`,
      'trailing-stop': `, trailing stop ${p1} from the market`,
      'trailing-stop-limit': `, trailing stop ${p1} from the market, limit offset ${p2}`,
    };
    const order = `${sideWord} ${quantity} ${pair.display}${terms[ordertype]}${notionalWords ? ` — ${notionalWords}` : ''}`;
    return {
      headline: validate ? `Validate only: ${order}` : order,
      fields,
      ...(notional && { notional: { value: notional.value, currency: notional.currency, estimated: notional.estimated } }),
    };
  },
};

/** "the limit is 2.5 % below it", "the limit is 20.0× it; it would fill at once". */
function limitAgainstMarket(limit: number, market: number, side: 'buy' | 'sell', marketable: boolean): string {
  const ratio = limit / market;
  const percent = (ratio - 1) * 100;
  const distance =
    Math.abs(percent) < 0.05 ? 'the limit is at it' : ratio >= 2 ? `the limit is ${ratio.toFixed(1)}× it` : `the limit is ${Math.abs(percent).toFixed(1)} % ${percent > 0 ? 'above' : 'below'} it`;
  // A buy limit above the ask (a sell below the bid) trades at once, at up to the limit.
  const crosses = marketable && (side === 'buy' ? limit > market : limit < market);
  return crosses ? `${distance}; it would fill at once` : distance;
}

function readVolume(r: ArgumentReader): Decimal | undefined {
  const volume = r.number('volume') ?? 0; // the upstream's default
  const decimal = decimalFromNumber(volume);
  if (!decimal) r.problem('"volume" must not be negative');
  return decimal;
}

function readPrice(r: ArgumentReader, key: 'price' | 'price2', role: PriceRole | undefined, ordertype: OrderType): PriceText | undefined {
  const problemsBefore = r.problems.length;
  const text = r.string(key, { nullable: true });
  if (text === undefined) {
    if (role && r.problems.length === problemsBefore) r.problem(`a ${ordertype} order needs "${key}" (${role})`);
    return undefined;
  }
  if (!role) {
    r.problem(`"${key}" is not used by ${ordertype} orders`);
    return undefined;
  }
  const price = parsePrice(text);
  if (!price) r.problem(`"${key}" is not a price: ${JSON.stringify(text)}`);
  else if (role === 'trailing offset' && price.offset !== '+') r.problem(`"${key}" of a ${ordertype} order must be a "+" offset`);
  else if (role === 'limit offset' && !price.offset) r.problem(`"${key}" of a ${ordertype} order must be an offset (+, - or #)`);
  else return price;
  return undefined;
}

interface Notional {
  value: number;
  currency: string;
  estimated: boolean;
  text: string;
  /** The market price an estimate used, formatted. */
  priceText: string;
}

// Exact when the order carries its own absolute limit price; otherwise an estimate at the given
// market price; none when the quote currency is unknown (we could not say in what it is counted).
function orderNotional(volume: Decimal, limit: PriceText | undefined, currency: string | undefined, quote: PriceQuote | undefined): Notional | undefined {
  if (!currency) return undefined;
  if (limit && !limit.offset) return notionalAt(volume, limit.amount, currency, false);
  const market = quote && quote.value > 0 ? decimalFromNumber(quote.value) : undefined;
  return market ? notionalAt(volume, market, currency, true) : undefined;
}

function notionalAt(volume: Decimal, price: Decimal, currency: string, estimated: boolean): Notional {
  const exact = multiply(volume, price);
  return { value: decimalToNumber(exact), currency, estimated, text: formatAmount(exact, currency), priceText: `${formatDecimal(price)} ${currency}` };
}
