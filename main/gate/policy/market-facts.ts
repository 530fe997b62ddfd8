// What the gate read of the market to value one order: the pairs the exchange lists, the touch of
// the pairs it needs (the order's own and those converting its quote into the cap currency) and,
// for an amendment, the order as it stands. Plain data, read by the upstream's market reader
// (upstream/market-data.ts) and handed to the pure evaluation.
import { normalizePair } from './pairs.js';

/** Best bid, best ask and last trade of one pair, in its quote currency. */
export interface Touch {
  readonly bid: number;
  readonly ask: number;
  readonly last: number;
}

/** A pair as the exchange lists it: Kraken's key (XETHXXBT), its display name (ETH/XBT), base and quote as written in it. */
export interface PairFacts {
  readonly key: string;
  readonly name: string;
  readonly base: string;
  readonly quote: string;
}

/** An open order as `open_orders` describes it, for valuing an amendment of it. */
export interface StandingOrder {
  readonly id: string;
  readonly clOrdId?: string;
  readonly pair: string;
  readonly side: 'buy' | 'sell';
  readonly ordertype: string;
  readonly volume: number;
  readonly price?: string;
  readonly price2?: string;
}

export interface MarketFacts {
  /** Every pair the exchange lists, under each of its spellings (normalizePair of key, altname, name). */
  readonly pairs: ReadonlyMap<string, PairFacts>;
  /** The touch of each pair read, by pair key. */
  readonly touches: ReadonlyMap<string, Touch>;
  /** Where the prices came from and when the oldest was read: "Kraken ticker", 12:03:04. */
  readonly source: string;
  readonly at: Date;
  /** Open orders by txid and by cl_ord_id, when an amendment needed them. */
  readonly orders?: ReadonlyMap<string, StandingOrder>;
  /** Why something needed could not be read ("the ticker did not answer: timeout"). */
  readonly problem?: string;
}

/** The exchange's listing of a pair however the agent spelled it. */
export function lookupPair(pairs: ReadonlyMap<string, PairFacts>, name: string): PairFacts | undefined {
  return pairs.get(normalizePair(name));
}

/** A currency as pairs write it: upper case, BTC as Kraken's XBT. */
export function normalizeCurrency(currency: string): string {
  const c = currency.trim().toUpperCase();
  return c === 'BTC' ? 'XBT' : c;
}

/** The pair map from a list of pairs, indexed under every spelling an agent may use. */
export function indexPairs(list: Iterable<PairFacts & { altname?: string }>): Map<string, PairFacts> {
  const map = new Map<string, PairFacts>();
  for (const p of list) {
    const facts: PairFacts = { key: p.key, name: p.name, base: p.base, quote: p.quote };
    for (const spelling of [p.key, p.altname, p.name]) if (spelling) map.set(normalizePair(spelling), facts);
  }
  return map;
}
