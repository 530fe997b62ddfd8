import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * The JSON Canonicalization Scheme (RFC 8785): object keys sorted by UTF-16 code units, no
 * whitespace, numbers and strings as ECMAScript writes them. So two argument objects that would go
 * upstream as the same JSON get the same text, whatever order their keys were built in.
 *
 * The value is first taken through JSON.stringify's rules (`toJSON` honoured, undefined, function
 * and symbol properties left out, null inside arrays, non-finite numbers as null), because what is
 * hashed is what goes on the wire. Throws TypeError for cycles, BigInt, and a top-level value JSON
 * cannot represent.
 *
 * One extension: RFC 8785 refuses strings with a lone surrogate (it canonicalizes I-JSON), but an
 * agent can send one (`"\ud800"` is valid JSON) and its call must still be hashed and recorded.
 * Such a value is written in the same form, the lone surrogate escaped as JSON.stringify escapes it
 * (`\ud800`): the text the gateway wrote before it used the library, so no stored hash changes.
 */
export function canonicalJson(value: unknown): string {
  // Plain JSON data (what an agent's call parses into) is written in one walk; anything else
  // (toJSON, undefined, non-finite numbers, class instances, cycles) takes the full route below.
  return plainCanonical(value, PLAIN_DEPTH) ?? canonicalJsonFully(value);
}

/** canonicalJson without its one-walk route for plain data; exported for the test that proves both give the same text. */
export function canonicalJsonFully(value: unknown): string {
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) throw new TypeError(`canonicalJson: ${typeof value} is not a JSON value`);
  const data: unknown = JSON.parse(text);
  if (!hasLoneSurrogate(text)) return canonicalize(data) as string;
  // Parsed JSON is plain data without cycles: the one walk takes it whole, at any depth.
  const plain = plainCanonical(data, Infinity);
  if (plain === undefined) throw new TypeError('canonicalJson: parsed JSON was not plain data');
  return plain;
}

/** sha256 (hex) of the canonical JSON of a call's arguments: what an approval is bound to. */
export function hashArguments(args: Readonly<Record<string, unknown>>): string {
  // One-shot: a third of createHash().update().digest() for a call's few hundred bytes.
  return hash('sha256', canonicalJson(args), 'hex');
}

// JSON.stringify writes a lone surrogate as a `\udXXX` escape (never a paired one: those are
// written as the characters they are), so its text shows whether the value holds one.
function hasLoneSurrogate(json: string): boolean {
  return /\\ud[89a-f][0-9a-f]{2}/i.test(json);
}

// Deeper than any call the gateway takes (http/body.ts refuses nesting past 64); a cycle ends here
// and takes the full route, which refuses it.
const PLAIN_DEPTH = 100;

/**
 * The canonical text of `value` when it is plain JSON data nested at most `depthLeft` deep — strings, finite numbers, booleans,
 * null, arrays without holes, objects with Object.prototype (or none) — else undefined. Strings
 * and numbers as JSON.stringify writes them, keys sorted by UTF-16 code units: the same text as
 * the full route (tests compare the two), at a third of its cost for a call's arguments.
 */
function plainCanonical(value: unknown, depthLeft: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return 'null';
  if (depthLeft <= 0) return undefined;
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item = plainCanonical(value[i], depthLeft - 1);
      if (item === undefined) return undefined;
      out += i === 0 ? item : `,${item}`;
    }
    return `${out}]`;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (!isSorted(keys)) keys.sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = plainCanonical(record[key], depthLeft - 1);
    if (item === undefined) return undefined;
    out += `${i === 0 ? '' : ','}${JSON.stringify(key)}:${item}`;
  }
  return `${out}}`;
}

/** Keys already in UTF-16 code unit order (as most calls' few keys are): no sort needed. */
function isSorted(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! >= keys[i]!) return false;
  return true;
}
