import { describe, expect, it } from 'vitest';
import { matchesAll, matchesCondition, resolveArgument, type Condition } from '../../../main/gate/policy/index.js';

const m = (op: Condition['op'], value: unknown, args: unknown, path = 'args.x'): boolean => matchesCondition({ path, op, value }, args);

describe('path resolution', () => {
  it('descends into nested objects', () => {
    expect(resolveArgument({ order: { price: { limit: '5' } } }, 'args.order.price.limit')).toBe('5');
    expect(m('eq', 5, { a: { b: { x: 5 } } }, 'args.a.b.x')).toBe(true);
  });

  it('indexes arrays by decimal position', () => {
    expect(resolveArgument({ legs: [{ pair: 'XBTUSD' }] }, 'args.legs.0.pair')).toBe('XBTUSD');
    expect(resolveArgument({ legs: [1] }, 'args.legs.01')).toBeUndefined();
  });

  it('reads own properties only, never the prototype', () => {
    expect(resolveArgument({}, 'args.constructor')).toBeUndefined();
    expect(resolveArgument({}, 'args.__proto__')).toBeUndefined();
    expect(m('exists', true, {}, 'args.toString')).toBe(false);
  });

  it('treats null like a missing argument', () => {
    expect(resolveArgument({ x: null }, 'args.x')).toBeUndefined();
    expect(m('exists', false, { x: null })).toBe(true);
  });

  it('never matches a path outside args', () => {
    expect(m('exists', false, {}, 'state.counter')).toBe(false);
    expect(m('eq', 1, { x: 1 }, 'x')).toBe(false);
  });

  it('survives arguments that are not objects', () => {
    for (const args of [null, undefined, 3, 'text', [1, 2], true]) {
      expect(m('eq', 1, args)).toBe(false);
      expect(m('exists', false, args)).toBe(true);
    }
  });
});

describe('eq and neq', () => {
  it('compares strings exactly', () => {
    expect(m('eq', 'XBTUSD', { x: 'XBTUSD' })).toBe(true);
    expect(m('eq', 'XBTUSD', { x: 'xbtusd' })).toBe(false);
    expect(m('neq', 'XBTUSD', { x: 'ETHUSD' })).toBe(true);
  });

  it('compares numbers numerically, numeric strings included', () => {
    expect(m('eq', 50000, { x: '50000' })).toBe(true);
    expect(m('eq', '50000', { x: '50000.0' })).toBe(true);
    expect(m('eq', 0.1, { x: 0.1 })).toBe(true);
    expect(m('neq', 1, { x: '2' })).toBe(true);
    expect(m('eq', 1, { x: 'one' })).toBe(false);
  });

  it('reads booleans the way pydantic would, so "false" cannot dodge eq false', () => {
    for (const falsy of [false, 'false', 'False', 'no', 'off', '0', 0, 'f', 'n']) expect(m('eq', false, { x: falsy })).toBe(true);
    for (const other of [true, 'true', 1, 'maybe', 2, 'nope']) expect(m('eq', false, { x: other })).toBe(false);
    expect(m('eq', true, { x: 'yes' })).toBe(true);
  });

  it('compares objects and arrays structurally', () => {
    expect(m('eq', { a: [1, 2] }, { x: { a: [1, 2] } })).toBe(true);
    expect(m('eq', { a: [1, 2] }, { x: { a: [2, 1] } })).toBe(false);
  });

  it('matches a missing argument with neq but not with eq', () => {
    expect(m('eq', 'XBTUSD', {})).toBe(false);
    expect(m('neq', 'XBTUSD', {})).toBe(true);
  });

  it('treats eq null as "no value"', () => {
    expect(m('eq', null, {})).toBe(true);
    expect(m('eq', null, { x: null })).toBe(true);
    expect(m('eq', null, { x: 0 })).toBe(false);
    expect(m('neq', null, { x: 0 })).toBe(true);
  });
});

describe('in and not_in', () => {
  const pairs = ['XBTUSD', 'ETHUSD'];

  it('matches a value in the list', () => {
    expect(m('in', pairs, { x: 'ETHUSD' })).toBe(true);
    expect(m('in', pairs, { x: 'DOGEUSD' })).toBe(false);
    expect(m('not_in', pairs, { x: 'DOGEUSD' })).toBe(true);
    expect(m('not_in', pairs, { x: 'XBTUSD' })).toBe(false);
  });

  it('compares list members numerically', () => {
    expect(m('in', [1, 2, 3], { x: '2' })).toBe(true);
    expect(m('in', ['1.5'], { x: 1.5 })).toBe(true);
    expect(m('in', [true], { x: 'yes' })).toBe(true);
  });

  it('needs every element of an array argument to be in the list', () => {
    expect(m('in', pairs, { x: ['XBTUSD', 'ETHUSD'] })).toBe(true);
    expect(m('in', pairs, { x: ['XBTUSD', 'DOGEUSD'] })).toBe(false);
    expect(m('not_in', pairs, { x: ['XBTUSD', 'DOGEUSD'] })).toBe(true);
    expect(m('in', pairs, { x: [] })).toBe(false);
  });

  it('treats a missing argument as not in any list', () => {
    expect(m('in', pairs, {})).toBe(false);
    expect(m('not_in', pairs, {})).toBe(true);
    expect(m('in', [null], {})).toBe(true);
  });
});

describe('numeric comparisons', () => {
  it('compare numbers and numeric strings', () => {
    expect(m('gt', 0.5, { x: 0.6 })).toBe(true);
    expect(m('gt', 0.5, { x: '0.6' })).toBe(true);
    expect(m('gt', '40000', { x: '50000' })).toBe(true);
    expect(m('gte', 1, { x: '1.0' })).toBe(true);
    expect(m('lt', 1, { x: ' 0.5 ' })).toBe(true);
    expect(m('lte', 1, { x: 1 })).toBe(true);
    expect(m('lt', 1, { x: 1 })).toBe(false);
    expect(m('gt', 100, { x: '1e3' })).toBe(true);
  });

  it('never match a value that is not a number', () => {
    for (const x of ['abc', '', '0x10', true, [1], { v: 1 }, 'Infinity', '+']) {
      expect(m('gt', -1e9, { x })).toBe(false);
      expect(m('lt', 1e9, { x })).toBe(false);
    }
  });

  it('never match a missing argument', () => {
    for (const op of ['lt', 'lte', 'gt', 'gte'] as const) expect(m(op, 0, {})).toBe(false);
  });
});

describe('regex', () => {
  it('tests unanchored JavaScript patterns against strings', () => {
    expect(m('regex', '^(trailing|take-profit)', { x: 'trailing-stop' })).toBe(true);
    expect(m('regex', '^(trailing|take-profit)', { x: 'stop-loss' })).toBe(false);
    expect(m('regex', 'USD', { x: 'XBTUSD' })).toBe(true);
  });

  it('tests numbers and booleans by their text', () => {
    expect(m('regex', '^0\\.', { x: 0.25 })).toBe(true);
    expect(m('regex', '^false$', { x: false })).toBe(true);
  });

  it('turns a leading (?i) into a case-insensitive match', () => {
    expect(m('regex', '(?i)^xbt', { x: 'XBTUSD' })).toBe(true);
  });

  it('does not match missing values or objects', () => {
    expect(m('regex', '.*', {})).toBe(false);
    expect(m('regex', '.*', { x: { a: 1 } })).toBe(false);
  });

  it('gives the same answer on repeated calls (no lastIndex state)', () => {
    const c = { path: 'args.x', op: 'regex' as const, value: 'a' };
    expect([1, 2, 3].map(() => matchesCondition(c, { x: 'a' }))).toEqual([true, true, true]);
  });
});

describe('contains', () => {
  it('finds substrings in strings', () => {
    expect(m('contains', 'USD', { x: 'XBTUSD' })).toBe(true);
    expect(m('contains', 'EUR', { x: 'XBTUSD' })).toBe(false);
  });

  it('finds elements in arrays with eq semantics', () => {
    expect(m('contains', 'post', { x: ['fciq', 'post'] })).toBe(true);
    expect(m('contains', 5, { x: ['5'] })).toBe(true);
    expect(m('contains', 'x', { x: [] })).toBe(false);
  });

  it('does not match missing values or other types', () => {
    expect(m('contains', 'a', {})).toBe(false);
    expect(m('contains', 'a', { x: 5 })).toBe(false);
  });
});

describe('exists', () => {
  it('checks presence with true and absence with false', () => {
    expect(m('exists', true, { x: 0 })).toBe(true);
    expect(m('exists', true, { x: false })).toBe(true);
    expect(m('exists', true, {})).toBe(false);
    expect(m('exists', false, {})).toBe(true);
    expect(m('exists', false, { x: '' })).toBe(false);
  });
});

describe('matchesAll', () => {
  it('matches every call when the list is empty', () => {
    expect(matchesAll([], {})).toBe(true);
    expect(matchesAll([], null)).toBe(true);
  });

  it('needs every condition to match', () => {
    const conds: Condition[] = [
      { path: 'args.pair', op: 'eq', value: 'XBTUSD' },
      { path: 'args.volume', op: 'gt', value: 1 },
    ];
    expect(matchesAll(conds, { pair: 'XBTUSD', volume: 2 })).toBe(true);
    expect(matchesAll(conds, { pair: 'XBTUSD', volume: 0.5 })).toBe(false);
  });
});
