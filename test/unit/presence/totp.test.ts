import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSync } from 'otplib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Presence } from '../../../main/gate/presence/presence.js';
import { checkTotp, otpauthUri } from '../../../main/gate/presence/totp.js';
import { fileVault } from '../../../main/gate/presence/vault.js';

// RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890" (base32 below);
// the 6-digit code is the last six digits of the 8-digit value the RFC lists.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const RFC_VECTORS: Array<[seconds: number, eightDigits: string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP codes (RFC 6238)', () => {
  it.each(RFC_VECTORS)('at T=%i s the code is the last six digits of %s', (seconds, eight) => {
    expect(checkTotp(RFC_SECRET, eight.slice(2), seconds * 1000)).toMatchObject({ ok: true });
    // One digit off is refused.
    const wrong = eight.slice(2, 7) + String((Number(eight.at(-1)) + 1) % 10);
    expect(checkTotp(RFC_SECRET, wrong, seconds * 1000)).toEqual({ ok: false, replayed: false });
  });

  it('accepts one step of clock skew either way, not two', () => {
    const at = 1234567890_000;
    const code = '005924';
    expect(checkTotp(RFC_SECRET, code, at + 30_000).ok).toBe(true);
    expect(checkTotp(RFC_SECRET, code, at - 30_000).ok).toBe(true);
    expect(checkTotp(RFC_SECRET, code, at + 61_000).ok).toBe(false);
    expect(checkTotp(RFC_SECRET, code, at - 61_000).ok).toBe(false);
  });

  it('refuses a code of a step already used, and says it was a replay', () => {
    const first = checkTotp(RFC_SECRET, '005924', 1234567890_000);
    expect(first.ok).toBe(true);
    const step = first.ok ? first.step : -1;
    expect(checkTotp(RFC_SECRET, '005924', 1234567890_000, step)).toEqual({ ok: false, replayed: true });
  });

  it('reads "123 456" as 123456 and refuses anything that is not six digits', () => {
    expect(checkTotp(RFC_SECRET, '005 924', 1234567890_000).ok).toBe(true);
    expect(checkTotp(RFC_SECRET, '5924', 1234567890_000).ok).toBe(false);
    expect(checkTotp(RFC_SECRET, '00592a', 1234567890_000).ok).toBe(false);
  });

  it('makes an otpauth:// URI an authenticator app reads', () => {
    const uri = new URL(otpauthUri(RFC_SECRET, 'my laptop'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(uri.searchParams.get('secret')).toBe(RFC_SECRET);
    expect(uri.searchParams.get('issuer')).toBe('Kraken Gate');
    expect(decodeURIComponent(uri.pathname)).toContain('my laptop');
  });
});

describe('Presence: codes from the person\'s authenticator', () => {
  let dir: string;
  let now: number;
  const make = () => new Presence(fileVault(join(dir, 'presence.json')), join(dir, 'presence-attempts.json'), () => now);
  const codeAt = (secret: string, ms: number) => generateSync({ secret, epoch: Math.floor(ms / 1000) });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kg-presence-'));
    now = Date.parse('2026-12-05T12:00:00Z');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has nothing to check against until it is set up', () => {
    const presence = make();
    expect(presence.configured).toBe(false);
    expect(presence.check('123456')).toEqual({ ok: false, reason: 'not-set-up' });
  });

  it('sets up a secret once; replacing it needs a current code from the old one', () => {
    const presence = make();
    const first = presence.setup({ present: false }, 'test');
    expect(first).toMatchObject({ ok: true, replaced: false });
    if (!first.ok) return;
    expect(readFileSync(join(dir, 'presence.json'), 'utf8')).toContain(first.secret);
    expect(presence.setup({ present: false }, 'test')).toMatchObject({ ok: false, reason: 'needs-code' });
    expect(presence.setup({ present: false, code: '000000' }, 'test')).toMatchObject({ ok: false, reason: 'wrong-code' });
    const second = presence.setup({ present: false, code: codeAt(first.secret, now) }, 'test');
    expect(second).toMatchObject({ ok: true, replaced: true });
    // A click in the desktop app is proof enough to replace it.
    now += 30_000;
    expect(presence.setup({ present: true }, 'test')).toMatchObject({ ok: true, replaced: true });
  });

  it('takes a code once, also across a restart', () => {
    const presence = make();
    const setup = presence.setup({ present: false }, 'test');
    if (!setup.ok) throw new Error('setup failed');
    const code = codeAt(setup.secret, now);
    expect(presence.check(code)).toEqual({ ok: true });
    expect(presence.check(code)).toEqual({ ok: false, reason: 'replayed' });
    expect(make().check(code)).toEqual({ ok: false, reason: 'replayed' });
    now += 30_000;
    expect(make().check(codeAt(setup.secret, now))).toEqual({ ok: true });
  });

  it('after five wrong codes each attempt waits, doubling, and a right code then still waits', () => {
    const presence = make();
    const setup = presence.setup({ present: false }, 'test');
    if (!setup.ok) throw new Error('setup failed');
    for (let i = 0; i < 4; i++) expect(presence.check('000000')).toEqual({ ok: false, reason: 'wrong-code' });
    expect(presence.check('000000')).toEqual({ ok: false, reason: 'wrong-code', retryAfterMs: 30_000 });
    expect(presence.check(codeAt(setup.secret, now))).toEqual({ ok: false, reason: 'locked', retryAfterMs: 30_000 });
    now += 30_000;
    expect(presence.check('000000')).toEqual({ ok: false, reason: 'wrong-code', retryAfterMs: 60_000 });
    now += 60_000;
    expect(presence.check(codeAt(setup.secret, now))).toEqual({ ok: true });
    // A success starts the count again.
    now += 30_000;
    expect(presence.check('000000')).toEqual({ ok: false, reason: 'wrong-code' });
  });

  it('keeps the seal key across restarts and makes it only once', () => {
    const key = make().sealKey();
    expect(key).toHaveLength(32);
    expect(make().sealKey().equals(key)).toBe(true);
    writeFileSync(join(dir, 'presence.json'), 'not json');
    expect(() => make()).toThrow(/not a Kraken Gate presence file/);
  });
});
