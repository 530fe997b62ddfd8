// The assets and pairs the paper exchange lists, with Kraken's own names and precisions, and the
// name lookups Kraken accepts (altname "XBTUSD", key "XXBTZUSD", wsname "XBT/USD", and "BTC"
// for XBT as agents often write it).
import { KrakenError } from './kraken-format.js';

export interface AssetSpec {
  key: string;
  altname: string;
  decimals: number;
  displayDecimals: number;
  /**
   * Rough worth of one unit in US dollars, consistent with the pairs' starting prices. Not part of
   * Kraken's answer: it only sizes the made-up volumes of the market data, so that a level of the
   * XBT/JPY book holds about as much value as one of XBT/USD.
   */
  usd: number;
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

// GBP (ZGBP) is deliberately absent: tests use it as a currency with no route to any other.
export const ASSETS: readonly AssetSpec[] = [
  { key: 'ZUSD', altname: 'USD', decimals: 4, displayDecimals: 2, usd: 1 },
  { key: 'ZEUR', altname: 'EUR', decimals: 4, displayDecimals: 2, usd: 1.087 },
  { key: 'ZJPY', altname: 'JPY', decimals: 2, displayDecimals: 0, usd: 1 / 150 },
  { key: 'USDT', altname: 'USDT', decimals: 8, displayDecimals: 4, usd: 1 },
  { key: 'XXBT', altname: 'XBT', decimals: 10, displayDecimals: 5, usd: 50_000 },
  { key: 'XETH', altname: 'ETH', decimals: 10, displayDecimals: 5, usd: 3_000 },
  { key: 'SOL', altname: 'SOL', decimals: 10, displayDecimals: 5, usd: 150 },
];

// Starting prices agree with each other (XBT/USD 50 000, ETH/USD 3 000, EUR/USD 1.087, USD/JPY 150,
// USDT/USD 1), so a value converted along any route comes out about the same. ordermin is
// Kraken's per base asset (the same on every pair of that base); costmin per quote currency.
export const PAIRS: readonly PairSpec[] = [
  pair('XXBTZUSD', 'XBTUSD', 'XBT/USD', 'XXBT', 'ZUSD', 1, 0.0001, 50_000),
  pair('XETHZUSD', 'ETHUSD', 'ETH/USD', 'XETH', 'ZUSD', 2, 0.002, 3_000),
  pair('SOLUSD', 'SOLUSD', 'SOL/USD', 'SOL', 'ZUSD', 2, 0.02, 150),
  pair('XXBTZEUR', 'XBTEUR', 'XBT/EUR', 'XXBT', 'ZEUR', 1, 0.0001, 46_000),
  pair('XETHXXBT', 'ETHXBT', 'ETH/XBT', 'XETH', 'XXBT', 5, 0.002, 0.06, { costDecimals: 10, costmin: 0.00002 }),
  pair('XXBTZJPY', 'XBTJPY', 'XBT/JPY', 'XXBT', 'ZJPY', 0, 0.0001, 7_500_000, { costDecimals: 3, costmin: 50 }),
  pair('ZEURZUSD', 'EURUSD', 'EUR/USD', 'ZEUR', 'ZUSD', 5, 0.5, 1.087),
  pair('ZUSDZJPY', 'USDJPY', 'USD/JPY', 'ZUSD', 'ZJPY', 3, 0.5, 150, { costDecimals: 3, costmin: 50 }),
  pair('ETHUSDT', 'ETHUSDT', 'ETH/USDT', 'XETH', 'USDT', 2, 0.002, 3_000),
  pair('USDTZUSD', 'USDTUSD', 'USDT/USD', 'USDT', 'ZUSD', 4, 5, 1),
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
  cost: { costDecimals?: number; costmin?: number } = {},
): PairSpec {
  const { costDecimals = 5, costmin = 0.5 } = cost;
  return { key, altname, wsname, base, quote, pairDecimals, lotDecimals: 8, costDecimals, ordermin, costmin, price };
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
  // Not 10 ** -n: 10 ** -5 is 0.000009999999999999999, while 1 / 10 ** 5 is exactly 0.00001.
  return 1 / 10 ** spec.pairDecimals;
}

/** The rough dollar worth of one unit of a pair's base (see AssetSpec.usd), for sizing volumes. */
export function baseUsd(spec: PairSpec): number {
  return ASSETS.find((a) => a.key === spec.base)?.usd ?? spec.price;
}
