// The one-time code that ties a Telegram account to this gateway: shown only to the person who
// asked for it (with their presence proof), sent back by them as `/pair CODE` from their own
// account. It lives 10 minutes, works once, and dies after a few wrong guesses, so a stranger who
// found the bot cannot try codes until one fits.
import { randomInt } from 'node:crypto';

export const PAIRING_TTL_MS = 10 * 60_000;
const WRONG_GUESSES = 5;
// No 0/O, 1/I/L: read off a screen and typed on a phone.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 8;

export type PairingCheck = { ok: true } | { ok: false; reason: 'none' | 'expired' | 'wrong' };

export class PairingCode {
  private current: { code: string; expiresAt: number; wrong: number } | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** A fresh code; any earlier one stops working. */
  issue(): { code: string; expiresAt: number } {
    let code = '';
    for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    this.current = { code, expiresAt: this.now() + PAIRING_TTL_MS, wrong: 0 };
    return { code, expiresAt: this.current.expiresAt };
  }

  /** When a code waits to be sent to the bot. */
  get waitingUntil(): number | undefined {
    return this.current && this.now() < this.current.expiresAt ? this.current.expiresAt : undefined;
  }

  /** Checks what was sent; the right code is used up, and so is one guessed at too often. */
  claim(typed: string): PairingCheck {
    const current = this.current;
    if (!current) return { ok: false, reason: 'none' };
    if (this.now() >= current.expiresAt) {
      this.current = undefined;
      return { ok: false, reason: 'expired' };
    }
    if (typed.trim().toUpperCase().replace(/[\s-]/g, '') !== current.code) {
      current.wrong += 1;
      if (current.wrong >= WRONG_GUESSES) this.current = undefined;
      return { ok: false, reason: 'wrong' };
    }
    this.current = undefined;
    return { ok: true };
  }

  cancel(): void {
    this.current = undefined;
  }
}
