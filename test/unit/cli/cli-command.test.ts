// The command `serve` tells a person to run: `kraken-gate …` once it is on their PATH (npm link,
// a global install), `npx kraken-gate …` before that.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliIsOnPath, formatCliCommand, installedCliPath } from '../../../main/cli/cli-command.js';

describe.skipIf(process.platform === 'win32')('cliCommand', () => {
  let bin: string;
  let other: string;
  beforeAll(() => {
    bin = mkdtempSync(join(tmpdir(), 'kg-bin-'));
    other = mkdtempSync(join(tmpdir(), 'kg-other-'));
    // What `npm link` leaves: a symlink named kraken-gate to this install's built CLI.
    symlinkSync(installedCliPath(), join(bin, 'kraken-gate'));
    // Some other program of the same name.
    writeFileSync(join(other, 'kraken-gate'), '#!/bin/sh\n', { mode: 0o755 });
  });
  afterAll(() => {
    rmSync(bin, { recursive: true, force: true });
    rmSync(other, { recursive: true, force: true });
  });

  it('finds this install on the PATH through an npm link symlink, and only this one', () => {
    expect(installedCliPath()).toMatch(/dist[/\\]main[/\\]cli[/\\]index\.js$/);
    expect(cliIsOnPath({ PATH: ['/nonexistent', bin].join(':') })).toBe(true);
    expect(cliIsOnPath({ PATH: other })).toBe(false);
    expect(cliIsOnPath({ PATH: '' })).toBe(false);
    expect(cliIsOnPath({})).toBe(false);
  });

  it('prints the bare command when it is on the PATH, npx otherwise, with arguments quoted for a shell', () => {
    expect(formatCliCommand(true, ['approve', 'K7Q2M9XD'])).toBe('kraken-gate approve K7Q2M9XD');
    expect(formatCliCommand(false, ['approve', 'K7Q2M9XD'])).toBe('npx kraken-gate approve K7Q2M9XD');
    expect(formatCliCommand(false, ['log', '--text', 'stopped before'])).toBe('npx kraken-gate log --text "stopped before"');
  });
});
