// main/gate/policy/: the policy engine (schema, compile, evaluate, limits, an order's worth); its public surface,
// other folders import from here only. May import the core's vocabulary and main/kraken-mcp/.
export { parsePolicy, parsePolicyText, PolicySchema, readRequirement } from './schema.js';
export type { Policy, ToolRules, DenyRule, ApproveRule, Limit, ParseResult, Requirement } from './schema.js';
export { compilePolicy, loadPolicy } from './compile.js';
export type { CompiledPolicy, CompiledToolRules, CompiledRule, LoadResult } from './compile.js';
export { dailyCapReason, evaluatePolicy, policyNeedsMarket, visibleTools, isHidden } from './evaluate.js';
export type { Verdict, PolicyAction, EvaluationContext, ValuedOrder } from './evaluate.js';
export { CONDITION_OPS, matchesCondition, matchesAll, compileCondition, compileConditions, resolveArgument } from './conditions.js';
export type { Condition, ConditionOp, CompiledCondition } from './conditions.js';
export { RateLimiter, windowMs, describeWindow } from './limits.js';
export type { LimitHit, LimitSpec, LimitSource, LimitWindow, Reservation, ReservationState, ReserveResult } from './limits.js';
export { absolutePrice, quoteNotional, isRealOrder, ORDER_TOOLS } from './notional.js';
export type { OrderTerms, QuoteNotional } from './notional.js';
export { valueOrder, describeWorth, orderTerms } from './worth.js';
export { formatMoney } from '../../../preload/number-format.js';
export type { OrderWorth } from './worth.js';
export { indexPairs, lookupPair, normalizeCurrency } from './market-facts.js';
export type { MarketFacts, PairFacts, StandingOrder, Touch } from './market-facts.js';
export { routeBetween, convertAlong } from './conversion.js';
export type { RouteStep } from './conversion.js';
export { normalizePair, pairsNamed, pairRefusal, compilePairLists, PAIR_ARGUMENT_TOOLS } from './pairs.js';
export type { PairLists, CompiledPairLists } from './pairs.js';
export { DEFAULT_POLICY, defaultPolicyText } from './default-policy.js';
export { checkPolicyFile } from './check.js';
export type { PolicyCheckResult } from './check.js';
export { loosenings } from './loosening.js';
