// The desktop app's presence vault: the authenticator's secret and the seal key, encrypted with
// Electron safeStorage (on macOS only the signed app can read the Keychain item that protects it).
// Without a usable keychain, the data dir's presence.json stands in, as for the headless gateway;
// docs/security.md says what each protects against.
import { join } from 'node:path';
import { dataFiles } from '../gate/state/data-dir.js';
import { encodedFileVault, fileVault, PRESENCE_VAULT_FILE, type PresenceVault } from '../gate/presence/vault.js';
import type { SafeStorageShell } from './shell.js';

export function keychainVault(dataDir: string, storage: SafeStorageShell): PresenceVault {
  // Chromium's fallback on a Linux desktop without a secret service is a key hard-coded in Chromium:
  // no better than a file of the user's, so say so and use the file.
  if (!storage.isEncryptionAvailable() || storage.backend() === 'basic_text') return fileVault(dataFiles.presence(dataDir));
  return encodedFileVault(join(dataDir, PRESENCE_VAULT_FILE), 'the OS keychain', {
    encode: (json) => storage.encryptString(json).toString('base64'),
    decode: (text) => storage.decryptString(Buffer.from(text, 'base64')),
    unreadable: "cannot be decrypted with this user's keychain",
  });
}
