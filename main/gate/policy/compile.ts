// A parsed policy turned into the form evaluatePolicy reads on every call: conditions as
// closures with their regexes compiled, lists as sets, rule ids and default reasons computed once.
import { ruleFingerprint } from '../../../preload/rule-ref.js';
import { compileConditions, type CompiledCondition } from './conditions.js';
import { formatPath } from './issues.js';
import { normalizeCurrency } from './market-facts.js';
import { describeWindow, windowMs, type LimitSource, type LimitSpec } from './limits.js';
import { compilePairLists, type CompiledPairLists } from './pairs.js';
import { parsePolicy, readRequirement, type AllowRule, type Limit, type Policy, type ToolRules } from './schema.js';

export interface CompiledRule {
  /** Its place, for reading: "tools.add_order.deny_if[0]". */
  readonly rule: string;
  /** Its own id when it has one ("r-7kq2"): the name that survives reordering (preload/rule-ref.ts). */
  readonly ruleId?: string;
  /** What it says, fingerprinted: a record tells whether the rule there now is the one that decided. */
  readonly ruleHash?: string;
  readonly test: CompiledCondition;
  readonly reason: string;
}

/** An allow_if exception: calls it matches go through without asking while its cap has room. */
export interface CompiledAllowRule extends CompiledRule {
  /** Counted like a rate limit, but only calls this rule let through; absent: no cap. */
  readonly cap: LimitSpec | undefined;
}

export interface CompiledToolRules {
  readonly name: string;
  /** "tools.<name>", the rule id of a plain allow. */
  readonly rule: string;
  readonly action: 'allow' | 'deny' | 'approve';
  readonly pairs: CompiledPairLists | undefined;
  /** Each test is true when the requirement holds; a call failing one is refused. */
  readonly require: readonly CompiledRule[];
  readonly denyIf: readonly CompiledRule[];
  readonly approveIf: readonly CompiledRule[];
  readonly allowIf: readonly CompiledAllowRule[];
  readonly maxNotional: number | undefined;
  readonly limits: readonly LimitSpec[];
}

export interface CompiledPolicy extends LimitSource {
  /** The document it was compiled from, for display and for saving back. */
  readonly policy: Policy;
  readonly defaultAction: 'allow' | 'deny';
  readonly hideAll: boolean;
  readonly hidden: ReadonlySet<string>;
  readonly tools: ReadonlyMap<string, CompiledToolRules>;
  readonly globalLimits: readonly LimitSpec[];
  readonly dailyNotionalCap: number | undefined;
  /** The currency the caps count in ("USD", "EUR", "XBT"): every order's worth is converted into it. */
  readonly capCurrency: string;
}

function limitSpecs(limits: readonly Limit[] | undefined, prefix: string, tool: string | undefined): LimitSpec[] {
  return (limits ?? []).map((l, i) => ({
    rule: `${prefix}.limits[${i}]`.replace(/^\./, ''),
    ...named(l),
    tool,
    max: l.max,
    windowMs: windowMs(l.window),
    sliding: l.sliding ?? false,
  }));
}

/** A rule entry's id (when it has one) and fingerprint, as verdicts and records carry them. */
function named(entry: { id?: string | undefined }): { ruleId?: string; ruleHash: string } {
  return entry.id === undefined ? { ruleHash: ruleFingerprint(entry) } : { ruleId: entry.id, ruleHash: ruleFingerprint(entry) };
}

function allowRules(rules: readonly AllowRule[], at: string, tool: string): CompiledAllowRule[] {
  return rules.map((r, i) => {
    const rule = `${at}.allow_if[${i}]`;
    const ids = named(r);
    const cap = r.limit && { rule, ...ids, tool, max: r.limit.max, windowMs: windowMs(r.limit.window), sliding: r.limit.sliding ?? false };
    const within = cap ? `, at most ${r.limit?.max} per ${describeWindow(cap.windowMs)}` : '';
    return { rule, ...ids, test: compileConditions(r.conditions), reason: ownWords(r.reason) ?? `Allowed without asking by rule ${ids.ruleId ?? rule}${within}.`, cap };
  });
}

/** A rule's own message, unless it says nothing (`""`, blanks): then the default reason is told. */
function ownWords(text: string | undefined): string | undefined {
  return text?.trim() ? text : undefined;
}

function requirementRules(items: readonly unknown[], at: string, tool: string): CompiledRule[] {
  return items.map((item, i) => {
    const rule = `${at}.require[${i}]`;
    const requirement = readRequirement(item);
    if (requirement === undefined) {
      return { rule, test: () => false, reason: `Kraken Gate cannot read policy rule ${rule}, so ${tool} is refused until it is fixed.` };
    }
    const [only] = requirement.conditions;
    const reason =
      ownWords(requirement.message) ??
      (requirement.conditions.length === 1 && only?.op === 'exists' && only.value === true
        ? `The argument ${only.path.slice(5)} is required.`
        : `The call does not meet the policy's requirement ${rule}.`);
    return { rule, test: compileConditions(requirement.conditions), reason };
  });
}

function compileTool(name: string, rules: ToolRules): CompiledToolRules {
  const at = formatPath(['tools', name]);
  return {
    name,
    rule: at,
    action: rules.action ?? 'allow',
    pairs: rules.pairs === undefined ? undefined : compilePairLists(rules.pairs),
    require: requirementRules(rules.require ?? [], at, name),
    denyIf: (rules.deny_if ?? []).map((r, i) => ({
      rule: `${at}.deny_if[${i}]`,
      ...named(r),
      test: compileConditions(r.conditions),
      reason: ownWords(r.on_deny) ?? `Refused by policy rule ${r.id ?? `${at}.deny_if[${i}]`}.`,
    })),
    approveIf: (rules.approve_if ?? []).map((r, i) => ({
      rule: `${at}.approve_if[${i}]`,
      ...named(r),
      test: compileConditions(r.conditions),
      reason: ownWords(r.reason) ?? `Needs human approval (${r.id ?? `${at}.approve_if[${i}]`}).`,
    })),
    allowIf: allowRules(rules.allow_if ?? [], at, name),
    maxNotional: rules.max_notional,
    limits: limitSpecs(rules.limits, at, name),
  };
}

/** Compiles a policy that parsePolicy accepted. */
export function compilePolicy(policy: Policy): CompiledPolicy {
  const tools = new Map<string, CompiledToolRules>();
  for (const [name, rules] of Object.entries(policy.tools ?? {})) tools.set(name, compileTool(name, rules));
  const globalLimits = [...limitSpecs(policy.limits, '', undefined), ...limitSpecs(policy.all_tools?.limits, 'all_tools', undefined)];
  const perTool = new Map<string, readonly LimitSpec[]>();
  for (const [name, t] of tools) perTool.set(name, [...t.limits, ...globalLimits]);
  // The allowances' caps are counted by the same limiter (and so survive a reload like a limit),
  // but never asked of a tool's calls: only of the calls their rule lets through.
  const allowanceCaps = [...tools.values()].flatMap((t) => t.allowIf.flatMap((r) => (r.cap ? [r.cap] : [])));
  const allLimits = [...[...tools.values()].flatMap((t) => t.limits), ...globalLimits, ...allowanceCaps];
  const hide = policy.hide ?? [];
  return {
    policy,
    defaultAction: policy.default ?? 'deny',
    hideAll: hide.includes('*'),
    hidden: new Set(hide),
    tools,
    globalLimits,
    dailyNotionalCap: policy.daily_notional_cap,
    capCurrency: normalizeCurrency(policy.cap_currency ?? 'USD'),
    allLimits,
    limitsFor: (tool) => perTool.get(tool) ?? globalLimits,
  };
}

export type LoadResult =
  | { ok: true; compiled: CompiledPolicy; warnings: string[] }
  | { ok: false; errors: string[] };

/** parsePolicy then compilePolicy: what the gate runs when policy.json is (re)loaded. */
export function loadPolicy(json: unknown): LoadResult {
  const parsed = parsePolicy(json);
  return parsed.ok ? { ok: true, compiled: compilePolicy(parsed.policy), warnings: parsed.warnings } : parsed;
}
