// Where the presence secrets live: the authenticator's TOTP secret and the key that seals what a
// person confirmed (confirmed.ts). The desktop app keeps them in the OS keychain (main/desktop); the
// headless gateway in presence.json in its data dir, which keeps an agent out only when the gateway
// runs as its own OS user (docs/running-as-a-service.md).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../state/atomic-file.js';

/**
 * The phone channel (main/phone): the Telegram bot's token, a self-hosted Bot API server, and the
 * one Telegram account (and its private chat) obeyed. Kept with the presence secrets because a tap
 * from that account approves orders: whoever can change it could pair their own.
 */
export const PhoneVaultSchema = z
  .object({
    token: z.string().min(1).max(256),
    apiRoot: z.string().url().max(1024).optional(),
    paired: z.object({ userId: z.number().int(), chatId: z.number().int(), name: z.string().max(256), at: z.string() }).strict().optional(),
  })
  .strict();
export type PhoneVault = z.infer<typeof PhoneVaultSchema>;

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
    phone: PhoneVaultSchema.optional(),
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

/** How a vault's file holds the data: as it is, or encrypted (the desktop app's keychain). */
export interface VaultCodec {
  encode(json: string): string;
  decode(text: string): string;
  /** Why a file that is there cannot be read, after its path: "is not a Kraken Gate presence file". */
  unreadable: string;
}

const PLAIN: VaultCodec = { encode: (json) => json, decode: (text) => text, unreadable: 'is not a Kraken Gate presence file' };

/** A vault in one file of the data dir, mode 0600, replaced atomically. */
export function encodedFileVault(path: string, where: string, codec: VaultCodec): PresenceVault {
  return {
    where,
    load() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        // Not there (or the data dir itself is not a directory: the start says so in words later).
        if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return undefined;
        throw new VaultUnreadable(`cannot read ${path}: ${(error as Error).message}`);
      }
      try {
        return VaultDataSchema.parse(JSON.parse(codec.decode(text.trim())));
      } catch {
        throw new VaultUnreadable(`${path} ${codec.unreadable}`);
      }
    },
    save(data) {
      writeFileAtomic(path, `${codec.encode(JSON.stringify(VaultDataSchema.parse(data)))}\n`, 0o600);
    },
  };
}

/** presence.json in the data dir: the headless gateway's vault. */
export function fileVault(path: string): PresenceVault {
  return encodedFileVault(path, path, PLAIN);
}
