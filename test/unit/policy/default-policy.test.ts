import { describe, expect, it } from 'vitest';
import { FINANCIAL_TOOLS, PRIVATE_READ_TOOLS, PUBLIC_TOOLS } from '../../../main/gate/catalog.js';
import { DEFAULT_POLICY, defaultPolicyText, parsePolicy, parsePolicyText } from '../../../main/gate/policy/index.js';
import { compile, decide, DRY_RUN_ORDER, REAL_ORDER } from './fixtures.js';

const policy = compile(DEFAULT_POLICY);

describe('the shipped default policy', () => {
  it('passes its own schema without warnings, as an object and as the text written to disk', () => {
    expect(parsePolicy(DEFAULT_POLICY)).toEqual({ ok: true, policy: DEFAULT_POLICY, warnings: [] });
    const fromText = parsePolicyText(defaultPolicyText());
    expect(fromText.ok && fromText.policy).toEqual(DEFAULT_POLICY);
  });

  it('allows public market data and private reads', () => {
    for (const tool of [...PUBLIC_TOOLS, ...PRIVATE_READ_TOOLS]) expect(decide(policy, tool).action).toBe('allow');
  });

  it('allows a dry-run add_order', () => {
    expect(decide(policy, 'add_order', DRY_RUN_ORDER).action).toBe('allow');
    expect(decide(policy, 'add_order', { ...DRY_RUN_ORDER, validate: true }).action).toBe('allow');
  });

  it('asks a human before a real order', () => {
    expect(decide(policy, 'add_order', REAL_ORDER)).toMatchObject({ action: 'approve', rule: 'tools.add_order.approve_if[0]' });
  });

  it('asks a human when validate is spelled in a way that might place an order', () => {
    for (const validate of ['false', 0, 'no', 'maybe', 'False']) expect(decide(policy, 'add_order', { ...DRY_RUN_ORDER, validate }).action).toBe('approve');
  });

  it('asks a human before cancelling, amending or arming the dead man’s switch', () => {
    for (const tool of ['cancel_order', 'amend_order', 'cancel_all_orders_after']) expect(decide(policy, tool).action).toBe('approve');
  });

  it('names every kraken-mcp tool', () => {
    expect(Object.keys(DEFAULT_POLICY.tools ?? {}).sort()).toEqual([...FINANCIAL_TOOLS, ...PRIVATE_READ_TOOLS, ...PUBLIC_TOOLS].sort());
  });

  it('refuses a withdrawal-like tool the upstream adds later', () => {
    const known = new Set([...PUBLIC_TOOLS, 'withdraw_funds']);
    expect(decide(policy, 'withdraw_funds', { asset: 'XBT' }, { knownTools: known })).toEqual({
      action: 'deny',
      rule: 'default',
      reason: 'withdraw_funds is not allowed by the policy.',
    });
  });

  it('refuses the withdrawal-like tool as unknown when the upstream does not list it', () => {
    expect(decide(policy, 'withdraw_funds').rule).toBe('unknown-tool');
  });
});
