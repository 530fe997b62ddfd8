// Stable rule ids (issue 23): a rule entry may carry an id that stays when rules are reordered or
// another rule is edited; verdicts carry it beside the place, the limiter keeps a limit's count by
// it, and naming a rule is not a loosening. Files without ids (PolicyLayer's) load as they did.
import { describe, expect, it } from 'vitest';
import { loosenings, parsePolicy, RateLimiter, type Policy } from '../../../main/gate/policy/index.js';
import { findRule, newRuleId, ruleEntries, ruleFingerprint, RULE_ID_PATTERN } from '../../../preload/rule-ref.js';
import { compile, decide, policyLayerFile } from './fixtures.js';

const REAL = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '50000', validate: false };
const big = { id: 'r-big', conditions: [{ path: 'args.volume', op: 'gt', value: 1 }], reason: 'Big order.' };
const xbt = { id: 'r-xbt', conditions: [{ path: 'args.pair', op: 'eq', value: 'XBTUSD' }], reason: 'Bitcoin.' };

function policy(approveIf: unknown[], limits: unknown[] = []): Policy {
  const parsed = parsePolicy({ version: '1', tools: { add_order: { approve_if: approveIf, ...(limits.length && { limits }) } } });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.policy;
}

describe('rule ids in the policy', () => {
  it('are optional: PolicyLayer files without them load and decide by place as before', () => {
    const v = decide(compile(policyLayerFile('intercept-style.json')), 'add_order', { ...REAL, pair: 'DOGEUSD' });
    expect(v.rule).toBe('tools.add_order.deny_if[0]');
    expect(v.ruleId).toBeUndefined();
  });

  it('name the rule in the verdict, with its place, wherever the rule moves', () => {
    const before = decide(compile(policy([xbt, big])), 'add_order', REAL);
    const after = decide(compile(policy([big, xbt])), 'add_order', REAL);
    expect(before).toMatchObject({ action: 'approve', rule: 'tools.add_order.approve_if[0]', ruleId: 'r-xbt', reason: 'Bitcoin.' });
    expect(after).toMatchObject({ action: 'approve', rule: 'tools.add_order.approve_if[1]', ruleId: 'r-xbt' });
    // Editing another rule leaves this one's fingerprint as it was.
    const edited = decide(compile(policy([{ ...big, reason: 'Large.' }, xbt])), 'add_order', REAL);
    expect(edited.ruleHash).toBe(before.ruleHash);
    expect(decide(compile(policy([{ ...xbt, reason: 'BTC.' }])), 'add_order', REAL).ruleHash).not.toBe(before.ruleHash);
  });

  it('are refused when two rules share one, or when one is not a short name', () => {
    const twice = parsePolicy({ version: '1', tools: { add_order: { approve_if: [xbt], deny_if: [{ id: 'r-xbt', conditions: [] }] }, ticker: { limits: [{ id: 'r-big', max: 1, window: 'minute' }] } }, limits: [{ id: 'r-big', max: 5, window: 'hour' }] });
    expect(twice.ok).toBe(false);
    expect(!twice.ok && twice.errors).toEqual([
      'tools.add_order.approve_if[0].id: the id "r-xbt" is taken by tools.add_order.deny_if[0]; each rule needs its own',
      'limits[0].id: the id "r-big" is taken by tools.ticker.limits[0]; each rule needs its own',
    ]);
    const bad = parsePolicy({ version: '1', tools: { add_order: { approve_if: [{ ...xbt, id: 'has space' }] } } });
    expect(!bad.ok && bad.errors[0]).toMatch(/^tools\.add_order\.approve_if\[0\]\.id: a short name/);
  });

  it('keep a limit\'s count when the limits are reordered', () => {
    const hourly = { id: 'r-hour', max: 2, window: 'hour' };
    const minutely = { id: 'r-min', max: 100, window: 'minute' };
    const limiter = new RateLimiter(compile(policy([], [hourly, minutely])));
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(limiter.reserve('add_order', now).ok).toBe(true);
    expect(limiter.reserve('add_order', now).ok).toBe(true);
    limiter.setSource(compile(policy([], [minutely, hourly])));
    const third = limiter.reserve('add_order', now + 1000);
    expect(third).toMatchObject({ ok: false, hit: { rule: 'tools.add_order.limits[1]', ruleId: 'r-hour' } });
  });

  it('are no loosening when the editor adds them; an allow_if added is one', () => {
    const bare = policy([{ conditions: xbt.conditions, reason: 'Bitcoin.' }]);
    expect(loosenings(bare, policy([xbt]))).toEqual([]);
    const excepted = { ...policy([xbt]) };
    excepted.tools = { add_order: { ...excepted.tools?.add_order, allow_if: [{ id: 'r-small', conditions: [{ path: 'args.volume', op: 'lte', value: 0.1 }], limit: { max: 5, window: 'hour' } }] } };
    expect(loosenings(policy([xbt]), excepted)).toEqual([
      'add_order: allow_if rule added or changed (now [0]: {"conditions":[{"op":"lte","path":"args.volume","value":0.1}],"limit":{"max":5,"window":"hour"}})',
    ]);
  });
});

describe('finding the rule a record names (preload/rule-ref.ts)', () => {
  const doc = { version: '1', tools: { add_order: { approve_if: [big, xbt], limits: [{ max: 5, window: 'minute' }] } } };
  const hashOf = (rule: unknown) => ruleFingerprint(rule);

  it('finds a rule by its id where it is now, and says whether it still says the same', () => {
    expect(findRule(doc, { rule: 'tools.add_order.approve_if[0]', ruleId: 'r-xbt', ruleHash: hashOf(xbt) })).toMatchObject({ state: 'same', entry: { path: 'tools.add_order.approve_if[1]' } });
    expect(findRule(doc, { rule: 'tools.add_order.approve_if[1]', ruleId: 'r-xbt', ruleHash: hashOf({ ...xbt, reason: 'old words' }) })).toMatchObject({ state: 'changed' });
    expect(findRule(doc, { rule: 'tools.add_order.approve_if[0]', ruleId: 'r-gone', ruleHash: 'abcd0123' })).toEqual({ state: 'removed' });
  });

  it('finds a rule without an id by its place; a record older than fingerprints cannot say more', () => {
    expect(findRule(doc, { rule: 'tools.add_order.limits[0]', ruleHash: hashOf({ max: 5, window: 'minute' }) })).toMatchObject({ state: 'same' });
    expect(findRule(doc, { rule: 'tools.add_order.limits[0]', ruleHash: hashOf({ max: 9, window: 'minute' }) })).toMatchObject({ state: 'changed' });
    expect(findRule(doc, { rule: 'tools.add_order.approve_if[0]' })).toMatchObject({ state: 'unknown', entry: { id: 'r-big' } });
    expect(findRule(doc, { rule: 'tools.add_order.deny_if[3]' })).toEqual({ state: 'removed' });
    expect(findRule(doc, { rule: 'pause' })).toEqual({ state: 'not-a-rule' });
  });

  it('fingerprints what a rule says, not its id nor the order of its keys', () => {
    expect(ruleFingerprint({ reason: 'Bitcoin.', conditions: xbt.conditions })).toBe(ruleFingerprint(xbt));
    expect(ruleFingerprint(xbt)).toMatch(/^[0-9a-f]{8}$/);
  });

  it('draws short readable ids the schema accepts, never one taken', () => {
    const draws = ['aaaa', 'aaaa', '7kq2'];
    const id = newRuleId(new Set(['r-aaaa']), () => draws.shift()!);
    expect(id).toBe('r-7kq2');
    expect(RULE_ID_PATTERN.test(newRuleId(new Set()))).toBe(true);
    expect(ruleEntries(doc).map((e) => e.path)).toEqual(['tools.add_order.approve_if[0]', 'tools.add_order.approve_if[1]', 'tools.add_order.limits[0]']);
  });
});
