import { describe, expect, it } from 'vitest';
import { escapeJsonText, inert, inertJson, isInert } from '../../../main/gate/text/inert.js';

describe('inert text', () => {
  it('escapes terminal escape sequences so they cannot move the cursor or rewrite a line', () => {
    const name = 'claude\x1b[2A\x1b[2K0.01 XBT\r\x9b31m';
    const shown = inert(name);
    expect(shown).toBe('claude\\u001b[2A\\u001b[2K0.01 XBT\\r\\u009b31m');
    expect(shown).not.toMatch(/\p{Cc}/u);
  });

  it('escapes bidi overrides and isolates, zero-width characters, separators and the BOM', () => {
    const tricky = 'buy\u202e01 XBT\u2066x\u2069\u200b\u200d\ufeff\u2028\u2029\u061c\u200e';
    expect(inert(tricky)).toBe('buy\\u202e01 XBT\\u2066x\\u2069\\u200b\\u200d\\ufeff\\u2028\\u2029\\u061c\\u200e');
  });

  it('escapes tag characters, lone surrogates, private-use and unassigned code points with their code point', () => {
    expect(inert('a\u{e0041}b')).toBe('a\\u{e0041}b');
    expect(inert('logo\uf8ff \u{10fffd} \u0378')).toBe('logo\\uf8ff \\u{10fffd} \\u0378');
    expect(inert('x\ud800y')).toBe('x\\ud800y');
  });

  it('keeps ordinary text, accents, emoji and the narrow no-break space of our numbers', () => {
    const plain = 'Buy 0.10 XBT/USD, limit 50\u202f000 USD — Zürich 🚀';
    expect(inert(plain)).toBe(plain);
    expect(isInert(plain)).toBe(true);
  });

  it('bounds the length in code points and marks the cut', () => {
    expect(inert('x'.repeat(500), 10)).toBe(`${'x'.repeat(9)}…`);
    expect([...inert('🚀'.repeat(50), 20)]).toHaveLength(20);
    expect(isInert('x'.repeat(11), 10)).toBe(false);
  });

  it('shows raw JSON line by line with the same escapes, still readable as JSON', () => {
    const shown = inertJson({ pair: 'XBT\u202eUSD', note: 'a\nb' });
    expect(shown).toBe('{\n  "pair": "XBT\\u202eUSD",\n  "note": "a\\nb"\n}');
    expect(JSON.parse(shown)).toEqual({ pair: 'XBT\u202eUSD', note: 'a\nb' });
  });

  it('escapes unsafe characters in JSON text as JSON escapes, so it parses back to the exact value', () => {
    const value = { name: 'claude\x9b2J\u202e\u200b\u2028\u{e0041}\uf8ff', note: 'a\nb', ok: 'Zürich 🚀' };
    const compact = escapeJsonText(JSON.stringify(value));
    expect(compact).toBe('{"name":"claude\\u009b2J\\u202e\\u200b\\u2028\\udb40\\udc41\\uf8ff","note":"a\\nb","ok":"Zürich 🚀"}');
    expect(JSON.parse(compact)).toEqual(value);
    const pretty = inertJson(value);
    expect(pretty.split('\n')).toHaveLength(5);
    expect(JSON.parse(pretty)).toEqual(value);
    expect(pretty).not.toMatch(/[\x80-\x9f\u202e\u200b\u2028]/u);
    // DEL is the one unsafe character inside ASCII; plain ASCII comes back as it is.
    expect(escapeJsonText(JSON.stringify('a\x7fb'))).toBe('"a\\u007fb"');
    const plain = JSON.stringify({ pairs: 'XBTUSD', note: 'a\tb' }, null, 2);
    expect(escapeJsonText(plain)).toBe(plain);
  });
});
