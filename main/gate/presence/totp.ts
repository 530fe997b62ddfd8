// RFC 6238 time-based one-time codes, as every authenticator app makes them (SHA-1, 6 digits, 30 s),
// through otplib: its verify compares in constant time and takes the last step already used, so a
// code seen once is refused after (replay). One step of clock skew either way is accepted.
import { generateSecret, generateURI, verifySync } from 'otplib';

export const TOTP_PERIOD_S = 30;
const DIGITS = 6;
/** ±1 step: a phone whose clock is up to 30 s off, or a code typed as it rolls over. */
const SKEW_S = TOTP_PERIOD_S;

/** A fresh secret: 20 random bytes in base32, the size RFC 4226 recommends and the apps expect. */
export function newTotpSecret(): string {
  return generateSecret();
}

/** otpauth://totp/Kraken%20Gate:LABEL?secret=…&issuer=Kraken%20Gate: what the QR code carries. */
export function otpauthUri(secret: string, label: string): string {
  return generateURI({ issuer: 'Kraken Gate', label, secret, algorithm: 'sha1', digits: DIGITS, period: TOTP_PERIOD_S });
}

/** A code as a person types it: "123 456" or "123-456" are the same six digits. */
export function normalizeCode(code: string): string {
  return code.replace(/[\s-]/g, '');
}

export type TotpCheck = { ok: true; step: number } | { ok: false; replayed: boolean };

/**
 * Whether `code` is the secret's code for now (±1 step) and newer than `afterStep`, the last step a
 * code was accepted for. The step it matched is returned, to be remembered as the next `afterStep`.
 */
export function checkTotp(secret: string, code: string, nowMs: number, afterStep?: number): TotpCheck {
  const token = normalizeCode(code);
  if (!/^\d{6}$/.test(token)) return { ok: false, replayed: false };
  const epoch = Math.floor(nowMs / 1000);
  const options = { secret, token, epoch, epochTolerance: SKEW_S, digits: DIGITS, period: TOTP_PERIOD_S };
  // otplib refuses an afterTimeStep beyond its window; a clock that went back makes that possible.
  const currentStep = Math.floor(epoch / TOTP_PERIOD_S);
  const after = afterStep !== undefined && afterStep <= currentStep + 1 ? afterStep : undefined;
  const fresh = verifySync({ ...options, ...(after !== undefined && { afterTimeStep: after }) });
  // The TOTP strategy's answer carries the step; the HOTP one (same function, other strategy) does not.
  if (fresh.valid && 'timeStep' in fresh) return { ok: true, step: fresh.timeStep };
  // The same code without the replay guard: tells "already used" from "wrong".
  return { ok: false, replayed: after !== undefined && verifySync(options).valid };
}
