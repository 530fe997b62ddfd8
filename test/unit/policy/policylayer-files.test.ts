// The three PolicyLayer files in test/fixtures/policylayer, loaded as they are, mean what they meant there.
import { describe, expect, it } from 'vitest';
import { RateLimiter, parsePolicy, visibleTools } from '../../../main/gate/policy/index.js';
import { compile, decide, DRY_RUN_ORDER, policyLayerFile, REAL_ORDER } from './fixtures.js';

describe('seed-add-order.json', () => {
  const json = policyLayerFile('seed-add-order.json');
  const policy = compile(json);

  it('loads without errors or warnings', () => {
    expect(parsePolicy(json)).toMatchObject({ ok: true, warnings: [] });
  });

  it('refuses every add_order with "Requires human approval."', () => {
    for (const args of [REAL_ORDER, DRY_RUN_ORDER, {}]) {
      expect(decide(policy, 'add_order', args)).toEqual({ action: 'deny', rule: 'tools.add_order.deny_if[0]', ruleHash: expect.any(String), reason: 'Requires human approval.' });
    }
  });

  it('refuses every tool it does not name', () => {
    expect(decide(policy, 'ticker').rule).toBe('default');
  });
});

describe('allow-market-data.json', () => {
  const json = policyLayerFile('allow-market-data.json');
  const policy = compile(json);

  it('loads without errors or warnings', () => {
    expect(parsePolicy(json)).toMatchObject({ ok: true, warnings: [] });
  });

  it('allows the listed public tools and account_balance', () => {
    for (const tool of ['server_time', 'system_status', 'ticker', 'ohlc', 'order_book', 'account_balance']) expect(decide(policy, tool).action).toBe('allow');
  });

  it('refuses unlisted tools, orders included', () => {
    expect(decide(policy, 'add_order', DRY_RUN_ORDER).rule).toBe('default');
    expect(decide(policy, 'recent_trades', { pair: 'XBTUSD' }).rule).toBe('default');
  });

  it('hides cancel_all_orders_after from tools/list and answers calls as unknown', () => {
    expect(visibleTools(policy, ['ticker', 'cancel_all_orders_after'])).toEqual(['ticker']);
    expect(decide(policy, 'cancel_all_orders_after', { timeout_seconds: 60 }).reason).toBe('Unknown tool: cancel_all_orders_after');
  });

  it('limits ticker to 30 calls a minute and order_book to 10 per 60 seconds', () => {
    const limiter = new RateLimiter(policy);
    const t0 = Date.UTC(2025, 0, 1, 12, 0, 0);
    for (let i = 0; i < 30; i++) expect(limiter.reserve('ticker', t0 + i).ok).toBe(true);
    for (let i = 0; i < 10; i++) expect(limiter.reserve('order_book', t0 + i).ok).toBe(true);
    const check = (tool: string) => decide(policy, tool, {}, { limitCheck: (t) => limiter.peek(t, t0 + 100) });
    expect(check('ticker')).toEqual({ action: 'deny', rule: 'tools.ticker.limits[0]', ruleHash: expect.any(String), reason: 'Rate limit: at most 30 ticker calls per minute. Try again in 60 s.' });
    expect(check('order_book').rule).toBe('tools.order_book.limits[0]');
    expect(check('ohlc').action).toBe('allow');
    expect(limiter.peek('ticker', t0 + 60_000)).toBeUndefined();
  });
});

describe('intercept-style.json', () => {
  const json = policyLayerFile('intercept-style.json');
  const policy = compile(json);

  it('loads without errors or warnings', () => {
    expect(parsePolicy(json)).toMatchObject({ ok: true, warnings: [] });
  });

  it('refuses pairs other than XBTUSD and ETHUSD', () => {
    expect(decide(policy, 'add_order', { ...REAL_ORDER, pair: 'DOGEUSD' })).toEqual({
      action: 'deny',
      rule: 'tools.add_order.deny_if[0]',
      ruleHash: expect.any(String),
      reason: 'Only BTC and ETH against USD.',
    });
  });

  it('refuses volumes above 0.5, written as numbers or strings', () => {
    expect(decide(policy, 'add_order', { ...REAL_ORDER, volume: 0.6 }).reason).toBe('Orders above 0.5 are not allowed.');
    expect(decide(policy, 'add_order', { ...REAL_ORDER, volume: '0.6' }).reason).toBe('Orders above 0.5 are not allowed.');
    expect(decide(policy, 'add_order', { ...REAL_ORDER, volume: 0.5 }).action).toBe('allow');
  });

  it('refuses trailing and take-profit orders', () => {
    for (const ordertype of ['trailing-stop', 'trailing-stop-limit', 'take-profit', 'take-profit-limit']) {
      expect(decide(policy, 'add_order', { ...REAL_ORDER, ordertype }).rule).toBe('tools.add_order.deny_if[2]');
    }
    expect(decide(policy, 'add_order', { ...REAL_ORDER, ordertype: 'stop-loss' }).action).toBe('allow');
  });

  it('allows an order within the rules, real ones included, as PolicyLayer did', () => {
    expect(decide(policy, 'add_order', REAL_ORDER)).toEqual({ action: 'allow', rule: 'tools.add_order', reason: 'Allowed by policy.' });
  });

  it('limits add_order to 20 calls an hour', () => {
    const limiter = new RateLimiter(policy);
    for (let i = 0; i < 20; i++) expect(limiter.reserve('add_order', i * 1000).ok).toBe(true);
    expect(decide(policy, 'add_order', REAL_ORDER, { limitCheck: (t) => limiter.peek(t, 30_000) }).rule).toBe('tools.add_order.limits[0]');
  });
});
