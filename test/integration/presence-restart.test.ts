// What a person confirmed survives a kill -9 and a restart: an agent that edits policy.json or
// pause.json and then restarts the gateway gets nothing more through. `kraken-gate serve` runs as
// its own process in front of a custom upstream (the paper exchange under another name: a real
// exchange as far as the gate can tell), and the agent is a script with the person's file access.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Status } from '../../preload/api.js';
import { paperCommand } from '../../main/paper/command.js';
import { kgInProcess } from '../helpers/cli-in-process.js';
import { codeNow } from '../helpers/presence.js';
import { spawnServe, type ServeProcess } from '../helpers/serve-process.js';

const REAL_ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.01, price: '1000', validate: false };

describe('presence across kill -9 and restart', { timeout: 120_000 }, () => {
  let dir: string;
  let serve: ServeProcess | undefined;
  const paper = paperCommand();
  const start = async () => (serve = await spawnServe(dir, ['--', paper.command, ...paper.args]));
  const kill = async () => {
    const child = serve!.child;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
    serve = undefined;
  };
  const status = async (): Promise<Status> => JSON.parse((await kgInProcess('status', '--json', '--data-dir', dir)).stdout) as Status;

  afterEach(async () => {
    if (serve) await kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a loosening edit stays staged through kill -9; a hand-edited pause.json does not lift a pause; a broken file keeps the confirmed rules', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kraken-gate-presence-restart-'));
    // Set up while no gateway runs: written to the data dir, under its lock.
    const setup = await kgInProcess('presence', 'setup', '--json', '--data-dir', dir);
    expect(setup.code, setup.stderr).toBe(0);
    expect(JSON.parse(setup.stdout)).toEqual({ otpauthUri: expect.stringMatching(/^otpauth:\/\/totp\/.+secret=/) });
    await start();
    expect((await status()).presence).toMatchObject({ required: true, configured: true });

    // The agent loosens the rules on disk.
    const policyPath = join(dir, 'policy.json');
    const confirmed = readFileSync(policyPath, 'utf8');
    const loose = JSON.parse(confirmed) as { tools: Record<string, unknown> };
    loose.tools.add_order = {};
    writeFileSync(policyPath, JSON.stringify(loose, null, 2));
    await vi.waitFor(async () => expect((await status()).staged.rules).toBeDefined(), { timeout: 10_000, interval: 100 });

    // …and restarts the gateway the hard way. The confirmed rules still decide.
    await kill();
    await start();
    const after = await status();
    expect(after.staged.rules?.loosenings).toEqual([expect.stringMatching(/^add_order: approve_if rule removed/)]);
    const agent = await serve!.connect('restarting-agent');
    const order = agent.callTool({ name: "add_order", arguments: REAL_ORDER });
    await vi.waitFor(async () => expect((await status()).pending).toBe(1), { timeout: 10_000, interval: 100 });
    const [held] = JSON.parse((await kgInProcess('pending', '--json', '--data-dir', dir)).stdout) as Array<{ id: string }>;
    expect((await kgInProcess('deny', held!.id, '--data-dir', dir)).code).toBe(0);
    expect((await order).isError).toBe(true);

    // The person pauses; the agent writes pause.json back to "not paused" and restarts: still paused.
    expect((await kgInProcess('pause', '--data-dir', dir)).code).toBe(0);
    await kill();
    writeFileSync(join(dir, 'pause.json'), '{"paused":false}\n');
    await start();
    expect((await status()).paused).toBe(true);

    // A broken policy.json at start: the confirmed rules run, and the status says the file was refused.
    writeFileSync(policyPath, '{ "version": "1", "tools": { "add_order": ');
    await kill();
    await start();
    const broken = await status();
    expect(broken.policyRefused?.errors.join(' ')).toMatch(/JSON|end of/i);
    expect(serve!.output()).toContain('upstream: ready');

    // With the person's code, the loosened file is applied and the pause lifted.
    writeFileSync(policyPath, JSON.stringify(loose, null, 2));
    await vi.waitFor(async () => expect((await status()).staged.rules).toBeDefined(), { timeout: 10_000, interval: 100 });
    const applied = await kgInProcess('rules', 'apply', '--code', codeNow(dir), '--data-dir', dir);
    expect(applied.code, applied.stderr).toBe(0);
    const resumed = await kgInProcess('resume', '--code', codeNow(dir, 1), '--data-dir', dir);
    expect(resumed.code, resumed.stderr).toBe(0);
    const done = await status();
    expect(done).toMatchObject({ paused: false, staged: {} });
  });
});
