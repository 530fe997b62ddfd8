// allow_if (issue 23, "Allow similar…"): one readable exception to asking, with a cap. Calls it
// matches go through while the cap has room and ask again once it is used up; calls it does not
// match ask as before; it never waves through what the caps cannot value.
import { describe, expect, it } from 'vitest';
import { parsePolicy, RateLimiter, type CompiledPolicy, type LimitHit } from '../../../main/gate/policy/index.js';
import { compile, decide, market } from './fixtures.js';

const HELD = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '50000', validate: false };
const SIMILAR = {
  id: 'r-7kq2',
  conditions: [
    { path: 'args.pair', op: 'eq', value: 'XBTUSD' },
    { path: 'args.volume', op: 'lte', value: 0.1 },
  ],
  limit: { max: 2, window: 'hour' },
};
const ASK_REAL = { conditions: [{ path: 'args.validate', op: 'neq', value: true }], reason: 'Places a real order.' };

function policyWith(extra: Record<string, unknown> = {}, rules: Record<string, unknown> = { approve_if: [ASK_REAL] }): CompiledPolicy {
  return compile({ version: '1', tools: { add_order: { ...rules, allow_if: [SIMILAR] } }, ...extra });
}

/** The verdict the gate reaches with this limiter: peeks the cap, and takes a slot of it when the call goes through. */
function call(policy: CompiledPolicy, limiter: RateLimiter, args: Record<string, unknown>, now: number) {
  const v = decide(policy, 'add_order', args, { allowanceCheck: (cap) => limiter.peekSpec(cap, now), limitCheck: (t) => limiter.peek(t, now) });
  if (v.action !== 'deny') {
    const taken = limiter.reserve('add_order', now, v.allowance ? [v.allowance] : []);
    if (taken.ok) limiter.commit(taken.reservation);
  }
  return v;
}

describe('allow_if', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);

  it('lets matching calls through up to its cap, then asks again and says why', () => {
    const policy = policyWith();
    const limiter = new RateLimiter(policy);
    const first = call(policy, limiter, HELD, now);
    expect(first).toMatchObject({ action: 'allow', rule: 'tools.add_order.allow_if[0]', ruleId: 'r-7kq2', reason: 'Allowed without asking by rule r-7kq2, at most 2 per hour.' });
    expect(call(policy, limiter, { ...HELD, volume: 0.05 }, now + 1).action).toBe('allow');
    const third = call(policy, limiter, HELD, now + 2);
    expect(third).toMatchObject({ action: 'approve', rule: 'tools.add_order.approve_if[0]' });
    expect(third.reason).toBe('Places a real order. (Rule r-7kq2 lets at most 2 such calls per hour through without asking; they are used up.)');
    // A new hour, a new allowance.
    expect(call(policy, limiter, HELD, now + 3_600_000).action).toBe('allow');
  });

  it('leaves every call it does not match to the rules as they were', () => {
    const policy = policyWith();
    const limiter = new RateLimiter(policy);
    expect(call(policy, limiter, { ...HELD, volume: 0.2 }, now)).toMatchObject({ action: 'approve', reason: 'Places a real order.' });
    expect(call(policy, limiter, { ...HELD, pair: 'ETHUSD' }, now).action).toBe('approve');
    const { volume: _v, ...noVolume } = HELD;
    expect(call(policy, limiter, noVolume, now).action).toBe('approve');
    expect(limiter.used('r-7kq2', now)).toBe(0);
  });

  it('excepts from "always ask" too, and gives its slot back when the call did not go through', () => {
    const policy = policyWith({}, { action: 'approve' });
    const limiter = new RateLimiter(policy);
    const v = decide(policy, 'add_order', HELD, { allowanceCheck: (cap) => limiter.peekSpec(cap, now) });
    expect(v).toMatchObject({ action: 'allow', ruleId: 'r-7kq2' });
    const taken = limiter.reserve('add_order', now, [v.allowance!]);
    expect(limiter.used('r-7kq2', now)).toBe(1);
    if (taken.ok) limiter.release(taken.reservation);
    expect(limiter.used('r-7kq2', now)).toBe(0);
  });

  it('never lets through an order the caps cannot value', () => {
    const policy = policyWith({ daily_notional_cap: 1000 });
    const full: LimitHit | undefined = undefined;
    const v = decide(policy, 'add_order', { ...HELD, pair: 'SOLGBP' }, { allowanceCheck: () => full, market: market(), notionalToday: 0 });
    expect(v).toMatchObject({ action: 'approve', rule: 'daily_notional_cap' });
  });

  it('is checked like the other rules: its conditions name real arguments, and it warns where nothing asks', () => {
    const typo = parsePolicy({ version: '1', tools: { add_order: { approve_if: [ASK_REAL], allow_if: [{ conditions: [{ path: 'args.volumee', op: 'lte', value: 1 }] }] } } });
    expect(!typo.ok && typo.errors[0]).toMatch(/^tools\.add_order\.allow_if\[0\]\.conditions\[0\]\.path: .*could never match/);
    const idle = parsePolicy({ version: '1', tools: { add_order: { allow_if: [SIMILAR] } } });
    expect(idle.ok && idle.warnings).toEqual(['tools.add_order.allow_if: nothing here asks you (no approve_if, no "action": "approve"), so these exceptions never apply']);
  });
});
