// Argument conditions in the shape of PolicyLayer's Intercept ({path, op, value}), compiled once
// into closures so the per-call cost is a few property reads and comparisons.
//
// Semantics (tested in test/unit/policy/conditions.test.ts):
// - `path` is "args.<key>[.<key>…]"; each key descends one level into own properties (never the
//   prototype), or into an array by a decimal index. A missing key and a JSON null both read as
//   "no value".
// - "No value" matches `exists: false`, `eq null`, and the negations `neq`/`not_in` (no value is
//   not equal to, and not in, anything else). Every other operator does not match it. So a deny
//   rule "pair not_in [XBTUSD, ETHUSD]" refuses a call that names no pair, where Intercept (whose
//   rules list what is allowed) would have refused it too.
// - Numbers compare numerically, numeric strings included ("50000" gt 4e4), as kraken-mcp reads
//   them. When the rule's value is a boolean, the argument is read as pydantic would ("false",
//   "no", 0 are false), so `validate eq false` cannot be dodged with `"validate": "false"`.
// - `in`/`not_in`: the value must be one of the list (with `eq` semantics); an array argument is
//   `in` when it is non-empty and every element is in the list.
// - `contains`: substring for strings, element (`eq` semantics) for arrays.
// - `regex`: JavaScript syntax, unanchored, tested against strings, numbers and booleans; a
//   leading Go/PCRE-style "(?i)" becomes the `i` flag.
import { jsonEqual, toBoolean, toNumber } from './coerce.js';

export const CONDITION_OPS = ['eq', 'neq', 'in', 'not_in', 'lt', 'lte', 'gt', 'gte', 'regex', 'contains', 'exists'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

export interface Condition {
  path: string;
  op: ConditionOp;
  value?: unknown;
}

/** A condition ready to run: true when the arguments match. Never throws. */
export type CompiledCondition = (args: unknown) => boolean;

const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

/** "args.order.price" → ["order", "price"]; undefined when the path does not start with "args.". */
export function argumentPath(path: string): string[] | undefined {
  if (!path.startsWith('args.')) return undefined;
  const segments = path.slice(5).split('.');
  return segments.every((s) => s.length > 0) ? segments : undefined;
}

function resolve(args: unknown, segments: readonly string[]): unknown {
  let current = args;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null) return undefined;
    if (Array.isArray(current)) {
      if (!ARRAY_INDEX.test(segment)) return undefined;
      current = current[Number(segment)];
    } else {
      if (!Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current === null ? undefined : current;
}

/** The value at an "args.…" path, or undefined when absent or null. */
export function resolveArgument(args: unknown, path: string): unknown {
  const segments = argumentPath(path);
  return segments === undefined ? undefined : resolve(args, segments);
}

/** Compiles a pattern as the schema accepts it; throws SyntaxError when it does not compile. */
export function compilePattern(pattern: string): RegExp {
  return pattern.startsWith('(?i)') ? new RegExp(pattern.slice(4), 'i') : new RegExp(pattern);
}

type Test = (actual: unknown) => boolean;

/** Equality against a fixed expected value, specialised once by the expected value's type. */
function equalsTo(expected: unknown): Test {
  if (expected === null || expected === undefined) return (a) => a === undefined;
  if (typeof expected === 'boolean') return (a) => a !== undefined && toBoolean(a) === expected;
  const n = toNumber(expected);
  if (n !== undefined) return (a) => toNumber(a) === n;
  if (typeof expected === 'string') return (a) => a === expected;
  return (a) => a !== undefined && jsonEqual(a, expected);
}

// Set lookups instead of a loop over the list: deny rules with long pair lists stay O(1).
function memberOf(list: readonly unknown[]): Test {
  const strings = new Set<string>();
  const numbers = new Set<number>();
  const booleans: boolean[] = [];
  const structured: unknown[] = [];
  let hasNull = false;
  for (const item of list) {
    const n = toNumber(item);
    if (n !== undefined) numbers.add(n);
    else if (typeof item === 'string') strings.add(item);
    else if (typeof item === 'boolean') booleans.push(item);
    else if (item === null) hasNull = true;
    else structured.push(item);
  }
  const single: Test = (a) => {
    if (a === undefined) return hasNull;
    if (typeof a === 'string' && strings.has(a)) return true;
    const n = toNumber(a);
    if (n !== undefined && numbers.has(n)) return true;
    if (booleans.length > 0) {
      const b = toBoolean(a);
      if (b !== undefined && booleans.includes(b)) return true;
    }
    return typeof a === 'object' && structured.some((s) => jsonEqual(a, s));
  };
  return (a) => (Array.isArray(a) ? a.length > 0 && a.every((item) => single(item === null ? undefined : item)) : single(a));
}

function numeric(expected: unknown, cmp: (a: number, b: number) => boolean): Test {
  const b = toNumber(expected);
  if (b === undefined) return () => false;
  return (a) => {
    const n = toNumber(a);
    return n !== undefined && cmp(n, b);
  };
}

function containing(expected: unknown): Test {
  const eq = equalsTo(expected);
  const needle = typeof expected === 'string' || typeof expected === 'number' ? String(expected) : undefined;
  return (a) => {
    if (typeof a === 'string') return needle !== undefined && a.includes(needle);
    if (Array.isArray(a)) return a.some((item) => eq(item === null ? undefined : item));
    return false;
  };
}

function matching(pattern: unknown): Test {
  if (typeof pattern !== 'string') return () => false;
  const re = compilePattern(pattern);
  // A /g or /y regex would carry lastIndex between calls; compilePattern never sets them.
  return (a) =>
    (typeof a === 'string' || typeof a === 'number' || typeof a === 'boolean') && re.test(String(a));
}

function testFor(op: ConditionOp, value: unknown): Test {
  switch (op) {
    case 'eq':
      return equalsTo(value);
    case 'neq': {
      const eq = equalsTo(value);
      return (a) => !eq(a);
    }
    case 'in':
      return Array.isArray(value) ? memberOf(value) : () => false;
    case 'not_in': {
      const isIn = Array.isArray(value) ? memberOf(value) : () => false;
      return (a) => !isIn(a);
    }
    case 'lt':
      return numeric(value, (a, b) => a < b);
    case 'lte':
      return numeric(value, (a, b) => a <= b);
    case 'gt':
      return numeric(value, (a, b) => a > b);
    case 'gte':
      return numeric(value, (a, b) => a >= b);
    case 'regex':
      return matching(value);
    case 'contains':
      return containing(value);
    case 'exists': {
      const wanted = value !== false;
      return (a) => (a !== undefined) === wanted;
    }
  }
}

/**
 * Compiles one condition. A path outside "args." never matches (the schema rejects such paths;
 * this keeps a hand-built condition harmless). Throws only for a regex that does not compile.
 */
export function compileCondition(condition: Condition): CompiledCondition {
  const segments = argumentPath(condition.path);
  if (segments === undefined) return () => false;
  const test = testFor(condition.op, condition.value);
  if (segments.length === 1) {
    const key = segments[0] as string;
    // The common case, a top-level argument of an object, without the general walk.
    return (args) => {
      if (typeof args !== 'object' || args === null || Array.isArray(args)) return test(resolve(args, segments));
      const v = Object.hasOwn(args, key) ? (args as Record<string, unknown>)[key] : undefined;
      return test(v === null ? undefined : v);
    };
  }
  return (args) => test(resolve(args, segments));
}

/** All conditions must match (AND); an empty list matches every call, as in PolicyLayer. */
export function compileConditions(conditions: readonly Condition[]): CompiledCondition {
  const compiled = conditions.map(compileCondition);
  if (compiled.length === 0) return () => true;
  if (compiled.length === 1) return compiled[0] as CompiledCondition;
  return (args) => compiled.every((c) => c(args));
}

/** Convenience for tests and the Rules page; the gate itself runs compiled conditions. */
export function matchesCondition(condition: Condition, args: unknown): boolean {
  return compileCondition(condition)(args);
}

export function matchesAll(conditions: readonly Condition[], args: unknown): boolean {
  return compileConditions(conditions)(args);
}
