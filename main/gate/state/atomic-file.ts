import { closeSync, fsyncSync, openSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import writeFileAtomicLib from 'write-file-atomic';

/**
 * Replaces a file so that after a crash it holds either the old or the new content, never a mix.
 * write-file-atomic writes a uniquely named sibling, fsyncs it and renames it over (and removes
 * the sibling if the process dies first); the directory is then fsynced here, which the library
 * does not do, so the rename itself survives a power cut. A symlinked path replaces its target.
 */
export function writeFileAtomic(path: string, content: string, mode = 0o600): void {
  writeFileAtomicLib.sync(path, content, { mode, fsync: true });
  if (process.platform === 'win32') return; // a directory cannot be opened there; NTFS journals the rename
  const dir = openSync(dirname(realpathSync(path)), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
