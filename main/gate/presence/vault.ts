// Where the presence secrets live: the authenticator's TOTP secret and the key that seals what a
// person confirmed (seal.ts). The desktop app keeps them in the OS keychain (main/desktop); the
// headless gateway in presence.json in its data dir, which keeps an agent out only when the gateway
// runs as its own OS user (docs/running-as-a-service.md).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../state/atomic-file.js';

export const VaultDataSchema = z
  .object({
    version: z.literal(1),
    /** 32 random bytes, base64: the HMAC key of the confirmed state. */
    sealKey: z.string().min(40),
    totp: z.object({ secret: z.string().min(16), createdAt: z.string() }).optional(),
    /**
     * A confirmed state was sealed with this key once: from then on a missing record means it was
     * removed, not that none was made yet (an authenticator set up before the first start).
     */
    sealed: z.boolean().optional(),
  })
  .strict();
export type VaultData = z.infer<typeof VaultDataSchema>;

export interface PresenceVault {
  /** Where the secrets are, in words, for messages and the threat model: "the OS keychain". */
  readonly where: string;
  /** undefined when nothing is stored yet; throws when something is stored but cannot be read. */
  load(): VaultData | undefined;
  save(data: VaultData): void;
}

/** The desktop app's vault in the data dir, encrypted with the OS keychain (main/desktop/keychain-vault.ts). */
export const PRESENCE_VAULT_FILE = 'presence.enc';

export function newVaultData(): VaultData {
  return { version: 1, sealKey: randomBytes(32).toString('base64') };
}

export class VaultUnreadable extends Error {}

/** presence.json in the data dir, mode 0600, replaced atomically. */
export function fileVault(path: string): PresenceVault {
  return {
    where: path,
    load() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        // Not there (or the data dir itself is not a directory: the start says so in words later).
        if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return undefined;
        throw new VaultUnreadable(`cannot read ${path}: ${(error as Error).message}`);
      }
      const parsed = VaultDataSchema.safeParse(safeJson(text));
      if (!parsed.success) throw new VaultUnreadable(`${path} is not a Kraken Gate presence file`);
      return parsed.data;
    },
    save(data) {
      writeFileAtomic(path, `${JSON.stringify(VaultDataSchema.parse(data))}\n`, 0o600);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
