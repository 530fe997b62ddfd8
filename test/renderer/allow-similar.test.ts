// "Allow similar…": the rule the window proposes from a held call, judged by the real engine.
// Calls inside the stated scope stop asking; every other call that asked before still asks,
// including one that leaves out an argument the scope bounds.
import { describe, expect, it } from 'vitest';
import { compilePolicy, DEFAULT_POLICY, evaluatePolicy, parsePolicy } from '../../main/gate/policy/index.js';
import { allowSimilar, describeScope, scopeFromCall, type PolicyDoc } from '../../renderer/lib/policy-draft.js';

const HELD = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '50000', validate: false };

function decide(doc: PolicyDoc, args: Record<string, unknown>, tool = 'add_order') {
  const parsed = parsePolicy(doc);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return evaluatePolicy(compilePolicy(parsed.policy), { tool, arguments: args }, { paused: false, knownTools: undefined, limitCheck: () => undefined }).action;
}

describe('allow similar', () => {
  const scope = scopeFromCall('add_order', HELD);
  const doc = allowSimilar(DEFAULT_POLICY as PolicyDoc, 'add_order', scope)!;

  it('states its scope from the call: pair, side and type as they are, size and price as bounds', () => {
    expect(scope).toEqual([
      { path: 'args.pair', op: 'eq', value: 'XBTUSD' },
      { path: 'args.side', op: 'eq', value: 'buy' },
      { path: 'args.ordertype', op: 'eq', value: 'limit' },
      { path: 'args.volume', op: 'lte', value: 0.1 },
      { path: 'args.price', op: 'lte', value: 50000 },
    ]);
    expect(describeScope('add_order', scope)).toBe(
      'add_order calls with pair = "XBTUSD", side = "buy", ordertype = "limit", volume ≤ 0.1, price ≤ 50000 will go through without asking you. Every other add_order call that asks you now still will.',
    );
  });

  it('lets the same call and smaller ones through, and still asks for anything outside the scope', () => {
    expect(decide(DEFAULT_POLICY as PolicyDoc, HELD)).toBe('approve');
    expect(decide(doc, HELD)).toBe('allow');
    expect(decide(doc, { ...HELD, volume: 0.05, price: '49000' })).toBe('allow');
    expect(decide(doc, { ...HELD, volume: 0.11 })).toBe('approve');
    expect(decide(doc, { ...HELD, price: '50001' })).toBe('approve');
    expect(decide(doc, { ...HELD, pair: 'ETHUSD' })).toBe('approve');
    expect(decide(doc, { ...HELD, side: 'sell' })).toBe('approve');
    expect(decide(doc, { ...HELD, ordertype: 'market', price: undefined })).toBe('approve');
    const { volume: _v, ...noVolume } = HELD;
    expect(decide(doc, noVolume)).toBe('approve');
    // Dry runs were allowed before and still are.
    expect(decide(doc, { ...HELD, volume: 5, validate: true })).toBe('allow');
  });

  it('turns a tool that always asks into one that asks outside the scope', () => {
    const cancel = allowSimilar(DEFAULT_POLICY as PolicyDoc, 'cancel_all_orders_after', scopeFromCall('cancel_all_orders_after', { timeout_seconds: 60 }))!;
    expect(decide(cancel, { timeout_seconds: 30 }, 'cancel_all_orders_after')).toBe('allow');
    expect(decide(cancel, { timeout_seconds: 600 }, 'cancel_all_orders_after')).toBe('approve');
    expect(decide(cancel, {}, 'cancel_all_orders_after')).toBe('approve');
  });

  it('refuses a scope it cannot negate rather than widening silently', () => {
    expect(allowSimilar(DEFAULT_POLICY as PolicyDoc, 'add_order', [{ path: 'args.pair', op: 'regex', value: '^XBT' }])).toBeUndefined();
  });
});
