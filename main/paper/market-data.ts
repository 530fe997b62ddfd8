// Public market data in Kraken's shapes, made up around each pair's live price. The history is
// synthetic but deterministic (a function of pair, time and price), so repeated calls agree with
// each other and the newest candle, trade and spread always end at the ticker's price. Volumes are
// sized by what the base is worth in dollars, not by the pair's price, so a pair quoted in XBT or
// JPY trades about as much value as its USD sibling.
import { type AssetSpec, type PairSpec, baseUsd, tickSize } from './catalog.js';
import { INVALID_ARGUMENTS, KrakenError, fixed, roundTo, unixSeconds } from './kraken-format.js';

export interface Quote {
  last: number;
  ask: number;
  bid: number;
}

/** The touch around a last price: ask at the last trade, bid one tick under, as in the capture. */
export function quoteFor(spec: PairSpec, last: number): Quote {
  return { last, ask: last, bid: roundTo(last - tickSize(spec), spec.pairDecimals) };
}

export function tickerEntry(spec: PairSpec, quote: Quote): Record<string, unknown> {
  const px = (n: number) => fixed(n, spec.pairDecimals);
  // About $25M traded today in about 10 000 trades, and 1.4 times that over 24 hours, on every pair.
  const today = 25_000_000 / baseUsd(spec);
  const day = today * 1.4;
  const trades = 10_000;
  return {
    a: [px(quote.ask), '1', '1.000'],
    b: [px(quote.bid), '1', '1.000'],
    c: [px(quote.last), '0.1'],
    v: [fixed(today, 8), fixed(day, 8)],
    p: [px(quote.last * 0.999), px(quote.last * 0.998)],
    t: [trades, Math.round(trades * 1.4)],
    l: [px(quote.last * 0.985), px(quote.last * 0.98)],
    h: [px(quote.last * 1.012), px(quote.last * 1.018)],
    o: px(quote.last * 0.995),
  };
}

export function assetEntry(asset: AssetSpec): Record<string, unknown> {
  return {
    aclass: 'currency',
    altname: asset.altname,
    decimals: asset.decimals,
    display_decimals: asset.displayDecimals,
    status: 'enabled',
  };
}

/** AssetPairs' `info` parameter picks a slice of the full record. */
export function pairEntry(spec: PairSpec, info: string | null): Record<string, unknown> {
  // The paper exchange charges no fees and offers no margin; the schedule says so.
  const leverage = { leverage_buy: [], leverage_sell: [] };
  const fees = { fees: [[0, 0]], fees_maker: [[0, 0]], fee_volume_currency: 'ZUSD' };
  const margin = { margin_call: 80, margin_stop: 40 };
  switch (info ?? 'info') {
    case 'info':
      return {
        altname: spec.altname,
        wsname: spec.wsname,
        aclass_base: 'currency',
        base: spec.base,
        aclass_quote: 'currency',
        quote: spec.quote,
        lot: 'unit',
        cost_decimals: spec.costDecimals,
        pair_decimals: spec.pairDecimals,
        lot_decimals: spec.lotDecimals,
        lot_multiplier: 1,
        ...leverage,
        ...fees,
        ...margin,
        ordermin: String(spec.ordermin),
        costmin: String(spec.costmin),
        tick_size: fixed(tickSize(spec), spec.pairDecimals),
        status: 'online',
      };
    case 'leverage':
      return { ...leverage };
    case 'fees':
      return { ...fees };
    case 'margin':
      return { ...margin };
    default:
      throw new KrakenError(INVALID_ARGUMENTS);
  }
}

const INTERVALS = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600];
const SERIES_LENGTH = 720;

/** OHLC rows [time, open, high, low, close, vwap, volume, count]; `last` is the newest committed candle. */
export function ohlcSeries(spec: PairSpec, last: number, nowMs: number, interval: number, since: number | null) {
  if (!INTERVALS.includes(interval)) throw new KrakenError(INVALID_ARGUMENTS);
  const step = interval * 60;
  const current = Math.floor(nowMs / 1000 / step) * step;
  // Price at a candle boundary; the boundary after the current candle is "now", i.e. the ticker.
  const at = (t: number) =>
    t > current ? last : last * (1 + 0.01 * Math.sin(t / step / 20) + 0.003 * noise(spec.key, t));
  const px = (n: number) => fixed(n, spec.pairDecimals);
  const rows: unknown[][] = [];
  for (let k = SERIES_LENGTH - 1; k >= 0; k--) {
    const t = current - k * step;
    if (since !== null && t <= since) continue;
    const open = at(t);
    const close = at(t + step);
    const wick = 1 + 0.001 * Math.abs(noise(spec.key, t + 1));
    const high = Math.max(open, close) * wick;
    const low = Math.min(open, close) / wick;
    const volume = (1 + Math.abs(noise(spec.key, t + 2))) * (50_000 / baseUsd(spec)) * Math.sqrt(interval);
    rows.push([t, px(open), px(high), px(low), px(close), px((open + high + low + close) / 4), fixed(volume, 8), Math.round(volume * 10) + 1]);
  }
  return { [spec.key]: rows, last: current - step };
}

/** Book levels [price, volume, timestamp], best first, `count` per side (Kraken: 1..500, default 100). */
export function bookSides(spec: PairSpec, quote: Quote, nowMs: number, count: number | null) {
  const levels = count ?? 100;
  if (levels < 1 || levels > 500) throw new KrakenError(INVALID_ARGUMENTS);
  const gap = Math.max(tickSize(spec), roundTo(quote.last * 0.00005, spec.pairDecimals));
  const nowS = Math.floor(nowMs / 1000);
  const side = (from: number, direction: 1 | -1) =>
    Array.from({ length: levels }, (_, i) => [
      fixed(from + direction * i * gap, spec.pairDecimals),
      fixed((0.05 + 2 * Math.abs(noise(spec.key, i * direction))) * (50_000 / baseUsd(spec)), 3),
      nowS - (i % 30),
    ]);
  return { [spec.key]: { asks: side(quote.ask, 1), bids: side(quote.bid, -1) } };
}

/** Trades [price, volume, time, b/s, m/l, misc, trade_id], oldest first; `last` in nanoseconds. */
export function recentTradesSeries(spec: PairSpec, last: number, nowMs: number, since: number | null) {
  const count = 50;
  const sinceS = since === null ? null : since > 1e12 ? since / 1e9 : since;
  const rows: unknown[][] = [];
  let newestMs = nowMs;
  for (let i = 0; i < count; i++) {
    const ms = nowMs - (count - 1 - i) * 7_000 - 250;
    const wobble = i === count - 1 ? 0 : noise(spec.key, i);
    const time = unixSeconds(ms);
    newestMs = ms;
    if (sinceS !== null && time <= sinceS) continue;
    rows.push([
      fixed(last * (1 + 0.0005 * wobble), spec.pairDecimals),
      fixed((0.01 + Math.abs(noise(spec.key, i + 100))) * (5_000 / baseUsd(spec)), 8),
      time,
      wobble >= 0 ? 'b' : 's',
      Math.abs(wobble) > 0.5 ? 'l' : 'm',
      '',
      Math.floor(ms / 7_000),
    ]);
  }
  return { [spec.key]: rows, last: (BigInt(Math.floor(newestMs)) * 1_000_000n).toString() };
}

/** Spreads [time, bid, ask], oldest first, ending at the current touch. */
export function recentSpreadsSeries(spec: PairSpec, quote: Quote, nowMs: number, since: number | null) {
  const nowS = Math.floor(nowMs / 1000);
  const rows: unknown[][] = [];
  for (let k = 49; k >= 0; k--) {
    const t = nowS - k * 5;
    if (since !== null && t <= since) continue;
    const shift = k === 0 ? 0 : roundTo(quote.last * 0.0003 * noise(spec.key, t), spec.pairDecimals);
    rows.push([t, fixed(quote.bid + shift, spec.pairDecimals), fixed(quote.ask + shift, spec.pairDecimals)]);
  }
  return { [spec.key]: rows, last: nowS };
}

// A stable pseudo-random number in [-1, 1] for (seed, n): FNV-1a over the text.
function noise(seed: string, n: number): number {
  let h = 2166136261;
  for (const ch of `${seed}:${n}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 16777619);
  }
  return ((h >>> 0) / 2 ** 32) * 2 - 1;
}
