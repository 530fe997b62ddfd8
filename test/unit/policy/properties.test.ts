import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FINANCIAL_TOOLS, PRIVATE_READ_TOOLS, PUBLIC_TOOLS, isFinancialTool } from '../../../main/gate/catalog.js';
import { CONDITION_OPS, compilePolicy, evaluatePolicy, parsePolicy, type EvaluationContext, type LimitHit } from '../../../main/gate/policy/index.js';
import type { ToolCall } from '../../../main/gate/types.js';
import { unknownArgument } from '../../../main/gate/policy/tool-arguments.js';
import { market } from './fixtures.js';

const CATALOG = [...FINANCIAL_TOOLS, ...PRIVATE_READ_TOOLS, ...PUBLIC_TOOLS];
const ARG_KEYS = ['pair', 'pairs', 'side', 'ordertype', 'volume', 'price', 'price2', 'validate', 'order_qty', 'limit_price', 'x'];

const toolName = fc.oneof(fc.constantFrom(...CATALOG), fc.constantFrom('withdraw', 'Add_Order', ''), fc.string({ maxLength: 12 }));

const numberLike = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer().map(String), fc.constantFrom('0.5', '50000', '1e3'));

const condition = fc.constantFrom(...CONDITION_OPS).chain((op) =>
  fc.record({
    path: fc.constantFrom('args.pair', 'args.volume', 'args.validate', 'args.price', 'args.x.y', 'args.pairs'),
    op: fc.constant(op),
    value:
      op === 'in' || op === 'not_in'
        ? fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 4 })
        : op === 'lt' || op === 'lte' || op === 'gt' || op === 'gte'
          ? numberLike
          : op === 'regex'
            ? fc.constantFrom('^XBT', 'USD$', '(?i)eth', '.*', '^(trailing|take-profit)')
            : op === 'exists'
              ? fc.boolean()
              : fc.jsonValue({ maxDepth: 1 }),
  }),
);

const conditions = fc.array(condition, { maxLength: 3 });
const limit = fc.record(
  { max: fc.nat({ max: 5 }), window: fc.oneof(fc.constantFrom('minute', 'hour', 'day'), fc.integer({ min: 1, max: 3600 })), sliding: fc.boolean() },
  { requiredKeys: ['max', 'window'] },
);

const toolRules = fc.record(
  {
    action: fc.constantFrom('allow', 'deny', 'approve'),
    deny_if: fc.array(fc.record({ conditions, on_deny: fc.string() }, { requiredKeys: ['conditions'] }), { maxLength: 3 }),
    approve_if: fc.array(fc.record({ conditions, reason: fc.string() }, { requiredKeys: ['conditions'] }), { maxLength: 2 }),
    require: fc.array(fc.oneof(fc.constantFrom('args.pair', 'args.volume'), condition, fc.jsonValue({ maxDepth: 1 })), { maxLength: 2 }),
    limits: fc.array(limit, { maxLength: 2 }),
    max_notional: fc.double({ min: 1, max: 1e6, noNaN: true }),
    pairs: fc.record({ allow: fc.array(fc.constantFrom('XBTUSD', 'ETH/USD', 'xxbtzusd'), { minLength: 1 }), deny: fc.array(fc.constantFrom('DOGEUSD', 'BTCUSD'), { minLength: 1 }) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

const policyJson = fc
  .record(
    {
      version: fc.constant('1'),
      default: fc.constantFrom('allow', 'deny'),
      hide: fc.subarray(CATALOG),
      tools: fc.dictionary(fc.constantFrom(...CATALOG, 'withdraw'), toolRules, { maxKeys: 6 }),
      limits: fc.array(limit, { maxLength: 2 }),
      daily_notional_cap: fc.double({ min: 1, max: 1e7, noNaN: true }),
    },
    { requiredKeys: ['version'] },
  )
  .map((p) => {
    // max_notional is only valid on order tools; drop it elsewhere so every sample parses.
    for (const [name, rules] of Object.entries(p.tools ?? {})) {
      if (name !== 'add_order' && name !== 'amend_order') delete rules.max_notional;
      // A condition on an argument a kraken-mcp tool does not take is refused too (a typo): drop it.
      for (const rule of [...(rules.deny_if ?? []), ...(rules.approve_if ?? [])]) rule.conditions = rule.conditions.filter((c) => unknownArgument(name, c.path) === undefined);
    }
    return p;
  });

const orderish = fc.dictionary(fc.constantFrom(...ARG_KEYS), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 });
const anyArgs = fc.oneof(orderish, fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<unknown>);

const hit: fc.Arbitrary<LimitHit> = fc.record({
  rule: fc.constantFrom('limits[0]', 'tools.add_order.limits[0]'),
  tool: fc.option(fc.constant('add_order'), { nil: undefined }),
  max: fc.nat(10),
  windowMs: fc.constantFrom(1000, 60_000),
  retryAfterMs: fc.nat(60_000),
});

function contextArb(tool: fc.Arbitrary<string>, paused: fc.Arbitrary<boolean>) {
  return fc.record({
    paused,
    known: fc.option(fc.subarray([...CATALOG, 'withdraw']), { nil: undefined }),
    includeTool: fc.boolean(),
    changed: fc.subarray(CATALOG),
    hit: fc.option(hit, { nil: undefined }),
    marketPrice: fc.option(fc.double({ min: 1e-6, max: 1e7, noNaN: true }), { nil: undefined }),
    notionalToday: fc.option(fc.double({ min: 0, max: 1e7, noNaN: true }), { nil: undefined }),
    tool,
  });
}

type CtxSample = { paused: boolean; known: string[] | undefined; includeTool: boolean; changed: string[]; hit: LimitHit | undefined; marketPrice: number | undefined; notionalToday: number | undefined; tool: string };

function toContext(s: CtxSample): EvaluationContext {
  const known = s.known === undefined ? undefined : new Set(s.includeTool ? [...s.known, s.tool] : s.known);
  return {
    paused: s.paused,
    knownTools: known,
    changedTools: new Set(s.changed),
    limitCheck: () => s.hit,
    ...(s.marketPrice === undefined ? {} : { market: market({ XXBTZUSD: s.marketPrice, XETHZUSD: s.marketPrice }) }),
    ...(s.notionalToday === undefined ? {} : { notionalToday: s.notionalToday }),
  };
}

function compileSample(json: unknown) {
  const parsed = parsePolicy(json);
  if (!parsed.ok) throw new Error(`generator produced an invalid policy: ${parsed.errors.join('; ')}`);
  return compilePolicy(parsed.policy);
}

describe('properties of the evaluation', () => {
  it('never allows or approves a financial tool while paused, whatever the policy and call, but a cancel or a disarm of the switch', () => {
    fc.assert(
      fc.property(policyJson, contextArb(fc.oneof(fc.constantFrom(...FINANCIAL_TOOLS), toolName), fc.constant(true)), anyArgs, (json, ctx, args) => {
        const verdict = evaluatePolicy(compileSample(json), { tool: ctx.tool, arguments: args as Record<string, unknown> }, toContext(ctx));
        const takesRiskOff = ctx.tool === 'cancel_order' || (ctx.tool === 'cancel_all_orders_after' && (args as { timeout_seconds?: unknown } | null)?.timeout_seconds === 0);
        if (isFinancialTool(ctx.tool) && !takesRiskOff) expect(verdict.action).toBe('deny');
        if (takesRiskOff) expect(verdict.rule).not.toBe('pause');
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic and total: never throws, always a well-formed verdict, the same one twice', () => {
    fc.assert(
      fc.property(policyJson, contextArb(toolName, fc.boolean()), anyArgs, (json, ctx, args) => {
        const policy = compileSample(json);
        const call: ToolCall = { tool: ctx.tool, arguments: args as Record<string, unknown> };
        const first = evaluatePolicy(policy, call, toContext(ctx));
        const second = evaluatePolicy(policy, structuredClone(call), toContext(ctx));
        expect(second).toEqual(first);
        expect(['allow', 'deny', 'approve']).toContain(first.action);
        expect(first.rule.length).toBeGreaterThan(0);
        expect(first.reason.length).toBeGreaterThan(0);
        if (first.worth !== undefined) expect(Number.isFinite(first.worth.value)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('answers a hidden tool exactly as it answers a tool that does not exist', () => {
    fc.assert(
      fc.property(policyJson, fc.constantFrom(...CATALOG), anyArgs, (json, tool, args) => {
        const policy = compileSample({ ...json, hide: [tool] });
        const ctx = toContext({ paused: false, known: CATALOG, includeTool: false, changed: [], hit: undefined, marketPrice: undefined, notionalToday: undefined, tool });
        const hidden = evaluatePolicy(policy, { tool, arguments: args as Record<string, unknown> }, ctx);
        const absent = evaluatePolicy(policy, { tool: `${tool}_x`, arguments: {} }, ctx);
        expect(hidden.reason.replace(tool, '<t>')).toBe(absent.reason.replace(`${tool}_x`, '<t>'));
        expect(hidden.action).toBe('deny');
      }),
    );
  });

  it('never throws when parsing arbitrary JSON as a policy', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (json) => {
        const r = parsePolicy(json);
        if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
      }),
    );
  });
});
