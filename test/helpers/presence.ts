// The person's authenticator in a test: the gateway's Presence on a clock the test moves, so each
// code is a fresh one (a code is single use per 30 s step) without waiting for real time.
import { join } from 'node:path';
import { generateSync } from 'otplib';
import { Presence } from '../../main/gate/presence/presence.js';
import { fileVault } from '../../main/gate/presence/vault.js';
import { dataFiles } from '../../main/gate/state/data-dir.js';

export interface TestAuthenticator {
  /** Give this to the gateway (startTestGateway's `withPresence`). */
  presence: Presence;
  /** Sets up the authenticator (as `kraken-gate presence setup` would); returns its secret. */
  setup(): string;
  /** The code the person's app shows next: the clock moves on one step first, so it was never used. */
  code(): string;
  /** A code that is not the current one. */
  wrongCode(): string;
}

export function testAuthenticator(dataDir: string): TestAuthenticator {
  let now = Date.now();
  const presence = new Presence(fileVault(dataFiles.presence(dataDir)), dataFiles.presenceAttempts(dataDir), () => now);
  let secret: string | undefined;
  const codeAt = (ms: number) => generateSync({ secret: secret ?? secretOf(dataDir), epoch: Math.floor(ms / 1000) });
  return {
    presence,
    setup() {
      const result = presence.setup({ present: false }, 'test');
      if (!result.ok) throw new Error(result.message);
      secret = result.secret;
      return result.secret;
    },
    code() {
      now += 30_000;
      return codeAt(now);
    },
    wrongCode() {
      const right = codeAt(now);
      return right === '000000' ? '111111' : '000000';
    },
  };
}

/** The TOTP secret in a data dir's presence.json (what an agent with the person's file access reads). */
export function secretOf(dataDir: string): string {
  return (fileVault(join(dataDir, 'presence.json')).load()?.totp?.secret ?? '') as string;
}

/** The current code for a data dir's authenticator, on the real clock (for a gateway in its own process). */
export function codeNow(dataDir: string, offsetSteps = 0): string {
  return generateSync({ secret: secretOf(dataDir), epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
}
