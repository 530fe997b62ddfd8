// "Allow similar…": the rule the window proposes from a held call, judged by the real engine.
// One readable exception (allow_if) with a cap, not a rule per way of being outside the scope:
// calls inside the stated scope stop asking until the cap is used; every other call that asked
// before still asks, including one that leaves out an argument the scope bounds.
import { describe, expect, it } from 'vitest';
import { compilePolicy, DEFAULT_POLICY, evaluatePolicy, parsePolicy, type LimitHit } from '../../main/gate/policy/index.js';
import { allowSimilar, describeSimilar, scopeFromCall, SIMILAR_CAP, type PolicyDoc } from '../../renderer/lib/policy-draft.js';

const HELD = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '50000', validate: false };
const draw = () => '7kq2';

function decide(doc: PolicyDoc, args: Record<string, unknown>, tool = 'add_order', capFull = false) {
  const parsed = parsePolicy(doc);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const full = capFull ? ({} as LimitHit) : undefined;
  return evaluatePolicy(compilePolicy(parsed.policy), { tool, arguments: args }, { paused: false, knownTools: undefined, limitCheck: () => undefined, allowanceCheck: () => full }).action;
}

describe('allow similar', () => {
  const scope = scopeFromCall('add_order', HELD);
  const doc = allowSimilar(DEFAULT_POLICY as PolicyDoc, 'add_order', scope, SIMILAR_CAP, draw)!;

  it('states its scope from the call and its cap, in words', () => {
    expect(scope).toEqual([
      { path: 'args.pair', op: 'eq', value: 'XBTUSD' },
      { path: 'args.side', op: 'eq', value: 'buy' },
      { path: 'args.ordertype', op: 'eq', value: 'limit' },
      { path: 'args.volume', op: 'lte', value: 0.1 },
      { path: 'args.price', op: 'lte', value: 50000 },
    ]);
    expect(describeSimilar('add_order', scope, SIMILAR_CAP)).toBe(
      'add_order calls with pair = "XBTUSD", side = "buy", ordertype = "limit", volume ≤ 0.1 and price ≤ 50000 go through without asking you, at most 5 such orders per hour; past that, they ask you again. Every other add_order call that asks you now still will.',
    );
  });

  it('adds one readable rule, and keeps the rules that ask as they were', () => {
    const rules = doc.tools?.add_order;
    expect(rules?.allow_if).toEqual([{ id: 'r-7kq2', conditions: scope, limit: { max: 5, window: 'hour' } }]);
    expect(rules?.approve_if).toEqual((DEFAULT_POLICY as PolicyDoc).tools?.add_order?.approve_if);
  });

  it('lets the same call and smaller ones through, and still asks for anything outside the scope or past the cap', () => {
    expect(decide(DEFAULT_POLICY as PolicyDoc, HELD)).toBe('approve');
    expect(decide(doc, HELD)).toBe('allow');
    expect(decide(doc, { ...HELD, volume: 0.05, price: '49000' })).toBe('allow');
    expect(decide(doc, HELD, 'add_order', true)).toBe('approve');
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

  it('excepts from a tool that always asks, leaving it asking outside the scope', () => {
    const cancel = allowSimilar(DEFAULT_POLICY as PolicyDoc, 'cancel_all_orders_after', scopeFromCall('cancel_all_orders_after', { timeout_seconds: 60 }))!;
    expect(cancel.tools?.cancel_all_orders_after).toMatchObject({ action: 'approve', allow_if: [{ conditions: [{ path: 'args.timeout_seconds', op: 'lte', value: 60 }] }] });
    expect(decide(cancel, { timeout_seconds: 30 }, 'cancel_all_orders_after')).toBe('allow');
    expect(decide(cancel, { timeout_seconds: 600 }, 'cancel_all_orders_after')).toBe('approve');
    expect(decide(cancel, {}, 'cancel_all_orders_after')).toBe('approve');
  });

  it('takes any condition the engine can test, a pattern included, and proposes nothing where nothing asks', () => {
    const pattern = allowSimilar(DEFAULT_POLICY as PolicyDoc, 'add_order', [{ path: 'args.pair', op: 'regex', value: '^XBT' }], SIMILAR_CAP, draw)!;
    expect(decide(pattern, HELD)).toBe('allow');
    expect(decide(pattern, { ...HELD, pair: 'ETHUSD' })).toBe('approve');
    expect(allowSimilar(DEFAULT_POLICY as PolicyDoc, 'ticker', [])).toBeUndefined();
  });
});
