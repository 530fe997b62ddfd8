// Small builders shared by the policy tests.
import { readFileSync } from 'node:fs';
import { compilePolicy, type CompiledPolicy, type EvaluationContext, indexPairs, type MarketFacts, type StandingOrder, type Touch, parsePolicy, type Verdict, evaluatePolicy } from '../../../main/gate/policy/index.js';

/** Parses and compiles, failing the test with the parse errors when the policy is invalid. */
export function compile(json: unknown): CompiledPolicy {
  const parsed = parsePolicy(json);
  if (!parsed.ok) throw new Error(`policy rejected:\n${parsed.errors.join('\n')}`);
  return compilePolicy(parsed.policy);
}

/** Pairs as Kraken lists them (key, altname, wsname), enough to route ETH, EUR, JPY and USDT into USD. */
export const KRAKEN_PAIRS = [
  ['XXBTZUSD', 'XBTUSD', 'XBT/USD'],
  ['XETHZUSD', 'ETHUSD', 'ETH/USD'],
  ['XETHXXBT', 'ETHXBT', 'ETH/XBT'],
  ['XXBTZEUR', 'XBTEUR', 'XBT/EUR'],
  ['ZEURZUSD', 'EURUSD', 'EUR/USD'],
  ['XXBTZJPY', 'XBTJPY', 'XBT/JPY'],
  ['ZUSDZJPY', 'USDJPY', 'USD/JPY'],
  ['ETHUSDT', 'ETHUSDT', 'ETH/USDT'],
  ['USDTZUSD', 'USDTUSD', 'USDT/USD'],
  ['SOLGBP', 'SOLGBP', 'SOL/GBP'],
] as const;

/**
 * What the gate would have read of the market: Kraken's pairs, and the touch of each pair given
 * (a number is bid = ask = last), as of 12:03:04 on the paper exchange's ticker.
 */
export function market(touches: Record<string, number | Touch> = {}, extra: { orders?: StandingOrder[]; problem?: string } = {}): MarketFacts {
  const pairs = indexPairs(KRAKEN_PAIRS.map(([key, altname, name]) => {
    const [base = '', quote = ''] = name.split('/');
    return { key, altname, name, base, quote };
  }));
  const orders = extra.orders && new Map(extra.orders.flatMap((o) => [[o.id, o] as const, ...(o.clOrdId ? [[o.clOrdId, o] as const] : [])]));
  return {
    pairs,
    touches: new Map(Object.entries(touches).map(([key, t]) => [key, typeof t === 'number' ? { bid: t, ask: t, last: t } : t])),
    source: 'paper exchange ticker',
    at: new Date(2026, 11, 5, 12, 3, 4),
    ...(orders && { orders }),
    ...(extra.problem && { problem: extra.problem }),
  };
}

/** Text with its thin spaces as plain ones, to compare with what a test spells out. */
export function plain(text: string | undefined): string | undefined {
  return text?.replace(/\u202f/g, ' ');
}

export function context(overrides: Partial<EvaluationContext> = {}): EvaluationContext {
  return { paused: false, knownTools: undefined, limitCheck: () => undefined, market: market(), ...overrides };
}

export function decide(policy: CompiledPolicy, tool: string, args: Record<string, unknown> = {}, ctx: Partial<EvaluationContext> = {}): Verdict {
  return evaluatePolicy(policy, { tool, arguments: args }, context(ctx));
}

/** A PolicyLayer file from test/fixtures/policylayer, read as it is. */
export function policyLayerFile(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../fixtures/policylayer/${name}`, import.meta.url), 'utf8'));
}

export const REAL_ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '50000', validate: false };
export const DRY_RUN_ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '50000' };
