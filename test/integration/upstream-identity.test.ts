// Issue 24, item 3: `kraken-gate serve -- ~/kraken-mcp/.venv/bin/python ~/kraken-mcp/kraken-server.py`
// is named "Kraken (live)", as the README promises, because the upstream answers initialize and
// tools/list as kraken-mcp does (a stand-in that replays the real captures), not because of its
// command line. Anything else behind `--` stays "Custom upstream", and nothing an upstream says of
// itself makes it the paper exchange: presence stays required.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperCommand } from '../../main/paper/command.js';
import { kgInProcess } from '../helpers/cli-in-process.js';
import { spawnServe, type ServeProcess } from '../helpers/serve-process.js';
import { startTestGateway } from '../helpers/gateway.js';

const standIn = fileURLToPath(new URL('../fixtures/kraken-mcp-upstream.ts', import.meta.url));
const krakenMcp = (...levers: string[]) => ({ command: process.execPath, args: ['--import', 'tsx', standIn, ...levers] });
const SLOW = { timeout: 60_000 };

describe('an upstream is named for what it answers, never made paper by it', SLOW, () => {
  it.each([
    ['another server name', ['--name', 'Kraken Pro MCP (fork)']],
    ['a tool missing', ['--without', 'ticker']],
    ['a tool taking another argument', ['--extra-arg', 'leverage']],
  ])('kraken-mcp with %s is a custom upstream, treated as real', async (_what, levers) => {
    const gw = await startTestGateway({ upstream: krakenMcp(...levers) });
    try {
      expect(gw.gate.status().upstream).toMatchObject({ state: 'ready', exchange: 'unknown' });
      expect(gw.gate.requirement()).toEqual({ required: true, why: 'Custom upstream: treat its orders as real' });
    } finally {
      await gw.close();
    }
  });

  it('the built-in paper exchange run as a command says it is kraken-mcp: named Kraken (live), never paper', async () => {
    const gw = await startTestGateway({ upstream: paperCommand() });
    try {
      expect(gw.gate.status().upstream.exchange).toBe('kraken');
      expect(gw.gate.requirement().required).toBe(true);
    } finally {
      await gw.close();
    }
  });

  it('a setting that says paper stays paper whatever the upstream answers', async () => {
    const gw = await startTestGateway({ upstream: krakenMcp(), exchange: 'paper' });
    try {
      expect(gw.gate.status().upstream.exchange).toBe('paper');
    } finally {
      await gw.close();
    }
  });
});

describe('kraken-gate serve -- <kraken-mcp>: the README\'s command', SLOW, () => {
  let dataDir: string;
  let serve: ServeProcess;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-identity-'));
    serve = await spawnServe(dataDir, ['--', ...[krakenMcp().command, ...krakenMcp().args]]);
  });
  afterAll(async () => {
    serve?.child.kill('SIGTERM');
    await new Promise((resolve) => serve?.child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('`kraken-gate status` says Kraken (live): real money, and that presence is required for it', async () => {
    const status = await kgInProcess('status', '--data-dir', dataDir);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('exchange:  Kraken (live): real money');
    expect(status.stdout).toContain('presence:  required for approvals, resume and looser rules (Kraken (live): real money)');
    expect(status.stdout).not.toContain('Custom upstream');
  });
});
