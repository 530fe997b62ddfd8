// The pure parts of the phone channel (issue 25): what a button carries and what it refuses, and
// the one-time pairing code's life.
import { describe, expect, it } from 'vitest';
import { cardButton, parseButton, resumeButton, sameArguments } from '../../../main/phone/buttons.js';
import { PairingCode, PAIRING_TTL_MS } from '../../../main/phone/pairing-code.js';

const HASH = 'ab12cd34ef'.padEnd(64, '0');

describe('phone buttons', () => {
  it('carry the verb, the approval id and 40 bits of the arguments hash, within Telegram’s 64 bytes', () => {
    const data = cardButton('deny-pause', '7KQ2-M4XD', HASH);
    expect(data).toBe('p:7KQ2-M4XD:ab12cd34ef');
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(parseButton(data)).toEqual({ kind: 'card', verb: 'deny-pause', id: '7KQ2-M4XD', hash: 'ab12cd34ef' });
    expect(sameArguments('ab12cd34ef', HASH)).toBe(true);
    expect(sameArguments('ab12cd34ee', HASH)).toBe(false);
    expect(parseButton(resumeButton('Xy12Ab34Cd56'))).toEqual({ kind: 'resume', nonce: 'Xy12Ab34Cd56' });
  });

  it('refuse what this gateway did not write', () => {
    for (const data of [undefined, '', 'a:7KQ2:short', 'x:7KQ2-M4XD:ab12cd34ef', 'a:7KQ2 M4XD:ab12cd34ef', 'a:7KQ2-M4XD:AB12CD34EF', 'r:bad', `a:${'A'.repeat(60)}:ab12cd34ef`]) {
      expect(parseButton(data)).toBeUndefined();
    }
  });
});

describe('the pairing code', () => {
  it('works once, within 10 minutes, typed in any case and with spaces', () => {
    let now = 0;
    const pairing = new PairingCode(() => now);
    const { code, expiresAt } = pairing.issue();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(expiresAt).toBe(PAIRING_TTL_MS);
    expect(pairing.waitingUntil).toBe(PAIRING_TTL_MS);
    now = PAIRING_TTL_MS - 1;
    expect(pairing.claim(` ${code.slice(0, 4).toLowerCase()} ${code.slice(4)} `)).toEqual({ ok: true });
    expect(pairing.claim(code)).toEqual({ ok: false, reason: 'none' });
    expect(pairing.waitingUntil).toBeUndefined();
  });

  it('expires, and dies after five wrong guesses so a stranger cannot try codes until one fits', () => {
    let now = 0;
    const pairing = new PairingCode(() => now);
    const late = pairing.issue().code;
    now = PAIRING_TTL_MS;
    expect(pairing.claim(late)).toEqual({ ok: false, reason: 'expired' });

    const code = pairing.issue().code;
    for (let i = 0; i < 5; i++) expect(pairing.claim('WRONG234')).toEqual({ ok: false, reason: 'wrong' });
    expect(pairing.claim(code)).toEqual({ ok: false, reason: 'none' });
  });

  it('a new code replaces the old one', () => {
    const pairing = new PairingCode(() => 0);
    const old = pairing.issue().code;
    const fresh = pairing.issue().code;
    expect(fresh).not.toBe(old);
    expect(pairing.claim(old)).toEqual({ ok: false, reason: 'wrong' });
    expect(pairing.claim(fresh)).toEqual({ ok: true });
  });
});
