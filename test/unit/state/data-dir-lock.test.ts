import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, isAlive, lockDataDir } from '../../../main/gate/state/data-dir-lock.js';

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid!;
}

describe('lockDataDir', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kraken-gate-lock-unit-'));
    path = join(dir, 'kraken-gate.lock');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is held by one owner at a time; the refusal names the live owner', () => {
    const lock = lockDataDir(path, (owner) => `held by ${owner.pid}`);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid, nonce: lock.nonce });
    let refusal: unknown;
    try {
      lockDataDir(path, (owner) => `held by ${owner.pid}`);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DataDirLockedError);
    expect((refusal as DataDirLockedError).message).toBe(`held by ${process.pid}`);
    lock.release();
    expect(existsSync(path)).toBe(false);
    // Nothing but the lock was ever left in the directory (no temporary files).
    lockDataDir(path, () => '').release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes over a lock whose process is gone, and one that cannot be read', async () => {
    const pid = await deadPid();
    expect(isAlive(pid)).toBe(false);
    writeFileSync(path, JSON.stringify({ pid, nonce: 'crashed' }));
    const first = lockDataDir(path, () => 'refused');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid, nonce: first.nonce });
    first.release();

    writeFileSync(path, 'not json');
    const second = lockDataDir(path, () => 'refused');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ nonce: second.nonce });
    second.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('release() leaves a lock that is no longer its own', () => {
    const lock = lockDataDir(path, () => 'refused');
    const other = JSON.stringify({ pid: process.pid, nonce: 'another-owner' });
    writeFileSync(path, other);
    lock.release();
    expect(readFileSync(path, 'utf8')).toBe(other);
  });
});
