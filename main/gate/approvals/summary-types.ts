// What a call looks like in words: the shapes the per-tool summarizers (add-order.ts,
// order-changes.ts) build and summary.ts dispatches to, in a file of their own so neither imports the other.

export interface SummaryField {
  label: string;
  value: string;
}

/**
 * What a human approves, in words, built only from the exact arguments that will be sent ("what
 * you see is what you sign"). `readable: false` means the arguments could not be put into words
 * faithfully: surfaces must show the raw JSON instead and offer no one-click approve.
 */
export interface Summary {
  headline: string;
  fields: SummaryField[];
  readable: boolean;
  /** Order value in the quote currency; `estimated` when it rests on a market price, not the order's own limit. */
  notional?: { value: number; currency: string; estimated: boolean };
  /** Worth in the caps' currency, converted with market data, and how it was reached; `firesAtOnce` for a trigger already met. */
  worth?: { value: number; currency: string; basis: string; firesAtOnce?: boolean };
}

/** A market price for the order's pair, used only to estimate what a market-priced order is worth. */
export interface PriceQuote {
  value: number;
  /** Where it came from, shown to the human: "Kraken ticker". */
  source: string;
  at: Date;
  /** The pair the price is for; when given and not the order's pair, the price is not used. */
  pair?: string;
}

/** A readable summary without the flag; the dispatcher decides readability from the reader's problems. */
export type SummaryDraft = Omit<Summary, 'readable'>;
