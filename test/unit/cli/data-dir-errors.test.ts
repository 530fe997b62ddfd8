// Node's file-system errors on the data dir, put into words with what to do.
import { describe, expect, it } from 'vitest';
import { describeDataDirError } from '../../../main/cli/data-dir-errors.js';

const errno = (code: string, syscall: string, path: string) => Object.assign(new Error(`${code}: x, ${syscall} '${path}'`), { code, syscall, path });

describe('describeDataDirError', () => {
  it('explains a call log it may not read, and a file it may not open', () => {
    expect(describeDataDirError(errno('EACCES', 'scandir', '/srv/kg/calls'), '/srv/kg')).toBe(
      'cannot use the data dir /srv/kg: you may not read /srv/kg/calls.\n' +
        '  Use a directory you own (--data-dir DIR, or KRAKEN_GATE_DATA_DIR=DIR), or make this one yours: sudo install -d -o "$(id -un)" -m 700 /srv/kg.',
    );
    expect(describeDataDirError(errno('EACCES', 'open', '/srv/kg/policy.json'), '/srv/kg')).toMatch(/: you may not open \/srv\/kg\/policy\.json\.\n/);
  });

  it('a read-only or full disk', () => {
    expect(describeDataDirError(errno('EROFS', 'open', '/mnt/ro/kg/pause.json'), '/mnt/ro/kg')).toBe(
      'cannot use the data dir /mnt/ro/kg: /mnt/ro/kg/pause.json is on a read-only file system.\n  Use a directory you own (--data-dir DIR, or KRAKEN_GATE_DATA_DIR=DIR).',
    );
    expect(describeDataDirError(errno('ENOSPC', 'write', '/srv/kg/calls/calls-2026-11-25.jsonl'), '/srv/kg')).toMatch(/: the disk is full\.\n {2}Free some space on that disk/);
  });

  it('a file where the data dir should be', () => {
    expect(describeDataDirError(errno('EEXIST', 'mkdir', '/srv/kg'), '/srv/kg')).toBe(
      'cannot use the data dir /srv/kg: /srv/kg is a file, not a directory.\n  Use a directory you own (--data-dir DIR, or KRAKEN_GATE_DATA_DIR=DIR).',
    );
    expect(describeDataDirError(errno('EEXIST', 'link', '/srv/kg/kraken-gate.lock'), '/srv/kg')).toBeUndefined();
  });

  it('leaves alone errors that are not about the data dir, and errors that are not file-system ones', () => {
    expect(describeDataDirError(errno('EACCES', 'open', '/home/me/.cursor/mcp.json'), '/srv/kg')).toBeUndefined();
    expect(describeDataDirError(errno('ENOENT', 'open', '/srv/kg/runtime.json'), '/srv/kg')).toBeUndefined();
    expect(describeDataDirError(new Error('boom'), '/srv/kg')).toBeUndefined();
    expect(describeDataDirError(undefined, '/srv/kg')).toBeUndefined();
  });
});
