// main/gate/presence/: the proof that a person, not an agent with a shell, takes a riskier action
// (approve, resume, loosen the rules…): the TOTP secret and its checks, the vault it lives in, the
// seal on what a person confirmed, and who is calling. May import state/, text/ and the vocabulary.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../state/atomic-file.js';
import { dataFiles } from '../state/data-dir.js';
import { checkTotp, newTotpSecret, otpauthUri, TOTP_PERIOD_S } from './totp.js';
import { fileVault, newVaultData, type PhoneVault, type PresenceVault, type VaultData } from './vault.js';

/** Wrong codes in a row before attempts wait; then each wait doubles, up to MAX_LOCK_MS. */
const FREE_ATTEMPTS = 5;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

const AttemptsSchema = z.object({
  /** The last TOTP step a code was accepted for: no code of that step or before is taken again. */
  lastStep: z.number().int().nonnegative().optional(),
  failures: z.number().int().nonnegative().default(0),
  lockedUntil: z.number().nonnegative().optional(),
});
type Attempts = z.infer<typeof AttemptsSchema>;

export type CodeRefusal = 'not-set-up' | 'wrong-code' | 'replayed' | 'locked';
export type CodeCheck = { ok: true } | { ok: false; reason: CodeRefusal; retryAfterMs?: number };

export type SetupResult =
  | { ok: true; secret: string; otpauthUri: string; replaced: boolean }
  | { ok: false; reason: CodeRefusal | 'needs-code'; message: string; retryAfterMs?: number };

/**
 * The person's authenticator, as the gateway checks it. Codes are single use (the step of the last
 * accepted code is kept on disk, so a restart does not reopen it), ±1 step of skew, and after five
 * wrong codes in a row each further attempt waits, 30 s doubling to 15 min. The lock is global on
 * purpose: the agent and the person are the same OS user, so there is no "whose attempts" to tell.
 */
export class Presence {
  private data: VaultData | undefined;
  private attempts: Attempts;

  constructor(
    readonly vault: PresenceVault,
    private readonly attemptsPath: string,
    private readonly now: () => number = Date.now,
  ) {
    this.data = vault.load();
    this.attempts = readAttempts(attemptsPath);
  }

  /** A confirmed state was sealed with this vault's key before: this is not a first start. */
  get hasSealed(): boolean {
    return this.current()?.sealed === true;
  }

  /** Notes that a confirmed state is sealed now (once; later seals change nothing here). */
  markSealed(): void {
    const data = this.current();
    if (!data || data.sealed) return;
    const next = { ...data, sealed: true };
    this.vault.save(next);
    this.data = next;
  }

  /** A TOTP secret exists: codes can be checked. */
  get configured(): boolean {
    return this.current()?.totp !== undefined;
  }

  /** The key that seals the confirmed state; made (and stored) on first use. */
  sealKey(): Buffer {
    let data = this.current();
    if (!data) {
      data = newVaultData();
      this.vault.save(data);
      this.data = data;
    }
    return Buffer.from(data.sealKey, 'base64');
  }

  /** The phone channel's bot and pairing (vault.ts), if one was set up. */
  get phone(): PhoneVault | undefined {
    return this.current()?.phone;
  }

  /** Replaces (or, with undefined, removes) the phone channel's bot and pairing. */
  savePhone(phone: PhoneVault | undefined): void {
    const data = this.current() ?? newVaultData();
    const next: VaultData = { ...data, phone };
    if (phone === undefined) delete next.phone;
    this.vault.save(next);
    this.data = next;
  }

  /** Checks a code typed by the person; an accepted code cannot be used again. */
  check(code: string): CodeCheck {
    const secret = this.current()?.totp?.secret;
    if (secret === undefined) return { ok: false, reason: 'not-set-up' };
    const now = this.now();
    if (this.attempts.lockedUntil !== undefined && now < this.attempts.lockedUntil) {
      return { ok: false, reason: 'locked', retryAfterMs: this.attempts.lockedUntil - now };
    }
    const result = checkTotp(secret, code, now, this.attempts.lastStep);
    if (result.ok) {
      this.saveAttempts({ lastStep: result.step, failures: 0 });
      return { ok: true };
    }
    const failures = this.attempts.failures + 1;
    const over = failures - FREE_ATTEMPTS;
    const lockMs = over >= 0 ? Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** over) : undefined;
    this.saveAttempts({ ...this.attempts, failures, ...(lockMs !== undefined && { lockedUntil: now + lockMs }) });
    return { ok: false, reason: result.replayed ? 'replayed' : 'wrong-code', ...(lockMs !== undefined && { retryAfterMs: lockMs }) };
  }

  /**
   * Creates the TOTP secret, or replaces it. Replacing needs a current code from the old one, or a
   * proof the transport carries (a click in the desktop app): whoever set it up keeps the say.
   */
  setup(proof: { code?: string; present: boolean }, label: string): SetupResult {
    const existing = this.current();
    const replaced = existing?.totp !== undefined;
    if (replaced && !proof.present) {
      if (proof.code === undefined) {
        return { ok: false, reason: 'needs-code', message: 'An authenticator is already set up: replacing it needs a current code from it.' };
      }
      const checked = this.check(proof.code);
      if (!checked.ok) return { ok: false, reason: checked.reason, message: codeRefusalText(checked), ...(checked.retryAfterMs && { retryAfterMs: checked.retryAfterMs }) };
    }
    const secret = newTotpSecret();
    const next: VaultData = { ...(existing ?? newVaultData()), totp: { secret, createdAt: new Date(this.now()).toISOString() } };
    this.vault.save(next);
    this.data = next;
    // A new secret starts with a clean slate; the old one's last step means nothing for it.
    this.saveAttempts({ failures: 0 });
    return { ok: true, secret, otpauthUri: otpauthUri(secret, label), replaced };
  }

  private current(): VaultData | undefined {
    // Another process (`kraken-gate presence setup` with no gateway running) may have written it.
    this.data ??= this.vault.load();
    return this.data;
  }

  private saveAttempts(next: Attempts): void {
    this.attempts = next;
    writeFileAtomic(this.attemptsPath, `${JSON.stringify(next)}\n`, 0o600);
  }
}

/** The headless gateway's presence: its vault is presence.json in the data dir. */
export function dataDirPresence(dataDir: string): Presence {
  return new Presence(fileVault(dataFiles.presence(dataDir)), dataFiles.presenceAttempts(dataDir));
}

/** Why a code was refused, in words a person can act on. */
export function codeRefusalText(check: { reason: CodeRefusal; retryAfterMs?: number }): string {
  switch (check.reason) {
    case 'not-set-up':
      return 'No authenticator is set up for Kraken Gate yet.';
    case 'wrong-code':
      return `That code is not the current one (codes change every ${TOTP_PERIOD_S} s; check the clock of the device that makes them).${check.retryAfterMs ? ` Too many wrong codes: try again in ${Math.ceil(check.retryAfterMs / 1000)} s.` : ''}`;
    case 'replayed':
      return 'That code was used already; wait for the next one.';
    case 'locked':
      return `Too many wrong codes: try again in ${Math.ceil((check.retryAfterMs ?? 0) / 1000)} s.`;
  }
}

function readAttempts(path: string): Attempts {
  try {
    return AttemptsSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    // Missing or mangled: no lock, and no replay memory beyond the codes' own 90 s life.
    return { failures: 0 };
  }
}
