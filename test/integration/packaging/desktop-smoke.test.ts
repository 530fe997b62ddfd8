// scripts/desktop-smoke.mjs is what CI runs against the real Electron (desktop-smoke.yml). Without
// an Electron binary here, its --headless mode runs the same steps against `kraken-gate serve`
// (all but the tray): the script itself is exercised, and it fails when a step does.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './checks.js';

function smoke(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'scripts', 'desktop-smoke.mjs'), ...args], { cwd: ROOT, env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the desktop smoke script', { timeout: 120_000 }, () => {
  it('--headless: starts the gateway, holds an order, approves it over the control API, bridges over stdio, quits cleanly', async () => {
    const { code, stdout, stderr } = await smoke(['--headless']);
    expect(stderr, stdout).not.toMatch(/FAILED/);
    expect(code).toBe(0);
    expect(stdout.match(/^✓ .+$/gm)?.map((line) => line.replace(/ \(\d+ ms\)$/, ''))).toEqual([
      '✓ the app starts and its gateway is ready',
      '✓ the agent sees the 17 tools',
      '✓ an order is held for approval',
      '✓ approving it through the control API places it, once',
      '✓ the stdio bridge (connect) lists the same tools',
      '✓ quitting (SIGTERM) with an order waiting refuses it and exits 0',
    ]);
    expect(stdout).toContain('desktop smoke: all steps passed (headless serve)');
  });

  it('fails, saying why, when the app does not come up', async () => {
    const missing = await smoke(['--app', join(ROOT, 'no-such-app')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/desktop smoke FAILED: the app could not be started: spawn .*no-such-app ENOENT/);
    // A program that starts and exits at once (Node itself, with nothing to run: its stdin is closed).
    const quitter = await smoke(['--app', process.execPath]);
    expect(quitter.code).toBe(1);
    expect(quitter.stderr).toMatch(/desktop smoke FAILED: the app exited \(code 0, signal null\) before printing \/upstream: ready\//);
  });
});
