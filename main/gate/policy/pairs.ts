// Per-pair allow and deny lists. Agents write a pair as "XBTUSD", "XBT/USD", "xbtusd", "BTCUSD"
// or Kraken's legacy "XXBTZUSD"; all of these must hit the same list entry, or a deny list could
// be walked around by respelling. Normalisation, applied to both sides of every comparison:
// upper-case, drop "/" and spaces, strip the legacy X/Z prefixes of 8-letter names
// (XXBTZUSD → XBTUSD, XETHXXBT → ETHXBT), then write BTC as XBT. Other asset aliases (DOGE/XDG …)
// are not mapped: prefer allow lists, which fail closed on an unknown spelling.

/** kraken-mcp tools whose arguments name pairs: `pair` (one) or `pairs` (comma-separated). */
export const PAIR_ARGUMENT_TOOLS: ReadonlySet<string> = new Set([
  'add_order', 'ohlc', 'order_book', 'recent_trades', 'recent_spreads', 'ticker', 'tradable_asset_pairs',
]);

const LEGACY = /^[XZ][A-Z0-9]{3}[XZ][A-Z0-9]{3}$/;

export function normalizePair(pair: string): string {
  let p = pair.toUpperCase().replace(/[\s/]/g, '');
  if (LEGACY.test(p)) p = p.slice(1, 4) + p.slice(5);
  return p.replace(/BTC/g, 'XBT');
}

export interface PairLists {
  allow?: readonly string[];
  deny?: readonly string[];
}

export interface CompiledPairLists {
  readonly allow: ReadonlySet<string> | undefined;
  readonly deny: ReadonlySet<string> | undefined;
  readonly allowText: string;
}

export function compilePairLists(lists: PairLists): CompiledPairLists {
  return {
    allow: lists.allow === undefined ? undefined : new Set(lists.allow.map(normalizePair)),
    deny: lists.deny === undefined ? undefined : new Set(lists.deny.map(normalizePair)),
    allowText: (lists.allow ?? []).join(', '),
  };
}

/** The pairs a call names, or undefined when a pair argument is there but not a string. */
export function pairsNamed(args: unknown): string[] | undefined {
  if (typeof args !== 'object' || args === null) return [];
  const record = args as Record<string, unknown>;
  const out: string[] = [];
  for (const key of ['pair', 'pairs']) {
    if (!Object.hasOwn(record, key)) continue;
    const value = record[key];
    if (value === null) continue;
    if (typeof value !== 'string') return undefined;
    for (const part of value.split(',')) if (part.trim() !== '') out.push(part.trim());
  }
  return out;
}

/** Why the call's pairs are refused, or undefined when they pass. A call naming no pair passes. */
export function pairRefusal(lists: CompiledPairLists, args: unknown): string | undefined {
  const named = pairsNamed(args);
  if (named === undefined) return 'The pair argument must be a string like "XBTUSD".';
  for (const pair of named) {
    const p = normalizePair(pair);
    if (lists.deny?.has(p)) return `Pair ${pair} is not allowed.`;
    if (lists.allow !== undefined && !lists.allow.has(p)) {
      return lists.allow.size === 0 ? 'No pairs are allowed for this tool.' : `Pair ${pair} is not allowed; allowed pairs: ${lists.allowText}.`;
    }
  }
  return undefined;
}
