import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, hashArguments } from '../../main/gate/canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('follows JSON.stringify for values JSON cannot hold', () => {
    expect(canonicalJson({ a: undefined, b: () => 1, c: [undefined, Number.NaN, Infinity], d: new Date(0) })).toBe(
      '{"c":[null,null,null],"d":"1970-01-01T00:00:00.000Z"}',
    );
  });

  it('sorts keys by UTF-16 code units, as RFC 8785 does', () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3, '10': 4, '9': 5 })).toBe('{"10":4,"9":5,"Z":3,"z":2,"é":1}');
  });

  it('refuses cycles and BigInt', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(TypeError);
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });

  it('reads back as the same value, whatever the key order it was built in', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });
});

describe('hashArguments', () => {
  it('is the sha256 hex of the canonical JSON', () => {
    const args = { side: 'buy', pair: 'XBTUSD' };
    expect(hashArguments(args)).toBe(createHash('sha256').update('{"pair":"XBTUSD","side":"buy"}').digest('hex'));
  });

  it('tells apart arguments that differ only in a value’s type', () => {
    expect(hashArguments({ validate: false })).not.toBe(hashArguments({ validate: 'false' }));
    expect(hashArguments({ volume: 1 })).not.toBe(hashArguments({ volume: '1' }));
  });
});
