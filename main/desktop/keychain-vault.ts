// The desktop app's presence vault: the authenticator's secret and the seal key, encrypted with
// Electron safeStorage (on macOS only the signed app can read the Keychain item that protects it).
// Without a usable keychain, the data dir's presence.json stands in, as for the headless gateway;
// docs/security.md says what each protects against.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../gate/state/atomic-file.js';
import { dataFiles } from '../gate/state/data-dir.js';
import { fileVault, PRESENCE_VAULT_FILE, VaultDataSchema, VaultUnreadable, type PresenceVault } from '../gate/presence/vault.js';
import type { SafeStorageShell } from './shell.js';

export function keychainVault(dataDir: string, storage: SafeStorageShell): PresenceVault {
  // Chromium's fallback on a Linux desktop without a secret service is a key hard-coded in Chromium:
  // no better than a file of the user's, so say so and use the file.
  if (!storage.isEncryptionAvailable() || storage.backend() === 'basic_text') return fileVault(dataFiles.presence(dataDir));
  const path = join(dataDir, PRESENCE_VAULT_FILE);
  return {
    where: 'the OS keychain',
    load() {
      let sealed: Buffer;
      try {
        sealed = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
      } catch (error) {
        // Not there (or the data dir itself is not a directory: the start says so in words later).
        if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return undefined;
        throw new VaultUnreadable(`cannot read ${path}: ${(error as Error).message}`);
      }
      try {
        return VaultDataSchema.parse(JSON.parse(storage.decryptString(sealed)));
      } catch {
        throw new VaultUnreadable(`${path} cannot be decrypted with this user's keychain`);
      }
    },
    save(data) {
      writeFileAtomic(path, `${storage.encryptString(JSON.stringify(VaultDataSchema.parse(data))).toString('base64')}\n`, 0o600);
    },
  };
}
