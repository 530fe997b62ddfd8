// The `kraken-gate` CLI against a running test gateway, which it finds through runtime.json and
// the control token in the data dir. Exit codes and stdout/stderr are checked on the real
// process; the multi-step flows run the same runCli in this process, since each spawn pays the
// tsx start-up (about half a second here).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../main/cli/run.js';
import { kg } from '../helpers/cli.js';
import { spawnServe } from '../helpers/serve-process.js';
import { nextPending, nextRecord, startTestGateway, textOf, type TestGateway } from '../helpers/gateway.js';

// PolicyLayer's own files, copied verbatim into test/fixtures/policylayer (see its README).
const POLICYLAYER = fileURLToPath(new URL('../fixtures/policylayer/', import.meta.url));
const REAL_ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.02, price: '1000', validate: false };

/** The same CLI in this process, its console output captured. */
async function kgInProcess(...args: string[]): Promise<{ code: number | undefined; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
  const error = vi.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));
  try {
    return { code: await runCli(args), stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

/** A loopback port nothing listens on any more. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('kraken-gate control commands', () => {
  let gw: TestGateway;
  let notRunning: string;
  let crashed: string;
  beforeAll(async () => {
    gw = await startTestGateway();
    notRunning = mkdtempSync(join(tmpdir(), 'kraken-gate-cli-'));
    // A gateway that crashed: its runtime.json names a port nothing listens on any more.
    crashed = mkdtempSync(join(tmpdir(), 'kraken-gate-cli-'));
    const port = await closedPort();
    writeFileSync(join(crashed, 'runtime.json'), JSON.stringify({ pid: 999_999, port, url: `http://127.0.0.1:${port}/mcp` }));
    writeFileSync(join(crashed, 'control-token'), `${'x'.repeat(43)}\n`);
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(notRunning, { recursive: true, force: true });
    rmSync(crashed, { recursive: true, force: true });
  });

  it('status --json reports pause, pending, upstream and endpoint; without a gateway, status exits non-zero and says why', async () => {
    const [status, never, gone] = await Promise.all([
      kg('status', '--json', '--data-dir', gw.dataDir),
      kg('status', '--data-dir', notRunning),
      kg('status', '--data-dir', crashed),
    ]);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual({
      paused: false,
      pending: 0,
      upstream: expect.objectContaining({ state: 'ready', tools: 17 }),
      endpoint: gw.url,
      approvalTimeoutSeconds: 120,
      changedTools: [],
      presence: { required: false, why: 'Paper exchange: no real money can move', mode: 'auto', configured: false },
      staged: {},
      refusedAttempts: [],
      phone: { state: 'off' },
    });

    expect(never.code).not.toBe(0);
    expect(never.stdout).toBe('');
    expect(never.stderr).toMatch(/Kraken Gate is not running/);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toMatch(/Kraken Gate is not running: it stopped without cleaning up \(pid 999999 is gone, nothing answers on 127\.0\.0\.1:\d+\)\. Start it with `kraken-gate serve`/);
  });

  it('pending --json lists a held call; approve ID lets it through; approving it again, or an unknown id, exits 1', async () => {
    const client = await gw.connect();
    const held = nextPending(gw.gate);
    const call = client.callTool({ name: 'add_order', arguments: REAL_ORDER });
    const { id } = await held;

    const listed = await kgInProcess('pending', '--json', '--data-dir', gw.dataDir);
    expect(listed.code).toBe(0);
    const pending = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
    expect(pending).toEqual([
      expect.objectContaining({
        id,
        tool: 'add_order',
        arguments: REAL_ORDER,
        summary: expect.objectContaining({ headline: expect.stringMatching(/Buy 0\.02 XBT/i), readable: true }),
        createdAt: expect.any(String),
        expiresAt: expect.any(String),
      }),
    ]);
    expect(Date.parse(pending[0]!.expiresAt as string) - Date.parse(pending[0]!.createdAt as string)).toBe(120_000);

    const recorded = nextRecord(gw.gate, (r) => r.tool === 'add_order');
    const approved = await kg('approve', id, '--data-dir', gw.dataDir);
    expect(approved).toMatchObject({ code: 0, stdout: `${id}: approved.\n` });
    const result = await call;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ descr: { order: 'buy 0.02000000 XBTUSD @ limit 1000.0' }, txid: [expect.any(String)] });
    expect(await recorded).toMatchObject({ decision: 'approved', decidedBy: 'cli' });

    const [again, unknown] = await Promise.all([kg('approve', id, '--data-dir', gw.dataDir), kg('approve', 'no-such-call', '--data-dir', gw.dataDir)]);
    expect(again.code).toBe(1);
    // Who was first, and when: not a bare "no call waiting".
    expect(again.stderr).toMatch(new RegExp(`^kraken-gate: ${id} was already decided: approved from the CLI at \\d\\d:\\d\\d:\\d\\d\\.\\n$`));
    expect(unknown.code).toBe(1);
    expect(unknown.stdout + unknown.stderr).toMatch(/No call with id no-such-call is waiting for approval/);
  });

  it('deny ID --reason TEXT refuses the call, and the agent reads the reason', async () => {
    const client = await gw.connect();
    const held = nextPending(gw.gate);
    const call = client.callTool({ name: 'add_order', arguments: REAL_ORDER });
    const { id } = await held;

    const recorded = nextRecord(gw.gate, (r) => r.tool === 'add_order');
    const denied = await kgInProcess('deny', id, '--reason', 'too far from the market', '--data-dir', gw.dataDir);
    expect(denied).toMatchObject({ code: 0, stdout: `${id}: rejected.` });
    const result = await call;
    expect(result.isError).toBe(true);
    expect(textOf(result as never)).toBe('Denied by the user: too far from the market');
    expect(await recorded).toMatchObject({ decision: 'rejected', decidedBy: 'cli' });
  });

  it('pause and resume switch the financial tools off and on', async () => {
    const client = await gw.connect();
    const dryRun = { ...REAL_ORDER, validate: true };
    const paused = await kgInProcess('pause', '--data-dir', gw.dataDir);
    expect(paused).toMatchObject({ code: 0, stdout: 'Financial tools are PAUSED: new orders and amendments are refused; cancelling orders still works.' });
    expect(await kgInProcess('pause', '--data-dir', gw.dataDir)).toMatchObject({ code: 0, stdout: 'Financial tools are already paused.' });
    expect(gw.gate.status().paused).toBe(true);
    expect(textOf((await client.callTool({ name: 'add_order', arguments: dryRun })) as never)).toBe('Financial tools are paused');
    expect(JSON.parse((await kgInProcess('status', '--json', '--data-dir', gw.dataDir)).stdout)).toMatchObject({ paused: true });

    const resumed = await kgInProcess('resume', '--data-dir', gw.dataDir);
    expect(resumed).toMatchObject({ code: 0, stdout: 'Financial tools are active again.' });
    expect(await kgInProcess('resume', '--data-dir', gw.dataDir)).toMatchObject({ code: 0, stdout: 'Financial tools are already active (not paused).' });
    expect(gw.gate.status().paused).toBe(false);
    expect((await client.callTool({ name: 'add_order', arguments: dryRun })).isError).toBeFalsy();
  });
});

describe('kraken-gate policy check', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kraken-gate-cli-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("exits 0 for PolicyLayer's files as they are, and 1 for a bad file, with errors that name the path in the policy", async () => {
    const bad = join(dir, 'policy.json');
    writeFileSync(
      bad,
      JSON.stringify({
        version: '1',
        tools: { add_order: { deny_if: [{ conditions: [{ path: 'args.pair', op: 'startswith', value: 'X' }] }], limits: [{ max: 5, window: 'fortnight' }] } },
      }),
    );
    const files = ['seed-add-order.json', 'allow-market-data.json', 'intercept-style.json'].map((name) => join(POLICYLAYER, name));
    const badRun = kg('policy', 'check', bad);
    for (const file of files) {
      const run = await kgInProcess('policy', 'check', file);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^${file}: OK \\(default deny, `));
    }

    const { code, stderr } = await badRun;
    expect(code).toBe(1);
    expect(stderr).toContain(`${bad}: 2 errors`);
    expect(stderr).toMatch(/tools\.add_order\.deny_if\[0\]\.conditions\[0\]\.op: .*"startswith"/);
    expect(stderr).toMatch(/tools\.add_order\.limits\[0\]\.window: .*"fortnight"/);
  });
});

describe('kraken-gate serve options', () => {
  it('refuses a malformed --approval-timeout before starting anything', async () => {
    const run = await kg('serve', '--approval-timeout', 'soon', '--port', '0', '--data-dir', mkdtempSync(join(tmpdir(), 'kg-flag-')));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--approval-timeout must be a positive number, not "soon".');
  });

  it('denies a held call after the --approval-timeout it was given', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kg-timeout-'));
    const serve = await spawnServe(dataDir, ['--approval-timeout', '0.5']);
    try {
      const client = await serve.connect();
      const result = await client.callTool({ name: 'cancel_order', arguments: { txid_or_userref: 'OABCDE-FGHIJ-KLMNOP' } });
      expect(result.isError).toBe(true);
      expect(textOf(result as never)).toBe('Approval timed out after 0.5 s');
      await client.close();
    } finally {
      serve.child.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
