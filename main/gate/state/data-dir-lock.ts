import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

// One Kraken Gate per data dir: two would share the call log, the pause and the daily notional,
// recover each other's in-flight calls as crashed, and remove each other's runtime.json. The lock
// is a file created exclusively (hard link, or O_EXCL) holding the owner's pid. A lock whose pid is gone (kill -9, a
// crash, a reboot) is taken over at once. An mtime-refreshed lock (proper-lockfile) was the other
// candidate: it cannot say which pid holds it, and after a crash every restart would have to wait
// out its staleness period; an OS lock (flock/LockFileEx) needs a native addon.

const LockSchema = z.object({ pid: z.number().int().positive(), nonce: z.string().min(1), startedAt: z.string().optional() });
export type LockOwner = z.infer<typeof LockSchema>;

/** Another live process holds the data dir. */
export class DataDirLockedError extends Error {
  constructor(
    readonly owner: LockOwner,
    readonly lockPath: string,
    message: string,
  ) {
    super(message);
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  /** Written into the lock and runtime.json: what this process owns carries it. */
  readonly nonce: string;
  /** Removes the lock file if it is still ours. */
  release(): void;
}

/**
 * Takes the lock at `path`, or throws DataDirLockedError naming the live owner. `describe` words
 * the error from the owner (e.g. with the port from runtime.json).
 */
export function lockDataDir(path: string, describe: (owner: LockOwner) => string): DataDirLock {
  const mine: LockOwner = { pid: process.pid, nonce: randomBytes(16).toString('hex'), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 20; attempt++) {
    if (create(path, mine)) return { nonce: mine.nonce, release: () => removeIfOwned(path, mine.nonce) };
    const owner = readOwner(path);
    if (owner === 'gone') continue; // released meanwhile: try again
    if (owner !== 'unreadable' && isAlive(owner.pid)) throw new DataDirLockedError(owner, path, describe(owner));
    // Stale (its process is gone) or unreadable (a crash between create and write, a hand edit).
    takeOver(path, owner === 'unreadable' ? undefined : owner.nonce);
  }
  throw new Error(`Could not take the lock ${path}: it keeps changing. Is another Kraken Gate starting?`);
}

/**
 * Creates the lock complete or not at all: written under a name of our own, then hard-linked to
 * `path` (which fails if it exists), so no one ever reads a lock half written. Filesystems without
 * hard links get an O_EXCL create instead.
 */
function create(path: string, owner: LockOwner): boolean {
  const text = `${JSON.stringify(owner)}\n`;
  const temp = `${path}.${owner.nonce}.new`;
  writeFileSync(temp, text, { mode: 0o600 });
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
  } finally {
    unlinkSync(temp);
  }
  try {
    writeFileSync(path, text, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Whether a process with this pid exists (ours or another user's). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): LockOwner | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  try {
    const parsed = LockSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/**
 * Removes a stale lock, and only that one: two processes may find the same stale lock at once, and
 * the slower must not delete the lock the faster has just created. The lock is moved aside under a
 * name of our own (one rename wins), then checked; if what moved was a fresh lock, it is put back.
 */
function takeOver(path: string, staleNonce: string | undefined): void {
  const aside = `${path}.${randomBytes(6).toString('hex')}.stale`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readOwner(aside);
  const movedNonce = typeof moved === 'object' ? moved.nonce : undefined;
  if (movedNonce !== staleNonce) {
    // Someone else's live lock: back where it was (link fails rather than overwrite a newer one).
    try {
      linkSync(aside, path);
    } catch {
      // A third process holds the path now; it has the lock.
    }
  }
  unlinkSync(aside);
}

function removeIfOwned(path: string, nonce: string): void {
  const owner = readOwner(path);
  if (typeof owner === 'object' && owner.nonce === nonce) unlinkSync(path);
}
