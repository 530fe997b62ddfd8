import { describe, expect, it } from 'vitest';
import { parsePolicy, parsePolicyText, readRequirement } from '../../../main/gate/policy/index.js';

function errorsOf(json: unknown): string[] {
  const r = parsePolicy(json);
  if (r.ok) throw new Error('expected the policy to be rejected');
  return r.errors;
}

describe('what the schema accepts', () => {
  it('accepts the example policy of the design document', () => {
    const r = parsePolicy({
      version: '1',
      default: 'deny',
      hide: ['cancel_all_orders_after'],
      tools: {
        ticker: {},
        add_order: {
          deny_if: [{ conditions: [{ path: 'args.pair', op: 'not_in', value: ['XBTUSD', 'ETHUSD'] }], on_deny: 'Only BTC and ETH pairs.' }],
          approve_if: [{ conditions: [{ path: 'args.validate', op: 'eq', value: false }], reason: 'Places a real order.' }],
          limits: [{ max: 10, window: 'minute' }],
        },
      },
    });
    expect(r.ok).toBe(true);
  });

  it('accepts every Kraken Gate addition', () => {
    const r = parsePolicy({
      version: '1',
      default: 'allow',
      daily_notional_cap: 10000,
      cap_currency: 'EUR',
      limits: [{ max: 100, window: 'hour', sliding: true }],
      tools: {
        add_order: { action: 'approve', max_notional: 5000, pairs: { allow: ['XBT/USD'], deny: ['DOGEUSD'] } },
        amend_order: { max_notional: 5000 },
      },
    });
    expect(r.ok).toBe(true);
  });

  it('refuses a cap currency that is not a currency code', () => {
    expect(errorsOf({ version: '1', cap_currency: 'US dollars' })).toEqual(['cap_currency: a currency code such as "USD", "EUR" or "XBT"']);
  });

  it('accepts the keys PolicyLayer documents: description, all_tools, require, counter, scope', () => {
    const r = parsePolicy({
      version: '1',
      default: 'deny',
      description: 'hosted',
      all_tools: { limits: [{ max: 60, window: 'minute', counter: 'calls', scope: 'grant' }] },
      tools: { cancel_order: { require: [], deny_if: [], limits: [] } },
    });
    expect(r.ok).toBe(true);
  });

  it('accepts a window written as seconds', () => {
    expect(parsePolicy({ version: '1', tools: { ticker: { limits: [{ max: 10, window: 60 }] } } }).ok).toBe(true);
  });

  it('accepts a minimal policy and a UTF-8 byte order mark', () => {
    expect(parsePolicyText('\uFEFF{"version": "1"}').ok).toBe(true);
  });
});

describe('errors name the path they concern', () => {
  it('names an unknown operator with the list of valid ones', () => {
    const errors = errorsOf({
      version: '1',
      tools: { add_order: { deny_if: [{ conditions: [{ path: 'args.pair', op: 'eq', value: 'X' }, { path: 'args.volume', op: 'greater', value: 1 }] }] } },
    });
    expect(errors).toEqual([
      'tools.add_order.deny_if[0].conditions[1].op: expected one of eq, neq, in, not_in, lt, lte, gt, gte, regex, contains, exists (got "greater")',
    ]);
  });

  it('names a wrong version', () => {
    expect(errorsOf({ version: 1 })).toEqual(['version: expected "1" (got 1)']);
    expect(errorsOf({})).toEqual(['version: required']);
  });

  it('rejects unknown keys at every level and suggests the likely key', () => {
    const errors = errorsOf({ version: '1', defualt: 'deny', tools: { add_order: { deny_iff: [] } } });
    expect(errors).toContain('defualt: unknown key (did you mean "default"?)');
    expect(errors).toContain('tools.add_order.deny_iff: unknown key (did you mean "deny_if"?)');
  });

  it("refuses a deny_if or approve_if condition on an argument the kraken-mcp tool does not take: such a rule could never match", () => {
    // One capital letter in the shipped rule's path would let real orders through unasked.
    const errors = errorsOf({
      version: '1',
      tools: {
        add_order: { approve_if: [{ conditions: [{ path: 'args.Validate', op: 'exists', value: true }] }] },
        cancel_order: { deny_if: [{ conditions: [{ path: 'args.txid_or_userref', op: 'exists', value: true }, { path: 'args.zzz.a', op: 'eq', value: 1 }] }] },
      },
    });
    expect(errors).toEqual([
      'tools.add_order.approve_if[0].conditions[0].path: add_order takes no argument "Validate" (did you mean "validate"?), so this rule could never match',
      'tools.cancel_order.deny_if[0].conditions[1].path: cancel_order takes no argument "zzz" (it takes txid_or_userref), so this rule could never match',
    ]);
    // A tool that is not kraken-mcp's may take anything: its conditions are its upstream's business.
    expect(parsePolicy({ version: '1', tools: { withdraw: { deny_if: [{ conditions: [{ path: 'args.Validate', op: 'exists', value: true }] }] } } }).ok).toBe(true);
  });

  it("explains that Intercept YAML rules are not this format", () => {
    expect(errorsOf({ version: '1', tools: { ticker: { rules: [] } } })[0]).toMatch(/^tools\.ticker\.rules: unknown key \(Intercept YAML/);
  });

  it('quotes tool names that are not identifiers', () => {
    expect(errorsOf({ version: '1', tools: { 'my tool': { action: 'maybe' } } })[0]).toMatch(/^tools\["my tool"\]\.action: expected one of allow, deny, approve/);
  });

  it('rejects a regex that does not compile', () => {
    const errors = errorsOf({ version: '1', tools: { add_order: { deny_if: [{ conditions: [{ path: 'args.ordertype', op: 'regex', value: '(' }] }] } } });
    expect(errors).toEqual(['tools.add_order.deny_if[0].conditions[0].value: invalid regular expression: /(/: Unterminated group']);
  });

  it('checks that each operator gets the value it needs', () => {
    const cond = (op: string, value: unknown) => ({ version: '1', tools: { t: { deny_if: [{ conditions: [{ path: 'args.x', op, value }] }] } } });
    const at = 'tools.t.deny_if[0].conditions[0].value';
    expect(errorsOf(cond('in', 'XBTUSD'))).toEqual([`${at}: op "in" needs a list, e.g. ["XBTUSD", "ETHUSD"]`]);
    expect(errorsOf(cond('gt', 'lots'))).toEqual([`${at}: op "gt" needs a number`]);
    expect(errorsOf(cond('exists', 'yes'))).toEqual([`${at}: op "exists" needs true or false`]);
    expect(errorsOf(cond('eq', undefined))).toEqual([`${at}: required`]);
    expect(parsePolicy(cond('gt', '0.5')).ok).toBe(true);
  });

  it('rejects paths outside args and explains state counters', () => {
    const p = (path: string) => ({ version: '1', tools: { t: { deny_if: [{ conditions: [{ path, op: 'exists', value: true }] }] } } });
    expect(errorsOf(p('pair'))[0]).toBe('tools.t.deny_if[0].conditions[0].path: expected "args.<name>" or "args.<name>.<name>…" (got "pair")');
    expect(errorsOf(p('state.t.count'))[0]).toMatch(/state\.\* counters are Intercept YAML only/);
    expect(errorsOf(p('args.a..b'))).toHaveLength(1);
  });

  it('names bad limits', () => {
    const errors = errorsOf({ version: '1', limits: [{ max: 1.5, window: 'week' }] });
    expect(errors).toContain('limits[0].window: expected "minute", "hour", "day" or a number of seconds (got "week")');
    expect(errors.some((e) => e.startsWith('limits[0].max: '))).toBe(true);
  });

  it('rejects max_notional on a tool that places no order', () => {
    expect(errorsOf({ version: '1', tools: { ticker: { max_notional: 5 } } })).toEqual(['tools.ticker.max_notional: only add_order and amend_order place orders']);
  });

  it('rejects duplicate hide entries and a wildcard tool', () => {
    expect(errorsOf({ version: '1', hide: ['a', 'a'] })).toEqual(['hide[1]: duplicate of hide[0]']);
    expect(errorsOf({ version: '1', tools: { '*': {} } })[0]).toMatch(/^tools\["\*"\]: not a tool name/);
  });

  it('says when the document is not an object', () => {
    expect(errorsOf([])).toEqual(['(policy): expected an object (got an array)']);
  });
});

describe('parsePolicyText', () => {
  it('reports JSON syntax errors by line and column', () => {
    const r = parsePolicyText('{\n  "version": "1",\n  "tools": {}\n  "hide": []\n}');
    expect(r).toEqual({ ok: false, errors: ["JSON syntax error at line 4, column 3: Expected ',' or '}' after property value"] });
  });

  it('locates an unexpected token, which V8 reports without a position', () => {
    const r = parsePolicyText('{"version": "1",\n "tools": {"ticker": }}');
    expect(r).toEqual({ ok: false, errors: ["JSON syntax error at line 2, column 22: Unexpected token '}'"] });
  });

  it('says an empty file is empty', () => {
    expect(parsePolicyText('  \n')).toEqual({ ok: false, errors: ['the policy is empty; it needs at least {"version": "1"}'] });
  });
});

describe('warnings', () => {
  it('warns about tools kraken-mcp does not have, pairs that never apply, and unread requirements', () => {
    const r = parsePolicy({ version: '1', hide: ['withdraw'], tools: { cancel_order: { pairs: { deny: ['XBTUSD'] }, require: [42] }, ticker: {} } });
    if (!r.ok) throw new Error(r.errors.join());
    expect(r.warnings).toEqual([
      'hide[0]: "withdraw" is not a kraken-mcp tool',
      'tools.cancel_order.pairs: cancel_order takes no pair argument, so the lists never apply',
      'tools.cancel_order.require[0]: not understood by Kraken Gate; calls to cancel_order are refused until it is changed',
    ]);
  });
});

describe('readRequirement', () => {
  it('reads the shapes PolicyLayer may use', () => {
    const present = { conditions: [{ path: 'args.reason', op: 'exists', value: true }] };
    expect(readRequirement('args.reason')).toEqual(present);
    expect(readRequirement({ path: 'args.reason' })).toEqual(present);
    expect(readRequirement({ path: 'args.amount', op: 'lte', value: 5 })).toEqual({ conditions: [{ path: 'args.amount', op: 'lte', value: 5 }] });
    expect(readRequirement({ conditions: [], on_deny: 'No.' })).toEqual({ conditions: [], message: 'No.' });
    expect(readRequirement({ field: 'reason' })).toBeUndefined();
    expect(readRequirement('reason')).toBeUndefined();
  });
});
