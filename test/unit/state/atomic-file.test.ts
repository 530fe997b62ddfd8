import { mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../main/gate/state/atomic-file.js';

describe('writeFileAtomic', () => {
  it('creates and replaces a file owner-only, leaving no temporary sibling behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kraken-gate-atomic-'));
    const path = join(dir, 'pause.json');
    writeFileAtomic(path, '{"paused":true}\n');
    writeFileSync(join(dir, 'other'), 'x');
    writeFileAtomic(path, '{"paused":false}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"paused":false}\n');
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['other', 'pause.json']);
  });

  it('replaces the target of a symlink, not the link (a dotfile managed elsewhere stays linked)', () => {
    if (process.platform === 'win32') return;
    const dir = mkdtempSync(join(tmpdir(), 'kraken-gate-atomic-'));
    writeFileSync(join(dir, 'real.json'), '{}');
    symlinkSync(join(dir, 'real.json'), join(dir, 'link.json'));
    writeFileAtomic(join(dir, 'link.json'), '{"a":1}', 0o644);
    expect(readFileSync(join(dir, 'real.json'), 'utf8')).toBe('{"a":1}');
    expect(statSync(join(dir, 'real.json')).mode & 0o777).toBe(0o644);
  });
});
