// A held add_order's risk tier from what the gate read (approvals/risk.ts decides; this gathers
// the facts): what it spends against what the account holds, its limit against the market, its
// worth against the daily cap. A dry run places nothing and has no tier.
import { assessRisk, type Risk, type RiskThresholds } from './approvals/index.js';
import { absolutePrice, isRealOrder, lookupPair, orderTerms, quoteNotional, type CompiledPolicy, type MarketFacts, type OrderWorth } from './policy/index.js';
import type { ToolCall } from './types.js';

export function orderRisk(
  call: ToolCall,
  market: MarketFacts | undefined,
  worth: OrderWorth | undefined,
  balances: ReadonlyMap<string, number> | undefined,
  policy: CompiledPolicy,
  thresholds?: RiskThresholds,
): Risk | undefined {
  if (call.tool !== 'add_order' || !isRealOrder(call.tool, call.arguments) || market === undefined) return undefined;
  const name = call.arguments.pair;
  const pair = typeof name === 'string' ? lookupPair(market.pairs, name) : undefined;
  if (pair === undefined) return undefined;
  const touch = market.touches.get(pair.key);
  const terms = orderTerms(call.arguments);
  const quoted = quoteNotional(terms, touch);
  const volume = Number(terms.volume);
  const side = terms.side === 'sell' ? 'sell' : 'buy';
  const spends = side === 'buy' ? (quoted.ok ? { amount: quoted.notional, currency: pair.quote } : undefined) : { amount: volume, currency: pair.base };
  if (spends === undefined || !Number.isFinite(spends.amount)) return undefined;
  // Only an absolute limit has a distance from the market; "+5" and "2%" are offsets from it.
  const limit = (terms.ordertype ?? 'limit') === 'limit' ? absolutePrice(terms.price) : undefined;
  const holds = balances?.get(spends.currency);
  return assessRisk(
    {
      side,
      spends,
      ...(holds !== undefined && { holds }),
      ...(limit !== undefined && { limit }),
      ...(touch && { touch }),
      quoteCurrency: pair.quote,
      ...(worth?.ok && { worth: { value: worth.value, currency: worth.currency } }),
      ...(policy.dailyNotionalCap !== undefined && { dailyCap: policy.dailyNotionalCap }),
    },
    thresholds,
  );
}
