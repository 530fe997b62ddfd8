import { describe, expect, it } from 'vitest';
import { RateLimiter, policyNeedsMarket, visibleTools, type LimitHit } from '../../../main/gate/policy/index.js';
import { compile, decide, DRY_RUN_ORDER, market, plain, REAL_ORDER } from './fixtures.js';

const fullLimit: LimitHit = { rule: 'tools.add_order.limits[0]', tool: 'add_order', max: 1, windowMs: 60_000, retryAfterMs: 12_300 };

// One policy on which every step of the evaluation order has something to say about add_order.
const everything = compile({
  version: '1',
  default: 'deny',
  hide: ['cancel_all_orders_after'],
  daily_notional_cap: 10_000,
  tools: {
    ticker: {},
    add_order: {
      pairs: { allow: ['XBTUSD', 'ETHUSD'] },
      require: [{ path: 'args.side', op: 'in', value: ['buy', 'sell'] }],
      deny_if: [{ conditions: [{ path: 'args.ordertype', op: 'eq', value: 'market' }], on_deny: 'No market orders.' }],
      max_notional: 6000,
      limits: [{ max: 1, window: 'minute' }],
      approve_if: [{ conditions: [{ path: 'args.validate', op: 'eq', value: false }], reason: 'Real order.' }],
      action: 'approve',
    },
    cancel_all_orders_after: {},
  },
});

describe('evaluation order: the earlier step wins', () => {
  it('answers a hidden tool as unknown even when every later step would refuse it', () => {
    const v = decide(everything, 'cancel_all_orders_after', {}, { paused: true, changedTools: new Set(['cancel_all_orders_after']) });
    expect(v).toEqual({ action: 'deny', rule: 'hide', reason: 'Unknown tool: cancel_all_orders_after' });
  });

  it('refuses a tool the upstream does not list before looking at changes or the pause', () => {
    const v = decide(everything, 'withdraw', {}, { paused: true, changedTools: new Set(['withdraw']) });
    expect(v).toEqual({ action: 'deny', rule: 'unknown-tool', reason: 'Unknown tool: withdraw' });
  });

  it('uses the upstream tool list when it is known', () => {
    expect(decide(everything, 'ticker', {}, { knownTools: new Set(['server_time']) }).rule).toBe('unknown-tool');
  });

  it('refuses a tool whose definition changed before applying the pause', () => {
    expect(decide(everything, 'add_order', REAL_ORDER, { paused: true, changedTools: new Set(['add_order']) }).rule).toBe('tool-changed');
  });

  it('denies a real order while financial tools are paused', () => {
    expect(decide(everything, 'add_order', REAL_ORDER, { paused: true })).toEqual({ action: 'deny', rule: 'pause', reason: 'Financial tools are paused' });
  });

  it('lets market data through while financial tools are paused', () => {
    expect(decide(everything, 'ticker', { pairs: 'XBTUSD' }, { paused: true }).action).toBe('allow');
  });

  it('refuses a tool the policy does not name under default deny', () => {
    expect(decide(everything, 'account_balance')).toEqual({ action: 'deny', rule: 'default', reason: 'account_balance is not allowed by the policy.' });
  });

  it('refuses with action deny before the pair lists', () => {
    const p = compile({ version: '1', tools: { add_order: { action: 'deny', pairs: { deny: ['DOGEUSD'] } } } });
    expect(decide(p, 'add_order', { ...REAL_ORDER, pair: 'DOGEUSD' }).rule).toBe('tools.add_order.action');
  });

  it('checks the pair lists before require', () => {
    const v = decide(everything, 'add_order', { ...REAL_ORDER, pair: 'DOGEUSD', side: 'hold' });
    expect(v).toEqual({ action: 'deny', rule: 'tools.add_order.pairs', reason: 'Pair DOGEUSD is not allowed; allowed pairs: XBTUSD, ETHUSD.' });
  });

  it('checks require before deny_if', () => {
    expect(decide(everything, 'add_order', { ...REAL_ORDER, side: 'hold', ordertype: 'market' }).rule).toBe('tools.add_order.require[0]');
  });

  it('checks deny_if before max_notional', () => {
    const v = decide(everything, 'add_order', { ...REAL_ORDER, ordertype: 'market', volume: 100 }, { market: market({ XXBTZUSD: 50_000 }) });
    expect(v).toEqual({ action: 'deny', rule: 'tools.add_order.deny_if[0]', ruleHash: expect.any(String), reason: 'No market orders.' });
  });

  it('checks max_notional before the daily cap', () => {
    const v = decide(everything, 'add_order', { ...REAL_ORDER, volume: 0.2 }, { notionalToday: 9_999 });
    expect(v.rule).toBe('tools.add_order.max_notional');
    expect(v.worth?.value).toBe(10_000);
    expect(plain(v.reason)).toBe('Order worth ≈ 10 000 USD (0.2 XBT × 50 000 USD) exceeds the cap of 6 000 USD; reduce the volume.');
  });

  it('checks the daily cap before the rate limits', () => {
    const v = decide(everything, 'add_order', REAL_ORDER, { notionalToday: 6_000, limitCheck: () => fullLimit });
    expect({ ...v, reason: plain(v.reason) }).toEqual({
      action: 'deny',
      rule: 'daily_notional_cap',
      reason: 'Daily notional cap of 10 000 USD would be exceeded: 6 000 USD used today, this order ≈ 5 000 USD (0.1 XBT × 50 000 USD).',
      worth: expect.objectContaining({ value: 5000, charge: 5000, currency: 'USD' }),
    });
  });

  it('checks the rate limits before approve_if', () => {
    const v = decide(everything, 'add_order', REAL_ORDER, { notionalToday: 0, limitCheck: () => fullLimit });
    expect(v).toEqual({
      action: 'deny',
      rule: 'tools.add_order.limits[0]',
      reason: 'Rate limit: at most 1 add_order call per minute. Try again in 13 s.',
      worth: expect.objectContaining({ value: 5000 }),
    });
  });

  it('asks approve_if before the tool-wide action approve', () => {
    expect(decide(everything, 'add_order', REAL_ORDER, { notionalToday: 0 })).toEqual({
      action: 'approve',
      rule: 'tools.add_order.approve_if[0]',
      ruleHash: expect.any(String),
      reason: 'Real order.',
      worth: expect.objectContaining({ value: 5000 }),
    });
  });

  it('falls back to action approve when no approve_if matches', () => {
    expect(decide(everything, 'add_order', DRY_RUN_ORDER, { notionalToday: 0 }).rule).toBe('tools.add_order.action');
  });

  it('allows a named tool with no rules against it', () => {
    expect(decide(everything, 'ticker', { pairs: 'XBTUSD' })).toEqual({ action: 'allow', rule: 'tools.ticker', reason: 'Allowed by policy.' });
  });

  it('allows an unnamed tool under default allow, still subject to limits across all tools', () => {
    const p = compile({ version: '1', default: 'allow', limits: [{ max: 1, window: 'minute' }] });
    expect(decide(p, 'account_balance')).toEqual({ action: 'allow', rule: 'default', reason: 'Allowed by the policy default.' });
    const limiter = new RateLimiter(p);
    limiter.reserve('ticker', 0);
    const v = decide(p, 'account_balance', {}, { limitCheck: (t) => limiter.peek(t, 1000) });
    expect(v.rule).toBe('limits[0]');
    expect(v.reason).toBe('Rate limit: at most 1 call per minute across all tools. Try again in 59 s.');
  });
});

describe('orders whose notional cannot be estimated', () => {
  const capped = compile({ version: '1', tools: { add_order: { max_notional: 5000 } }, daily_notional_cap: 20_000 });

  it('asks a human about a real market order when no market price is known', () => {
    const v = decide(capped, 'add_order', { pair: 'XBTUSD', side: 'buy', ordertype: 'market', volume: 1, validate: false }, { notionalToday: 0 });
    expect(v).toEqual({
      action: 'approve',
      rule: 'tools.add_order.max_notional',
      reason: 'Cannot check the order against max_notional: the market price is not known. A human must approve it.',
    });
  });

  it('uses the market price from the context for a market order', () => {
    const v = decide(capped, 'add_order', { pair: 'XBTUSD', side: 'buy', ordertype: 'market', volume: 1, validate: false }, { market: market({ XXBTZUSD: 50_000 }), notionalToday: 0 });
    expect(v.rule).toBe('tools.add_order.max_notional');
    expect(v.action).toBe('deny');
  });

  it("asks a human when today's total is not known but a daily cap is set", () => {
    const v = decide(capped, 'add_order', { ...REAL_ORDER, volume: 0.01 });
    expect(v.action).toBe('approve');
    expect(v.rule).toBe('daily_notional_cap');
  });

  it('lets a dry run through even when its notional is unknown, since it places nothing', () => {
    const v = decide(capped, 'add_order', { pair: 'XBTUSD', side: 'buy', ordertype: 'market', volume: 1 }, { notionalToday: 0 });
    expect(v.action).toBe('allow');
  });

  it('still refuses a dry run whose known notional is over the cap, so the agent learns early', () => {
    expect(decide(capped, 'add_order', { ...DRY_RUN_ORDER, volume: 1 }, { notionalToday: 0 }).rule).toBe('tools.add_order.max_notional');
  });

  it('still applies rate limits before asking', () => {
    const v = decide(capped, 'add_order', { pair: 'XBTUSD', side: 'buy', ordertype: 'market', volume: 1, validate: false }, { limitCheck: () => fullLimit });
    expect(v.action).toBe('deny');
  });

  it('reads the market for every order a cap applies to, and for no other call', () => {
    expect(policyNeedsMarket(capped, { tool: 'add_order', arguments: { ordertype: 'market', volume: 1 } })).toBe(true);
    expect(policyNeedsMarket(capped, { tool: 'amend_order', arguments: { order_id: 'O1', order_qty: '1' } })).toBe(true);
    expect(policyNeedsMarket(capped, { tool: 'ticker', arguments: {} })).toBe(false);
    expect(policyNeedsMarket(compile({ version: '1' }), { tool: 'add_order', arguments: { ordertype: 'market' } })).toBe(false);
  });
});

describe('require', () => {
  it('refuses a call that lacks a required argument with an actionable reason', () => {
    const p = compile({ version: '1', tools: { cancel_order: { require: ['args.txid_or_userref'] } } });
    expect(decide(p, 'cancel_order', {})).toEqual({ action: 'deny', rule: 'tools.cancel_order.require[0]', reason: 'The argument txid_or_userref is required.' });
    expect(decide(p, 'cancel_order', { txid_or_userref: 'O1' }).action).toBe('allow');
  });

  it('refuses every call when a requirement cannot be read', () => {
    const p = compile({ version: '1', tools: { cancel_order: { require: [{ weird: true }] } } });
    expect(decide(p, 'cancel_order', { txid_or_userref: 'O1' }).reason).toMatch(/cannot read policy rule tools\.cancel_order\.require\[0\]/);
  });
});

describe('pair lists', () => {
  const p = compile({ version: '1', tools: { ticker: { pairs: { deny: ['XBT/USD'] } }, add_order: { pairs: { allow: ['xbtusd'] } } } });

  it('matches respellings of a denied pair', () => {
    for (const pair of ['XBTUSD', 'xbt/usd', 'XXBTZUSD', 'BTCUSD', 'BTC/USD']) expect(decide(p, 'ticker', { pairs: pair }).action).toBe('deny');
  });

  it('checks every pair of a comma-separated list', () => {
    expect(decide(p, 'ticker', { pairs: 'ETHUSD, XBTUSD' }).reason).toBe('Pair XBTUSD is not allowed.');
    expect(decide(p, 'ticker', { pairs: 'ETHUSD,SOLUSD' }).action).toBe('allow');
  });

  it('allows the allowed pair however it is spelled and refuses others', () => {
    expect(decide(p, 'add_order', { ...DRY_RUN_ORDER, pair: 'XBT/USD' }).action).toBe('allow');
    expect(decide(p, 'add_order', { ...DRY_RUN_ORDER, pair: 'ETHUSD' }).action).toBe('deny');
  });

  it('refuses a pair argument that is not a string', () => {
    expect(decide(p, 'add_order', { ...DRY_RUN_ORDER, pair: ['XBTUSD'] }).rule).toBe('tools.add_order.pairs');
  });
});

describe('visibleTools', () => {
  it('filters hidden tools from names and tool objects', () => {
    expect(visibleTools(everything, ['ticker', 'cancel_all_orders_after'])).toEqual(['ticker']);
    expect(visibleTools(everything, [{ name: 'cancel_all_orders_after' }, { name: 'add_order' }])).toEqual([{ name: 'add_order' }]);
  });

  it('hides everything with "*"', () => {
    expect(visibleTools(compile({ version: '1', hide: ['*'] }), ['ticker', 'add_order'])).toEqual([]);
    expect(decide(compile({ version: '1', hide: ['*'] }), 'ticker').rule).toBe('hide');
  });
});

describe('a rule whose own message says nothing', () => {
  it('tells the agent the default reason instead of an empty one', () => {
    const blank = compile({
      version: '1',
      tools: {
        asset_info: { deny_if: [{ conditions: [], on_deny: '' }] },
        ticker: { require: [{ conditions: [{ path: 'args.pair', op: 'exists', value: true }], on_deny: '   ' }] },
        add_order: { approve_if: [{ conditions: [], reason: '' }] },
      },
    });
    expect(decide(blank, 'asset_info', {})).toMatchObject({ action: 'deny', reason: 'Refused by policy rule tools.asset_info.deny_if[0].' });
    expect(decide(blank, 'ticker', {})).toMatchObject({ action: 'deny', reason: 'The argument pair is required.' });
    expect(decide(blank, 'add_order', DRY_RUN_ORDER)).toMatchObject({ action: 'approve', reason: 'Needs human approval (tools.add_order.approve_if[0]).' });
  });
});
