import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../main/gate/policy/default-policy.js';
import { loosenings } from '../../../main/gate/policy/loosening.js';
import type { Policy } from '../../../main/gate/policy/schema.js';

const base: Policy = {
  version: '1',
  default: 'deny',
  hide: ['cancel_all_orders_after'],
  daily_notional_cap: 2000,
  limits: [{ max: 100, window: 'minute' }],
  tools: {
    ticker: {},
    add_order: {
      deny_if: [{ conditions: [{ path: 'args.pair', op: 'not_in', value: ['XBTUSD', 'ETHUSD'] }], on_deny: 'BTC and ETH only.' }],
      approve_if: [{ conditions: [{ path: 'args.validate', op: 'eq', value: false }] }],
      limits: [{ max: 10, window: 'hour' }],
      max_notional: 1000,
      pairs: { allow: ['XBTUSD', 'ETHUSD'], deny: ['SOLUSD'] },
    },
    cancel_order: { action: 'approve' },
  },
};

const edit = (change: (p: Policy) => void): Policy => {
  const copy = structuredClone(base);
  change(copy);
  return copy;
};

describe('loosenings: what a new policy lets through that the old one did not', () => {
  it('finds nothing in the same policy, or in the shipped default against itself', () => {
    expect(loosenings(base, structuredClone(base))).toEqual([]);
    expect(loosenings(DEFAULT_POLICY, structuredClone(DEFAULT_POLICY))).toEqual([]);
  });

  it.each<[string, (p: Policy) => void, RegExp]>([
    ['ask → allow', (p) => (p.tools!.cancel_order = {}), /cancel_order: allow instead of ask/],
    ['an unnamed tool named (default deny)', (p) => (p.tools!.withdraw = {}), /withdraw: allow instead of deny/],
    ['default deny → allow', (p) => (p.default = 'allow'), /default: allow instead of deny/],
    ['a removed deny_if', (p) => delete p.tools!.add_order!.deny_if, /add_order: deny_if rule removed/],
    ['a changed deny_if (more pairs)', (p) => (p.tools!.add_order!.deny_if![0]!.conditions[0]!.value = ['XBTUSD', 'ETHUSD', 'SOLUSD']), /deny_if rule removed or changed/],
    ['a removed approve_if', (p) => (p.tools!.add_order!.approve_if = []), /approve_if rule removed/],
    ['a higher cap', (p) => (p.tools!.add_order!.max_notional = 5000), /max_notional 1000 → 5000/],
    ['a removed daily cap', (p) => delete p.daily_notional_cap, /daily_notional_cap: 2000 → none/],
    ['a higher rate limit', (p) => (p.tools!.add_order!.limits = [{ max: 20, window: 'hour' }]), /add_order: limits: 10 per hour no longer held/],
    ['a longer rate window is not the same limit', (p) => (p.limits = [{ max: 100, window: 'hour' }]), /limits \(every tool\): 100 per minute/],
    ['more pairs allowed', (p) => p.tools!.add_order!.pairs!.allow!.push('SOLUSD'), /pairs.allow adds SOLUSD/],
    ['a pair no longer denied', (p) => (p.tools!.add_order!.pairs!.deny = []), /pairs.deny no longer lists SOLUSD/],
    ['an unhidden tool', (p) => (p.hide = []), /cancel_all_orders_after: no longer hidden/],
    ['the caps counted in another currency', (p) => (p.cap_currency = 'XBT'), /cap_currency: USD → XBT \(the caps count in another currency\)/],
    ['a named tool removed under default allow', (p) => { p.default = 'allow'; delete p.tools!.cancel_order; }, /cancel_order: allow instead of ask/],
  ])('counts %s', (_name, change, line) => {
    expect(loosenings(base, edit(change)).join('\n')).toMatch(line);
  });

  it.each<[string, (p: Policy) => void]>([
    ['allow → ask', (p) => (p.tools!.ticker = { action: 'approve' })],
    ['a tool denied', (p) => (p.tools!.add_order = { action: 'deny' })],
    ['a named tool removed under default deny', (p) => delete p.tools!.ticker],
    ['a lower cap and daily cap', (p) => { p.tools!.add_order!.max_notional = 500; p.daily_notional_cap = 1000; }],
    ['a deny_if added', (p) => p.tools!.add_order!.deny_if!.push({ conditions: [{ path: 'args.volume', op: 'gt', value: 1 }] })],
    ['a lower rate limit, made sliding', (p) => (p.tools!.add_order!.limits = [{ max: 5, window: 3600, sliding: true }])],
    ['fewer pairs allowed', (p) => (p.tools!.add_order!.pairs!.allow = ['XBTUSD'])],
    ['a tool hidden', (p) => p.hide!.push('add_order')],
    ['only a description', (p) => (p.description = 'mine')],
    ['USD named as the cap currency it already was', (p) => (p.cap_currency = 'usd')],
  ])('lets %s apply as a tightening', (_name, change) => {
    expect(loosenings(base, edit(change))).toEqual([]);
  });
});
