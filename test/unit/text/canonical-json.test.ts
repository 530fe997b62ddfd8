import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalJsonFully, hashArguments } from '../../../main/gate/text/canonical-json.js';
import { ToolPins } from '../../../main/gate/state/tool-pins.js';
import { KRAKEN_MCP_TOOLS } from '../../../main/kraken-mcp/tools.js';
import type { ToolDefinition } from '../../../main/gate/types.js';

// Written by the hand-made canonical JSON the gateway used before it took RFC 8785 from the
// `canonicalize` library: tool-pins.json files and logged argsHash values in users' data dirs.
const BEFORE = JSON.parse(readFileSync(new URL('../../fixtures/hashes/before-canonicalize.json', import.meta.url), 'utf8')) as {
  pins: { krakenMcp: Record<string, string>; paper: Record<string, string> };
  args: { json: string; canonical: string; hash: string }[];
};
const KRAKEN_TOOLS = (JSON.parse(readFileSync(new URL('../../fixtures/kraken-mcp/tools-list.json', import.meta.url), 'utf8')) as { result: { tools: ToolDefinition[] } }).result.tools;

function pinsOf(tools: readonly ToolDefinition[]): Record<string, string> {
  const path = join(mkdtempSync(join(tmpdir(), 'kraken-gate-pins-')), 'tool-pins.json');
  new ToolPins(path).observe(tools);
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
}

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

describe('canonicalJson after the move to RFC 8785 (canonicalize)', () => {
  it('pins kraken-mcp\'s and the paper exchange\'s tools with the hashes an earlier version stored: no tool turns "changed" after an upgrade', () => {
    expect(pinsOf(KRAKEN_TOOLS)).toEqual(BEFORE.pins.krakenMcp);
    expect(pinsOf(KRAKEN_MCP_TOOLS as unknown as ToolDefinition[])).toEqual(BEFORE.pins.paper);
  });

  it('gives the stored text and hash for arguments with awkward numbers, key orders, escapes and lone surrogates', () => {
    for (const vector of BEFORE.args) {
      const args = JSON.parse(vector.json) as Record<string, unknown>;
      expect(canonicalJson(args)).toBe(vector.canonical);
      expect(hashArguments(args)).toBe(vector.hash);
    }
  });

  it('writes plain data in one walk with the same text as the full route, and leaves the rest to it', () => {
    // Plain data with any strings (lone surrogates too), plus values JSON.stringify treats its own way.
    const odd = fc.constantFrom<unknown>(undefined, Number.NaN, -0, 1e21, new Date(0), { toJSON: () => 'x' }, [undefined], Object.create({ inherited: 1 }));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ stringUnit: 'binary', maxDepth: 2 }), odd, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string({ unit: 'binary' }), tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(fc.string(), value), (args) => {
        expect(canonicalJson(args)).toBe(canonicalJsonFully(args));
      }),
      { numRuns: 200 },
    );
  });

  it('is the library\'s RFC 8785 text for any JSON value, and tells apart values that differ only in a lone surrogate', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(JSON.parse(JSON.stringify(value))));
      }),
    );
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
    expect(canonicalJson({ s: '\ud800' })).toBe('{"s":"\\ud800"}');
    expect(canonicalJson({ s: '\ud800' })).toBe(canonicalJsonFully({ s: '\ud800' }));
    expect(hashArguments({ s: '\ud800' })).not.toBe(hashArguments({ s: '\ud801' }));
    expect(hashArguments({ s: '\ud800' })).not.toBe(hashArguments({ s: '\\ud800' }));
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
