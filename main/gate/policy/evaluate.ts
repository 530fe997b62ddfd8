// One decision per tool call, pure and synchronous: the pipeline does the I/O (upstream tool
// list, the market read for an order, today's total, rate-limit state) and hands the results in through the
// context. First match wins, in this order:
//   hidden or unknown tool → tool definition changed since pinned → financial pause →
//   default deny for unnamed tools → action deny → pairs → require → deny_if → max_notional →
//   daily_notional_cap → limits → (notional not computable) → approve_if / action approve, unless an
//   allow_if with room in its cap lets the call through → allow.
import { KRAKEN_TOOL_NAMES, pauseStops } from '../catalog.js';
import type { ToolCall } from '../types.js';
import type { CompiledAllowRule, CompiledPolicy, CompiledRule, CompiledToolRules } from './compile.js';
import { describeWindow, type LimitHit, type LimitSpec } from './limits.js';
import type { MarketFacts } from './market-facts.js';
import { ORDER_TOOLS, isRealOrder } from './notional.js';
import { formatMoney } from '../../../preload/number-format.js';
import { describeWorth, valueOrder, type OrderWorth } from './worth.js';
import { pairRefusal } from './pairs.js';

export type PolicyAction = 'allow' | 'deny' | 'approve';

export interface Verdict {
  action: PolicyAction;
  /** The deciding rule's place, for the call log: "pause", "tools.add_order.deny_if[0]", "default" … */
  rule: string;
  /** Its own id, when the rule entry has one ("r-7kq2"): the name that survives edits. */
  ruleId?: string;
  /** Its fingerprint (preload/rule-ref.ts), for an entry of deny_if, approve_if, allow_if or limits. */
  ruleHash?: string;
  /** An allow_if let the call through: its cap, which the call takes a slot of. */
  allowance?: LimitSpec;
  /** Short and actionable; for a deny it is what the agent reads. */
  reason: string;
  /** The order's worth in the cap currency, when the call is an order the caps apply to and it could be valued. */
  worth?: ValuedOrder;
}

export interface EvaluationContext {
  /** The financial pause is on: add_order, cancel_order, amend_order, cancel_all_orders_after are refused. */
  paused: boolean;
  /** Tool names the upstream lists; undefined before its first tools/list, when the 17 kraken-mcp tools are assumed. */
  knownTools: ReadonlySet<string> | undefined;
  /** Tools whose definition changed upstream since a human pinned it. */
  changedTools?: ReadonlySet<string>;
  /** The first rate limit a call to this tool would exceed now; pass `(t) => limiter.peek(t, now)`. */
  limitCheck: (tool: string) => LimitHit | undefined;
  /** Whether an allow_if's cap is full now; pass `(cap) => limiter.peekSpec(cap, now)`. Absent: never full. */
  allowanceCheck?: (cap: LimitSpec) => LimitHit | undefined;
  /** The market as the gate read it for this order (see policyNeedsMarket): pairs, prices, the order amended. */
  market?: MarketFacts;
  /** Worth of orders let through so far this UTC day, in the cap currency; needed when daily_notional_cap is set. */
  notionalToday?: number;
  /** Why today's total is not known, when it is not. */
  notionalTodayProblem?: string;
}

const NO_RULES: readonly CompiledRule[] = [];

// Hidden tools get the same answer as tools that do not exist, so an agent cannot probe for them.
function unknownTool(tool: string): string {
  return `Unknown tool: ${tool}`;
}

function limitReason(hit: LimitHit, tool: string): string {
  const calls = `${hit.tool === undefined ? '' : `${tool} `}call${hit.max === 1 ? '' : 's'}`;
  const scope = hit.tool === undefined ? ' across all tools' : '';
  const wait = Math.max(1, Math.ceil(hit.retryAfterMs / 1000));
  return `Rate limit: at most ${hit.max} ${calls} per ${describeWindow(hit.windowMs)}${scope}. Try again in ${wait} s.`;
}

type Named = Pick<Verdict, 'rule' | 'ruleId' | 'ruleHash'>;

function verdict(action: PolicyAction, by: string | Named, reason: string, worth: ValuedOrder | undefined): Verdict {
  const named: Verdict = typeof by === 'string' ? { action, rule: by, reason } : { action, rule: by.rule, reason };
  if (typeof by !== 'string' && by.ruleId !== undefined) named.ruleId = by.ruleId;
  if (typeof by !== 'string' && by.ruleHash !== undefined) named.ruleHash = by.ruleHash;
  if (worth !== undefined) named.worth = worth;
  return named;
}

/**
 * A call a rule would hold, unless an allow_if matches it and its cap has room: then it goes
 * through, and takes a slot of the cap. A full cap sends it to the person, saying so.
 */
function asked(asking: Named & { reason: string }, allowIf: readonly CompiledAllowRule[], args: unknown, ctx: EvaluationContext, worth: ValuedOrder | undefined): Verdict {
  let spent: CompiledAllowRule | undefined;
  for (const r of allowIf) {
    if (!r.test(args)) continue;
    if (r.cap !== undefined && ctx.allowanceCheck?.(r.cap) !== undefined) {
      spent ??= r;
      continue;
    }
    const allowed = verdict('allow', r, r.reason, worth);
    if (r.cap !== undefined) allowed.allowance = r.cap;
    return allowed;
  }
  const cap = spent?.cap;
  const note = cap && spent ? ` (Rule ${spent.ruleId ?? spent.rule} lets at most ${cap.max} such calls per ${describeWindow(cap.windowMs)} through without asking; they are used up.)` : '';
  return verdict('approve', asking, asking.reason + note, worth);
}

interface OrderCheck {
  refusal?: Verdict;
  /** Set when a cap could not be checked: the call goes to a human unless a later step refuses it. */
  ask?: { rule: string; reason: string };
  worth?: ValuedOrder;
}

export type ValuedOrder = Extract<OrderWorth, { ok: true }>;

const NOT_AN_ORDER: OrderCheck = {};

// An order whose worth cannot be known is not refused outright but asked about: a human can
// judge it, and nothing is placed without one. A dry run places nothing, so it passes.
function checkOrder(policy: CompiledPolicy, rules: CompiledToolRules | undefined, tool: string, args: unknown, ctx: EvaluationContext): OrderCheck {
  const cap = policy.dailyNotionalCap;
  if (rules?.maxNotional === undefined && cap === undefined) return NOT_AN_ORDER;
  const valued = valueOrder(tool, args, ctx.market, policy.capCurrency);
  const worth = valued?.ok ? valued : undefined;
  const unknownWhy = valued?.ok === false ? valued.reason : undefined;
  const currency = policy.capCurrency;
  const real = isRealOrder(tool, args);
  let ask: OrderCheck['ask'];
  if (rules?.maxNotional !== undefined) {
    const rule = `${rules.rule}.max_notional`;
    if (worth !== undefined && worth.value > rules.maxNotional) {
      const reason = `Order worth ${describeWorth(worth)} exceeds the cap of ${formatMoney(rules.maxNotional)} ${currency}; reduce the volume.`;
      return { refusal: verdict('deny', rule, reason, worth), worth };
    }
    if (unknownWhy !== undefined && real) ask = { rule, reason: `Cannot check the order against max_notional: ${unknownWhy}. A human must approve it.` };
  }
  if (cap !== undefined) {
    const today = ctx.notionalToday;
    if (worth !== undefined && today !== undefined && today + worth.charge > cap) {
      return { refusal: verdict('deny', 'daily_notional_cap', dailyCapReason(cap, currency, today, worth), worth), worth };
    }
    if (real && (worth === undefined || today === undefined)) {
      const why = unknownWhy ?? ctx.notionalTodayProblem ?? "today's total is not known";
      ask ??= { rule: 'daily_notional_cap', reason: `Cannot check the order against the daily notional cap: ${why}. A human must approve it.` };
    }
  }
  return { ask, worth };
}

/** The daily cap's refusal, in the words the agent (and a human whose approval it refused) reads. */
export function dailyCapReason(cap: number, currency: string, usedToday: number, worth: ValuedOrder): string {
  const adds = worth.charge === worth.value ? `this order ${describeWorth(worth)}` : `this amendment adds ≈ ${formatMoney(worth.charge)} ${currency} (${worth.basis})`;
  return `Daily notional cap of ${formatMoney(cap)} ${currency} would be exceeded: ${formatMoney(usedToday)} ${currency} used today, ${adds}.`;
}

/** The policy's answer to one call; pure, never throws, whatever the arguments hold. */
export function evaluatePolicy(policy: CompiledPolicy, call: ToolCall, ctx: EvaluationContext): Verdict {
  const { tool } = call;
  const args: unknown = call.arguments;
  if (policy.hideAll || policy.hidden.has(tool)) return verdict('deny', 'hide', unknownTool(tool), undefined);
  if (!(ctx.knownTools ?? KRAKEN_TOOL_NAMES).has(tool)) return verdict('deny', 'unknown-tool', unknownTool(tool), undefined);
  if (ctx.changedTools?.has(tool)) {
    return verdict('deny', 'tool-changed', `The definition of ${tool} changed since it was reviewed; a human must review it first.`, undefined);
  }
  if (ctx.paused && pauseStops(tool, call.arguments)) return verdict('deny', 'pause', 'Financial tools are paused', undefined);

  const rules = policy.tools.get(tool);
  if (rules === undefined && policy.defaultAction === 'deny') {
    return verdict('deny', 'default', `${tool} is not allowed by the policy.`, undefined);
  }
  if (rules?.action === 'deny') return verdict('deny', `${rules.rule}.action`, `${tool} is not allowed by the policy.`, undefined);
  if (rules?.pairs !== undefined) {
    const refusal = pairRefusal(rules.pairs, args);
    if (refusal !== undefined) return verdict('deny', `${rules.rule}.pairs`, refusal, undefined);
  }
  for (const r of rules?.require ?? NO_RULES) if (!r.test(args)) return verdict('deny', r.rule, r.reason, undefined);
  for (const r of rules?.denyIf ?? NO_RULES) if (r.test(args)) return verdict('deny', r, r.reason, undefined);

  const order = ORDER_TOOLS.has(tool) ? checkOrder(policy, rules, tool, args, ctx) : NOT_AN_ORDER;
  if (order.refusal !== undefined) return order.refusal;
  const { worth, ask } = order;

  const hit = ctx.limitCheck(tool);
  if (hit !== undefined) return verdict('deny', hit, limitReason(hit, tool), worth);

  // An order the caps cannot value asks whatever an allow_if says: the exception was for orders
  // the caps could still check.
  if (ask !== undefined) return verdict('approve', ask.rule, ask.reason, worth);
  const asking = rules?.approveIf.find((r) => r.test(args)) ?? (rules?.action === 'approve' ? { rule: `${rules.rule}.action`, reason: `${tool} always needs human approval.` } : undefined);
  if (asking !== undefined) return asked(asking, rules?.allowIf ?? [], args, ctx, worth);
  return rules === undefined
    ? verdict('allow', 'default', 'Allowed by the policy default.', worth)
    : verdict('allow', rules.rule, 'Allowed by policy.', worth);
}

/** True when this policy values the call against a cap: read the market (MarketFacts) before evaluating. */
export function policyNeedsMarket(policy: CompiledPolicy, call: ToolCall): boolean {
  if (!ORDER_TOOLS.has(call.tool)) return false;
  return policy.tools.get(call.tool)?.maxNotional !== undefined || policy.dailyNotionalCap !== undefined;
}

export function isHidden(policy: CompiledPolicy, tool: string): boolean {
  return policy.hideAll || policy.hidden.has(tool);
}

/** Filters a tools/list answer (names or tool objects) down to what the agent may see. */
export function visibleTools<T extends string | { name: string }>(policy: CompiledPolicy, tools: readonly T[]): T[] {
  return tools.filter((t) => !isHidden(policy, typeof t === 'string' ? t : t.name));
}
