// What a market order would pay, from the order book the gate read: walked level by level for the
// order's volume, the average price, how far it slips past the touch, and Kraken's published taker
// fee on top. An estimate, said to be one: the book moves, and the person's fee tier may be lower.
import { formatMoney, formatQuantity } from '../../../preload/number-format.js';
import { inertSummary } from './summary.js';
import type { Summary } from './summary-types.js';

/** One side of a book, best first: [price, volume]. */
export type BookSide = ReadonlyArray<readonly [number, number]>;

/** Kraken's published taker fee at the lowest volume tier (kraken.com/features/fee-schedule): an upper estimate. */
export const KRAKEN_TAKER_FEE = 0.004;

export interface MarketFill {
  /** Average price over the volume that the book shows liquidity for. */
  average: number;
  /** The touch the order starts at (the ask for a buy, the bid for a sell). */
  touch: number;
  /** How far the average is past the touch, in %. */
  slippagePercent: number;
  /** The volume the book's visible levels can fill; less than asked means the order walks further. */
  filled: number;
  fee: number;
}

export function estimateFill(side: 'buy' | 'sell', volume: number, book: { asks: BookSide; bids: BookSide }): MarketFill | undefined {
  const levels = side === 'buy' ? book.asks : book.bids;
  const touch = levels[0]?.[0];
  if (touch === undefined || !(volume > 0)) return undefined;
  let left = volume;
  let cost = 0;
  for (const [price, size] of levels) {
    const take = Math.min(left, size);
    cost += take * price;
    left -= take;
    if (left <= 0) break;
  }
  const filled = volume - Math.max(0, left);
  if (filled <= 0) return undefined;
  const average = cost / filled;
  const slippagePercent = (Math.abs(average - touch) / touch) * 100;
  return { average, touch, slippagePercent, filled, fee: cost * KRAKEN_TAKER_FEE };
}

/** The market order's card with its estimated fill, and every order's bid, ask and spread. */
export function withMarketView(summary: Summary, quote: string, touch: { bid: number; ask: number } | undefined, fill: MarketFill | undefined, volume: number): Summary {
  if (!summary.readable || touch === undefined) return summary;
  const spread = touch.ask - touch.bid;
  const fields = [
    ...summary.fields,
    { label: 'Bid / ask', value: `${formatQuantity(touch.bid)} / ${formatQuantity(touch.ask)} ${quote}, spread ${formatQuantity(spread)} (${formatQuantity(Number(((spread / touch.ask) * 100).toPrecision(2)))} %)` },
  ];
  if (fill) {
    const short = fill.filled < volume ? `; the book shown holds only ${formatQuantity(fill.filled)} of it, the rest fills further out` : '';
    fields.push({
      label: 'Estimated fill',
      value: `≈ ${formatQuantity(fill.average)} ${quote} average, ${fill.slippagePercent.toFixed(2)} % past the touch; fee ≈ ${formatMoney(fill.fee)} ${quote} (Kraken's 0.40 % taker fee, an estimate)${short}`,
    });
  }
  return inertSummary({ ...summary, fields });
}
