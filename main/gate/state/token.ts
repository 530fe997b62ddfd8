import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic-file.js';

const MIN_TOKEN_LENGTH = 32;

/**
 * Reads a secret token file, creating it on first run (mode 0600, 32 random bytes). The agent's
 * gateway token and the control token are separate files so that an agent holding its own
 * token can never reach the approval channel.
 */
export function loadOrCreateToken(path: string): string {
  let existing: string | undefined;
  try {
    existing = readFileSync(path, 'utf8').trim();
    if (existing.length >= MIN_TOKEN_LENGTH) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(32).toString('base64url');
  if (existing !== undefined) {
    // Too short to be one of ours (empty after a crash mid-write, or cut by hand): an empty token
    // would let every request in, so it is replaced, never used.
    writeFileAtomic(path, `${token}\n`, 0o600);
    return token;
  }
  // 'wx' fails if another process created it meanwhile; then that one's token is the token.
  try {
    writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
    return token;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(path, 'utf8').trim();
    throw error;
  }
}

export function readToken(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
