// Cost of one policy evaluation, against baselines measured in the same run.
// Run: npx tsx test/bench/policy-bench.ts
import {
  DEFAULT_POLICY,
  RateLimiter,
  compilePolicy,
  evaluatePolicy,
  indexPairs,
  parsePolicy,
  type CompiledPolicy,
  type Condition,
  type EvaluationContext,
  type Verdict,
} from '../../main/gate/policy/index.js';
import type { ToolCall } from '../../main/gate/types.js';

function compile(json: unknown): CompiledPolicy {
  const parsed = parsePolicy(json);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return compilePolicy(parsed.policy);
}

// 50 rules, most of them on add_order so that an order that passes them all runs every one.
function fiftyRulePolicy(): unknown {
  const denyIf: { conditions: Condition[] }[] = [
    { conditions: [{ path: 'args.pair', op: 'not_in', value: ['XBTUSD', 'ETHUSD', 'SOLUSD', 'ADAUSD', 'DOTUSD', 'XRPUSD', 'LTCUSD', 'LINKUSD'] }] },
    { conditions: [{ path: 'args.ordertype', op: 'regex', value: '^(trailing|take-profit)' }] },
    { conditions: [{ path: 'args.volume', op: 'gt', value: 10 }] },
    { conditions: [{ path: 'args.price', op: 'lt', value: '1' }] },
    { conditions: [{ path: 'args.side', op: 'neq', value: 'buy' }, { path: 'args.side', op: 'neq', value: 'sell' }] },
    { conditions: [{ path: 'args.timeinforce', op: 'eq', value: 'GTD' }] },
    { conditions: [{ path: 'args.cl_ord_id', op: 'contains', value: 'test' }] },
    { conditions: [{ path: 'args.userref', op: 'in', value: [1, 2, 3, 4, 5] }] },
  ];
  for (let i = 0; i < 16; i++) denyIf.push({ conditions: [{ path: 'args.cl_ord_id', op: 'eq', value: `bench-${i}` }] });
  const approveIf: { conditions: Condition[] }[] = [];
  for (let i = 0; i < 9; i++) approveIf.push({ conditions: [{ path: 'args.volume', op: 'gte', value: 5 + i }] });
  approveIf.push({ conditions: [{ path: 'args.validate', op: 'exists', value: true }, { path: 'args.validate', op: 'neq', value: true }] });
  const tools: Record<string, unknown> = {
    add_order: {
      pairs: { deny: ['DOGEUSD', 'SHIBUSD'] },
      deny_if: denyIf, // 24
      approve_if: approveIf, // 10
      max_notional: 100_000,
      limits: [{ max: 1000, window: 'minute' }, { max: 10_000, window: 'day', sliding: true }],
    },
  };
  // One rule each on an argument the tool takes (the policy refuses a rule on one it does not), a limit where it takes none.
  const argumentOf: Record<string, string | undefined> = {
    ticker: 'pairs', ohlc: 'pair', order_book: 'pair', recent_trades: 'pair', recent_spreads: 'pair',
    account_balance: undefined, open_orders: 'userref', closed_orders: 'userref', trades_history: 'type', cancel_order: 'txid_or_userref',
  };
  for (const [t, arg] of Object.entries(argumentOf)) {
    tools[t] = arg ? { deny_if: [{ conditions: [{ path: `args.${arg}`, op: 'eq', value: 'DOGEUSD' }] }] } : { limits: [{ max: 1000, window: 'minute' }] }; // 10
  }
  return { version: '1', default: 'deny', daily_notional_cap: 1_000_000, limits: [{ max: 10_000, window: 'hour' }], tools };
}

const order: ToolCall = {
  tool: 'add_order',
  arguments: { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '50000', validate: false },
};

function measure(name: string, fn: () => unknown): number {
  const iterations = 200_000;
  let sink = 0;
  for (let i = 0; i < iterations; i++) sink += fn() === undefined ? 0 : 1; // warm up the JIT
  const samples: number[] = [];
  for (let round = 0; round < 7; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) sink += fn() === undefined ? 0 : 1;
    samples.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  samples.sort((a, b) => a - b);
  const median = samples[3] as number;
  // Printing the sink keeps the optimiser from dropping the measured calls.
  console.log(`${name.padEnd(58)} ${median.toFixed(1).padStart(8)} ns/op  (min ${(samples[0] as number).toFixed(1)})${sink < 0 ? ' ' : ''}`);
  return median;
}

const fifty = compile(fiftyRulePolicy());
const empty = compile({ version: '1', default: 'allow' });
const shipped = compile(DEFAULT_POLICY);
const limiter = new RateLimiter(fifty);
const now = Date.now();
// The market as the gate reads it before judging an order (pairs and the touch of XBT/USD): orders are valued as in the gateway.
const market = {
  pairs: indexPairs([{ key: 'XXBTZUSD', altname: 'XBTUSD', name: 'XBT/USD', base: 'XBT', quote: 'USD' }, { key: 'XETHZUSD', altname: 'ETHUSD', name: 'ETH/USD', base: 'ETH', quote: 'USD' }]),
  touches: new Map([['XXBTZUSD', { bid: 49_999.9, ask: 50_000, last: 50_000 }], ['XETHZUSD', { bid: 2_999.9, ask: 3_000, last: 3_000 }]]),
  source: 'paper exchange ticker',
  at: new Date(),
};
const ctx: EvaluationContext = { paused: false, knownTools: undefined, limitCheck: () => undefined, notionalToday: 0, market };
const ctxWithLimiter: EvaluationContext = { ...ctx, limitCheck: (tool) => limiter.peek(tool, now) };
const verdict: Verdict = { action: 'allow', rule: 'default', reason: 'x' };
const bare = (call: ToolCall): Verdict => (call.tool === '' ? verdict : { ...verdict });

const ruleCount = (() => {
  const p = fifty.policy;
  let n = (p.limits?.length ?? 0) + (p.daily_notional_cap === undefined ? 0 : 1);
  for (const t of Object.values(p.tools ?? {})) {
    n += (t.deny_if?.length ?? 0) + (t.approve_if?.length ?? 0) + (t.limits?.length ?? 0) + (t.pairs ? 1 : 0) + (t.max_notional === undefined ? 0 : 1);
  }
  return n;
})();

console.log(`policy evaluation, Node ${process.version}; the 50-rule policy has ${ruleCount} rules\n`);
const base = measure('baseline: bare function call returning a verdict', () => bare(order));
const emptyNs = measure('baseline: empty policy (default allow), add_order', () => evaluatePolicy(empty, order, ctx));
measure('shipped default policy, real add_order', () => evaluatePolicy(shipped, order, ctx));
const worst = measure('50-rule policy, add_order passing every rule', () => evaluatePolicy(fifty, order, ctx));
measure('50-rule policy, add_order, with RateLimiter.peek', () => evaluatePolicy(fifty, order, ctxWithLimiter));
measure('50-rule policy, ticker', () => evaluatePolicy(fifty, { tool: 'ticker', arguments: { pairs: 'XBTUSD' } }, ctx));
console.log(`\n50-rule add_order: ${(worst - base).toFixed(0)} ns over the bare call, ${(worst - emptyNs).toFixed(0)} ns over the empty policy (target: well under 10 000 ns)`);
