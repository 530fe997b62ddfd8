import { randomBytes } from 'node:crypto';

// Crockford's base32: no I, L, O or U, so an id read off a notification can be typed into the CLI
// without guessing between look-alike characters.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 8 characters = 40 random bits: unguessable for the minutes an approval lives, short enough to type. */
export function newApprovalId(random: (size: number) => Uint8Array = randomBytes): string {
  const bytes = random(5);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let id = '';
  for (let shift = 35n; shift >= 0n; shift -= 5n) id += ALPHABET[Number((bits >> shift) & 31n)];
  return id;
}

/** What a human typed → the canonical id: case, separators and look-alikes (O→0, I/L→1) forgiven. */
export function normalizeApprovalId(typed: string): string {
  return typed
    .trim()
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}
