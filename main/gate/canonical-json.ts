import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted (by UTF-16 code units, as RFC 8785 JCS does), no whitespace, and
 * otherwise JSON.stringify's rules: `toJSON` is honoured, undefined/function/symbol properties are
 * left out (null inside arrays), non-finite numbers become null. So two argument objects that
 * would go upstream as the same JSON get the same text, whatever order their keys were built in.
 * Throws TypeError for cycles, BigInt, and a top-level value JSON cannot represent.
 */
export function canonicalJson(value: unknown): string {
  const text = serialize(value, []);
  if (text === undefined) throw new TypeError(`canonicalJson: ${typeof value} is not a JSON value`);
  return text;
}

/** sha256 (hex) of the canonical JSON of a call's arguments: what an approval is bound to. */
export function hashArguments(args: Readonly<Record<string, unknown>>): string {
  return createHash('sha256').update(canonicalJson(args), 'utf8').digest('hex');
}

function serialize(input: unknown, stack: object[]): string | undefined {
  let value = input;
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonicalJson: BigInt is not a JSON value');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return 'null';
  const object = value as object;
  if (stack.includes(object)) throw new TypeError('canonicalJson: cyclic structure');
  stack.push(object);
  try {
    if (Array.isArray(object)) return `[${object.map((item) => serialize(item, stack) ?? 'null').join(',')}]`;
    const record = object as Record<string, unknown>;
    const members: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const member = serialize(record[key], stack);
      if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
    }
    return `{${members.join(',')}}`;
  } finally {
    stack.pop();
  }
}
