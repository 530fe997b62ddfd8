// The assets and pairs the paper exchange lists, with Kraken's own names and precisions, and the
// name lookups Kraken accepts (altname "XBTUSD", key "XXBTZUSD", wsname "XBT/USD", and "BTC"
// for XBT as agents often write it).
import { KrakenError } from './kraken-format.js';

export interface AssetSpec {
  key: string;
  altname: string;
  decimals: number;
  displayDecimals: number;
}

export interface PairSpec {
  key: string;
  altname: string;
  wsname: string;
  base: string;
  quote: string;
  pairDecimals: number;
  lotDecimals: number;
  costDecimals: number;
  ordermin: number;
  costmin: number;
  /** Starting last price; the exchange keeps the live one. */
  price: number;
}

export const ASSETS: readonly AssetSpec[] = [
  { key: 'ZUSD', altname: 'USD', decimals: 4, displayDecimals: 2 },
  { key: 'ZEUR', altname: 'EUR', decimals: 4, displayDecimals: 2 },
  { key: 'XXBT', altname: 'XBT', decimals: 10, displayDecimals: 5 },
  { key: 'XETH', altname: 'ETH', decimals: 10, displayDecimals: 5 },
  { key: 'SOL', altname: 'SOL', decimals: 10, displayDecimals: 5 },
];

export const PAIRS: readonly PairSpec[] = [
  pair('XXBTZUSD', 'XBTUSD', 'XBT/USD', 'XXBT', 'ZUSD', 1, 0.0001, 50_000),
  pair('XETHZUSD', 'ETHUSD', 'ETH/USD', 'XETH', 'ZUSD', 2, 0.002, 3_000),
  pair('SOLUSD', 'SOLUSD', 'SOL/USD', 'SOL', 'ZUSD', 2, 0.02, 150),
  pair('XXBTZEUR', 'XBTEUR', 'XBT/EUR', 'XXBT', 'ZEUR', 1, 0.0001, 46_000),
];

function pair(
  key: string,
  altname: string,
  wsname: string,
  base: string,
  quote: string,
  pairDecimals: number,
  ordermin: number,
  price: number,
): PairSpec {
  return { key, altname, wsname, base, quote, pairDecimals, lotDecimals: 8, costDecimals: 5, ordermin, costmin: 0.5, price };
}

const normalize = (name: string) => name.trim().toUpperCase().replace(/BTC/g, 'XBT');

export function findPair(name: string): PairSpec | undefined {
  const wanted = normalize(name);
  return PAIRS.find((p) => p.key === wanted || p.altname === wanted || p.wsname === wanted);
}

export function requirePair(name: string): PairSpec {
  const found = findPair(name);
  if (!found) throw new KrakenError('EQuery:Unknown asset pair');
  return found;
}

export function requireAsset(name: string): AssetSpec {
  const wanted = normalize(name);
  const found = ASSETS.find((a) => a.key === wanted || a.altname === wanted);
  if (!found) throw new KrakenError('EQuery:Unknown asset');
  return found;
}

/** Decimals for an asset key; unknown keys get crypto precision so nothing is rounded away. */
export function assetDecimals(key: string): number {
  return ASSETS.find((a) => a.key === key)?.decimals ?? 10;
}

export function tickSize(spec: PairSpec): number {
  return 10 ** -spec.pairDecimals;
}
