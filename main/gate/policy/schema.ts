// policy.json: PolicyLayer's hosted format, as is, plus Kraken Gate's additions. Unknown keys
// are errors (a typo such as "deny_iff" would otherwise silently drop a rule); the keys
// PolicyLayer documents but Kraken Gate gives no meaning of its own (`description`,
// `all_tools`, `require`, a limit's `counter` and `scope`) are accepted.
import { z } from 'zod';
import { RULE_ID_PATTERN, ruleEntries } from '../../../preload/rule-ref.js';
import { KRAKEN_TOOL_NAMES } from '../catalog.js';
import { toNumber } from './coerce.js';
import { CONDITION_OPS, argumentPath, compilePattern, type Condition } from './conditions.js';
import { formatIssues, formatPath } from './issues.js';
import { describeJsonError } from './json-syntax.js';
import { ORDER_TOOLS } from './notional.js';
import { PAIR_ARGUMENT_TOOLS } from './pairs.js';
import { unknownArgument } from './tool-arguments.js';


type RefineContext = z.core.$RefinementCtx;

function checkCondition(c: { path: string; op: (typeof CONDITION_OPS)[number]; value?: unknown }, ctx: RefineContext): void {
  const issue = (path: string, message: string): void => ctx.addIssue({ code: 'custom', path: [path], message });
  if (argumentPath(c.path) === undefined) {
    issue(
      'path',
      c.path.startsWith('state.')
        ? 'state.* counters are Intercept YAML only; use "limits" here'
        : `expected "args.<name>" or "args.<name>.<name>…" (got ${JSON.stringify(c.path)})`,
    );
  }
  const v = c.value;
  switch (c.op) {
    case 'in':
    case 'not_in':
      if (!Array.isArray(v)) issue('value', `op "${c.op}" needs a list, e.g. ["XBTUSD", "ETHUSD"]`);
      break;
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      if (toNumber(v) === undefined) issue('value', `op "${c.op}" needs a number`);
      break;
    case 'regex':
      if (typeof v !== 'string') issue('value', 'op "regex" needs a pattern string');
      else {
        try {
          compilePattern(v);
        } catch (e) {
          issue('value', `invalid regular expression: ${(e instanceof Error ? e.message : String(e)).replace(/^Invalid regular expression: /, '')}`);
        }
      }
      break;
    case 'exists':
      if (typeof v !== 'boolean') issue('value', 'op "exists" needs true or false');
      break;
    default:
      if (v === undefined) issue('value', 'required');
  }
}

export const ConditionSchema = z
  .strictObject({ path: z.string(), op: z.enum(CONDITION_OPS), value: z.unknown() })
  .superRefine(checkCondition);

/** Kraken Gate: a rule's stable name (preload/rule-ref.ts); optional, so PolicyLayer files load as they are. */
const RuleIdSchema = z.string().regex(RULE_ID_PATTERN, 'a short name of letters, digits, "-" and "_" starting with a letter, e.g. "r-7kq2"').optional();

export const DenyRuleSchema = z.strictObject({ id: RuleIdSchema, conditions: z.array(ConditionSchema), on_deny: z.string().optional() });

export const ApproveRuleSchema = z.strictObject({ id: RuleIdSchema, conditions: z.array(ConditionSchema), reason: z.string().optional() });

const WindowSchema = z.union([z.enum(['minute', 'hour', 'day']), z.number().positive()], {
  error: (iss) => `expected "minute", "hour", "day" or a number of seconds (got ${JSON.stringify(iss.input) ?? 'nothing'})`,
});

/**
 * Kraken Gate: calls matching these go through without asking, though an approve_if rule or
 * `action: approve` would hold them, at most `limit.max` per window; past that they ask again.
 * What "Allow similar…" writes: one rule a person can read, where the format has no "unless".
 */
export const AllowRuleSchema = z.strictObject({
  id: RuleIdSchema,
  conditions: z.array(ConditionSchema),
  limit: z.strictObject({ max: z.number().int().nonnegative(), window: WindowSchema, sliding: z.boolean().optional() }).optional(),
  reason: z.string().optional(),
});

export const LimitSchema = z.strictObject({
  id: RuleIdSchema,
  counter: z.string().optional(),
  window: WindowSchema,
  max: z.number().int().nonnegative(),
  scope: z.string().optional(),
  /** Kraken Gate: a sliding window instead of PolicyLayer's fixed, UTC-aligned one. */
  sliding: z.boolean().optional(),
});

export const PairListsSchema = z.strictObject({
  allow: z.array(z.string().min(1)).optional(),
  deny: z.array(z.string().min(1)).optional(),
});

export const ToolRulesSchema = z.strictObject({
  /** Kraken Gate: allow (the default for a named tool), deny, or approve (always ask a human). */
  action: z.enum(['allow', 'deny', 'approve']).optional(),
  /** PolicyLayer: conditions a call must meet; see readRequirement for the shapes understood. */
  require: z.array(z.unknown()).optional(),
  deny_if: z.array(DenyRuleSchema).optional(),
  /** Kraken Gate: calls matching any of these wait for a human. */
  approve_if: z.array(ApproveRuleSchema).optional(),
  /** Kraken Gate: exceptions to asking, each with an optional cap (AllowRuleSchema). */
  allow_if: z.array(AllowRuleSchema).optional(),
  limits: z.array(LimitSchema).optional(),
  /** Kraken Gate: cap on one order's volume × price, in the pair's quote currency. */
  max_notional: z.number().positive().optional(),
  /** Kraken Gate: which pairs the tool may name. */
  pairs: PairListsSchema.optional(),
});

type PolicyShape = { hide?: string[] | undefined; tools?: Record<string, z.infer<typeof ToolRulesSchema>> | undefined; limits?: unknown; all_tools?: unknown };

// A record names a rule by its id: two rules with one id would make the log point at either.
function checkIds(p: PolicyShape, ctx: RefineContext): void {
  const first = new Map<string, string>();
  for (const entry of ruleEntries(p)) {
    if (entry.id === undefined) continue;
    const earlier = first.get(entry.id);
    const path = entry.tool === undefined ? [...entry.path.replace(/\[\d+\]$/, '').split('.'), entry.index, 'id'] : ['tools', entry.tool, entry.list, entry.index, 'id'];
    if (earlier !== undefined) ctx.addIssue({ code: 'custom', path, message: `the id "${entry.id}" is taken by ${earlier}; each rule needs its own` });
    else first.set(entry.id, entry.path);
  }
}

function checkPolicy(p: PolicyShape, ctx: RefineContext): void {
  checkIds(p, ctx);
  const seen = new Map<string, number>();
  (p.hide ?? []).forEach((name, i) => {
    const first = seen.get(name);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['hide', i], message: `duplicate of hide[${first}]` });
    else seen.set(name, i);
  });
  for (const [name, rules] of Object.entries(p.tools ?? {})) {
    if (name === '*' || name === '') {
      ctx.addIssue({ code: 'custom', path: ['tools', name], message: 'not a tool name; rules for every tool go in "limits" or "all_tools"' });
    }
    if (rules.max_notional !== undefined && !ORDER_TOOLS.has(name)) {
      ctx.addIssue({ code: 'custom', path: ['tools', name, 'max_notional'], message: 'only add_order and amend_order place orders' });
    }
    // A deny_if or approve_if condition on an argument the tool does not take can never see a value:
    // the rule would silently stop refusing or holding calls ("args.Validate" for "args.validate").
    for (const kind of ['deny_if', 'approve_if', 'allow_if'] as const) {
      rules[kind]?.forEach((rule, r) =>
        rule.conditions.forEach((condition, c) => {
          const problem = unknownArgument(name, condition.path);
          if (problem) ctx.addIssue({ code: 'custom', path: ['tools', name, kind, r, 'conditions', c, 'path'], message: `${problem}, so this rule could never match` });
        }),
      );
    }
  }
}

export const PolicySchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal('1'),
    /** Tools the policy does not name. Optional here (PolicyLayer requires it); absent means deny. */
    default: z.enum(['allow', 'deny']).optional(),
    description: z.string().optional(),
    hide: z.array(z.string().min(1)).optional(),
    /** PolicyLayer's place for limits across every tool; same meaning as top-level `limits`. */
    all_tools: z.strictObject({ limits: z.array(LimitSchema).optional() }).optional(),
    tools: z.record(z.string(), ToolRulesSchema).optional(),
    /** Kraken Gate: limits across every tool. */
    limits: z.array(LimitSchema).optional(),
    /** Kraken Gate: total notional of orders let through per UTC day, in cap_currency. */
    daily_notional_cap: z.number().positive().optional(),
    /** Kraken Gate: the currency max_notional and daily_notional_cap count in (USD when absent); orders in other quotes are converted. */
    cap_currency: z.string().regex(/^[A-Za-z0-9]{2,10}$/, 'a currency code such as "USD", "EUR" or "XBT"').optional(),
  })
  .superRefine(checkPolicy);

export type Policy = z.infer<typeof PolicySchema>;
export type ToolRules = z.infer<typeof ToolRulesSchema>;
export type DenyRule = z.infer<typeof DenyRuleSchema>;
export type ApproveRule = z.infer<typeof ApproveRuleSchema>;
export type Limit = z.infer<typeof LimitSchema>;
export type AllowRule = z.infer<typeof AllowRuleSchema>;

/** A `require` entry read as conditions that must all hold, or undefined when not understood. */
export interface Requirement {
  conditions: Condition[];
  message?: string;
}

const RequireRuleSchema = z.strictObject({ conditions: z.array(ConditionSchema), on_deny: z.string().optional() });

/**
 * PolicyLayer documents `require` ("require args.reason on refunds") without its exact shape;
 * these are read: "args.reason" (must be present), {path} (same), a condition {path, op, value},
 * and {conditions, on_deny}. Anything else is kept, warned about, and refuses the tool's calls.
 */
export function readRequirement(item: unknown): Requirement | undefined {
  if (typeof item === 'string') return argumentPath(item) ? { conditions: [{ path: item, op: 'exists', value: true }] } : undefined;
  if (typeof item !== 'object' || item === null) return undefined;
  const keys = Object.keys(item);
  const record = item as Record<string, unknown>;
  if (keys.length === 1 && typeof record.path === 'string') return readRequirement(record.path);
  if (keys.includes('conditions')) {
    const r = RequireRuleSchema.safeParse(item);
    return r.success ? { conditions: r.data.conditions, ...(r.data.on_deny === undefined ? {} : { message: r.data.on_deny }) } : undefined;
  }
  const c = ConditionSchema.safeParse(item);
  return c.success ? { conditions: [c.data] } : undefined;
}

function warningsFor(policy: Policy): string[] {
  const warnings: string[] = [];
  for (const [i, name] of (policy.hide ?? []).entries()) {
    if (name !== '*' && !KRAKEN_TOOL_NAMES.has(name)) warnings.push(`hide[${i}]: "${name}" is not a kraken-mcp tool`);
  }
  const hidden = new Set(policy.hide ?? []);
  for (const [name, rules] of Object.entries(policy.tools ?? {})) {
    const at = formatPath(['tools', name]);
    if (!KRAKEN_TOOL_NAMES.has(name)) warnings.push(`${at}: "${name}" is not a kraken-mcp tool; its rules apply only if the upstream has such a tool`);
    if (hidden.has(name) || hidden.has('*')) warnings.push(`${at}: the tool is hidden, so these rules never run`);
    if (rules.allow_if?.length && rules.action !== 'approve' && !rules.approve_if?.length) warnings.push(`${at}.allow_if: nothing here asks you (no approve_if, no "action": "approve"), so these exceptions never apply`);
    if (rules.pairs !== undefined && !PAIR_ARGUMENT_TOOLS.has(name)) warnings.push(`${at}.pairs: ${name} takes no pair argument, so the lists never apply`);
    (rules.require ?? []).forEach((item, i) => {
      if (readRequirement(item) === undefined) warnings.push(`${at}.require[${i}]: not understood by Kraken Gate; calls to ${name} are refused until it is changed`);
    });
  }
  return warnings;
}

export type ParseResult = { ok: true; policy: Policy; warnings: string[] } | { ok: false; errors: string[] };

/** Validates a parsed policy.json; each error names the path it concerns. */
export function parsePolicy(json: unknown): ParseResult {
  const result = PolicySchema.safeParse(json, { reportInput: true });
  if (!result.success) return { ok: false, errors: formatIssues(result.error.issues) };
  return { ok: true, policy: result.data, warnings: warningsFor(result.data) };
}

/** parsePolicy for file contents, with JSON syntax errors reported by line and column. */
export function parsePolicyText(text: string): ParseResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { ok: false, errors: ['the policy is empty; it needs at least {"version": "1"}'] };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    return { ok: false, errors: [describeJsonError(body, e)] };
  }
  return parsePolicy(json);
}
