// The desktop app's KeyStore: the Kraken API key and secret encrypted with Electron safeStorage
// (macOS Keychain, Windows DPAPI, libsecret/KWallet on Linux) in a file in the data dir. They are
// read only to build the upstream's environment; no surface can read them back.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../gate/state/atomic-file.js';
import { KEY_ENV, type ApiKeys, type KeyStore } from '../gate/state/keys.js';
import type { KeysStatus } from '../../preload/api.js';
import type { SafeStorageShell } from './shell.js';

export const KEYS_FILE = 'api-keys.enc';

const StoredKeysSchema = z.object({ apiKey: z.string().min(1), apiSecret: z.string().min(1) }).strict();

export interface KeychainKeyStoreOptions {
  dataDir: string;
  storage: SafeStorageShell;
  /** The environment the app was started with: its KRAKEN_API_KEY/SECRET count when nothing is stored. */
  env?: NodeJS.ProcessEnv;
  /** Called after the keys changed: restart the upstream with them. */
  onChange(): Promise<void>;
}

export class KeychainKeyStore implements KeyStore {
  private readonly file: string;

  constructor(private readonly options: KeychainKeyStoreOptions) {
    this.file = join(options.dataDir, KEYS_FILE);
  }

  /** Why keys cannot be stored here, or undefined when they can. */
  private cannotStore(): string | undefined {
    const { storage } = this.options;
    if (!storage.isEncryptionAvailable()) return 'The OS keychain is not available, so Kraken Gate cannot store the keys encrypted.';
    // Chromium's fallback on a Linux desktop without a secret service: a key hard-coded in Chromium.
    if (storage.backend() === 'basic_text') {
      return 'No secret service (GNOME Keyring, KWallet) is running, so the keys could only be stored with a hard-coded key; Kraken Gate refuses that.';
    }
    return undefined;
  }

  status(): KeysStatus {
    const canSet = this.cannotStore() === undefined;
    if (existsSync(this.file)) return { hasKeys: true, source: 'keychain', canSet };
    const env = this.options.env ?? {};
    if (env[KEY_ENV.apiKey] && env[KEY_ENV.apiSecret]) return { hasKeys: true, source: 'environment', canSet };
    return { hasKeys: false, source: 'none', canSet };
  }

  /** The stored keys as the upstream's environment, or nothing (none stored, or unreadable). */
  upstreamEnv(): Record<string, string> {
    const keys = this.load();
    return keys ? { [KEY_ENV.apiKey]: keys.apiKey, [KEY_ENV.apiSecret]: keys.apiSecret } : {};
  }

  async set(keys: ApiKeys): Promise<{ ok: boolean; message: string }> {
    const why = this.cannotStore();
    if (why) return { ok: false, message: `${why} Set KRAKEN_API_KEY and KRAKEN_API_SECRET in the environment Kraken Gate starts with instead.` };
    const sealed = this.options.storage.encryptString(JSON.stringify(StoredKeysSchema.parse(keys)));
    writeFileAtomic(this.file, `${sealed.toString('base64')}\n`, 0o600);
    await this.options.onChange();
    return { ok: true, message: 'API keys stored encrypted in the OS keychain; the upstream was restarted with them.' };
  }

  async clear(): Promise<{ ok: boolean; message: string }> {
    if (!existsSync(this.file)) return { ok: true, message: 'No API keys were stored.' };
    rmSync(this.file, { force: true });
    await this.options.onChange();
    return { ok: true, message: 'API keys removed; the upstream was restarted without them.' };
  }

  private load(): ApiKeys | undefined {
    let sealed: Buffer;
    try {
      sealed = Buffer.from(readFileSync(this.file, 'utf8').trim(), 'base64');
    } catch {
      return undefined;
    }
    try {
      return StoredKeysSchema.parse(JSON.parse(this.options.storage.decryptString(sealed)));
    } catch {
      // Another user's or another machine's keychain: unusable here; set them again.
      return undefined;
    }
  }
}
