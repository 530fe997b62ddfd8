import { chmodSync, constants, copyFileSync, mkdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { CLIENTS, type ClientSnippet } from '../clients/index.js';
import { mergeServerEntry } from '../clients/merge.js';
import { writeFileAtomic } from '../gate/state/atomic-file.js';

export interface WriteOutcome {
  /** The file as given (a symlink stays a symlink; its target is what changed). */
  file: string;
  created: boolean;
  changed: boolean;
  /** An older kraken-gate entry was replaced. */
  replaced: boolean;
  /** The copy of the file as it was, when there was one and it changed. */
  backup?: string;
  /** Permission bits of the file now (POSIX). */
  mode?: number;
}

/**
 * Merges the snippet's entry into a client's config file: backs the old file up to
 * `<file>.bak-<timestamp>` first, keeps its mode, writes atomically; a file it creates is 0600
 * (it may hold the token). A file it cannot parse is refused (ConfigFileError) and left as it is.
 */
export function writeClientConfig(file: string, snippet: ClientSnippet, now: Date = new Date()): WriteOutcome {
  const existing = readIfExists(file);
  const merged = mergeServerEntry(existing, snippet, { jsonc: CLIENTS[snippet.client].jsonc });
  if (!merged.changed) return { file, created: false, changed: false, replaced: false, mode: modeOf(file) };
  if (existing === undefined) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileAtomic(file, merged.text, 0o600);
    if (process.platform !== 'win32') chmodSync(file, 0o600);
    return { file, created: true, changed: true, replaced: false, mode: modeOf(file) };
  }
  const real = realpathSync(file);
  const mode = statSync(real).mode & 0o777;
  const backup = backupName(file, now);
  copyFileSync(real, backup, constants.COPYFILE_EXCL);
  writeFileAtomic(real, merged.text, mode);
  if (process.platform !== 'win32') chmodSync(real, mode);
  return { file, created: false, changed: true, replaced: merged.replaced, backup, mode: modeOf(file) };
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function modeOf(file: string): number | undefined {
  if (process.platform === 'win32') return undefined;
  try {
    return statSync(file).mode & 0o777;
  } catch {
    return undefined;
  }
}

/** `<file>.bak-20261125T132100Z`, with a counter if two writes land in the same second. */
function backupName(file: string, now: Date): string {
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  for (let n = 0; ; n++) {
    const candidate = `${file}.bak-${stamp}${n === 0 ? '' : `-${n}`}`;
    try {
      statSync(candidate);
    } catch {
      return candidate;
    }
  }
}
