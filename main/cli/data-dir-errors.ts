import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

const CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'ENOSPC', 'EISDIR', 'EEXIST']);

/**
 * A file-system error on the data dir (or a directory above it, while creating it), in words: what
 * is wrong and what to do, in place of Node's `EACCES: permission denied, mkdir '…'`. Undefined
 * for anything else, which is then reported as it is.
 */
export function describeDataDirError(error: unknown, dataDir: string): string | undefined {
  const e = error as NodeJS.ErrnoException | undefined;
  if (!e || typeof e.code !== 'string' || !CODES.has(e.code) || typeof e.path !== 'string') return undefined;
  // EEXIST means something here only from mkdir: a file where the data dir should be.
  if (e.code === 'EEXIST' && e.syscall !== 'mkdir') return undefined;
  const dir = resolve(dataDir);
  const path = resolve(e.path);
  if (!within(path, dir) && !within(dir, path)) return undefined;
  const permission = e.code === 'EACCES' || e.code === 'EPERM';
  const makeYours = existsSync(dir) ? `sudo chown -R "$(id -un)" ${quote(dir)}` : `sudo install -d -o "$(id -un)" -m 700 ${quote(dir)}`;
  const todo =
    e.code === 'ENOSPC'
      ? 'Free some space on that disk, or use a data dir on another one (--data-dir DIR, or KRAKEN_GATE_DATA_DIR=DIR).'
      : `Use a directory you own (--data-dir DIR, or KRAKEN_GATE_DATA_DIR=DIR)${permission ? `, or make this one yours: ${makeYours}` : ''}.`;
  return `cannot use the data dir ${dir}: ${whatIsWrong(e.code, e.syscall, path)}.\n  ${todo}`;
}

function whatIsWrong(code: string, syscall: string | undefined, path: string): string {
  switch (code) {
    case 'EACCES':
      // A recursive mkdir names the path it was asked for; the directory that refused is the
      // nearest one that exists.
      if (syscall === 'mkdir') return `you may not create directories in ${nearestExisting(path)}`;
      return `you may not ${syscall === 'scandir' || syscall === 'read' ? 'read' : syscall === 'open' ? 'open' : 'write to'} ${path}`;
    case 'EPERM':
      return syscall === 'chmod'
        ? `${path} belongs to another user, so it cannot be made private to you (it holds your tokens)`
        : `the system does not allow ${syscall ?? 'this'} on ${path}`;
    case 'EROFS':
      return `${path} is on a read-only file system`;
    case 'ENOTDIR':
      return `${nearestExisting(path)} is a file, not a directory`;
    case 'EEXIST':
      return `${path} is a file, not a directory`;
    case 'EISDIR':
      return `${path} is a directory where Kraken Gate keeps a file`;
    default:
      return 'the disk is full';
  }
}

function nearestExisting(path: string): string {
  let p = path;
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

/** `inner` is `outer` or inside it. */
function within(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function quote(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : `"${path.replace(/(["\\$`])/g, '\\$1')}"`;
}
