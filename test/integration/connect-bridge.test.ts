// `kraken-gate connect`, the stdio bridge, spawned as a client spawns it, with the official SDK
// client on its stdio and the real gateway (and paper exchange) behind it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ToolListChangedNotificationSchema, type Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../main/gate/policy/default-policy.js';
import { startGateway, type RunningGateway } from '../../main/host/start-gateway.js';
import { paperCommand } from '../../main/paper/command.js';
import { callTool, nextEvent, nextPending, nextRecord, startTestGateway, textOf, type TestGateway } from '../helpers/gateway.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const REAL_ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.02, price: '1000', validate: false };
// The default policy, except that cancel_all_orders_after is not named: refused, not held.
const POLICY = { ...DEFAULT_POLICY, tools: Object.fromEntries(Object.entries(DEFAULT_POLICY.tools ?? {}).filter(([name]) => name !== 'cancel_all_orders_after')) };

function bridgeEnv(): Record<string, string> {
  const env = { ...process.env } as Record<string, string>;
  delete env.KRAKEN_GATE_DATA_DIR;
  return env;
}

interface Bridge {
  client: Client;
  stderr: () => string;
  /** Transport errors the client saw: anything but protocol on the bridge's stdout shows up here. */
  errors: Error[];
}

const bridges: Client[] = [];

async function startBridge(dataDir: string, name = 'claude-desktop'): Promise<Bridge> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', 'main/cli/index.ts', 'connect', '--data-dir', dataDir],
    cwd: REPO,
    env: bridgeEnv(),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const errors: Error[] = [];
  const client = new Client({ name, version: '0.9.0' });
  client.onerror = (error) => errors.push(error);
  await client.connect(transport);
  bridges.push(client);
  return { client, stderr: () => stderr, errors };
}

/** Runs the bridge with nothing on stdin and no gateway to find: its exit code and what it said. */
function runBridgeAlone(dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', 'connect', '--data-dir', dataDir], { cwd: REPO, env: bridgeEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

afterEach(async () => {
  await Promise.allSettled(bridges.splice(0).map((c) => c.close()));
});

describe('kraken-gate connect in front of a running gateway', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ policy: POLICY, progressIntervalMs: 50 });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("lists kraken-mcp's 17 tools and forwards a ticker call, with nothing but protocol on stdout", async () => {
    const bridge = await startBridge(gw.dataDir);
    const { tools } = await bridge.client.listTools();
    expect(tools).toHaveLength(17);
    expect(tools.map((t) => t.name)).toContain('add_order');
    const result = await callTool(bridge.client, 'ticker', { pairs: 'XBTUSD' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toHaveProperty('XXBTZUSD');
    expect(bridge.client.getServerVersion()?.name).toBe('Kraken Gate');
    expect(bridge.errors).toEqual([]);
    expect(bridge.stderr()).toMatch(/kraken-gate connect: forwarding to http:\/\/127\.0\.0\.1:\d+\/mcp/);
  });

  it("passes a policy denial through as the gateway's isError result, and logs the agent's name", async () => {
    const bridge = await startBridge(gw.dataDir, 'claude-desktop');
    const recorded = nextRecord(gw.gate, (r) => r.tool === 'cancel_all_orders_after');
    const result = await callTool(bridge.client, 'cancel_all_orders_after', { timeout_seconds: 60 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('cancel_all_orders_after is not allowed by the policy.');
    expect(await recorded).toMatchObject({ decision: 'denied', client: 'claude-desktop via connect' });
  });

  it('forwards the progress of a held call under the agent’s token, and the approved result', async () => {
    const bridge = await startBridge(gw.dataDir);
    const progress: Progress[] = [];
    let thirdProgress!: () => void;
    const threeReports = new Promise<void>((resolve) => (thirdProgress = resolve));
    const onprogress = (p: Progress): void => {
      if (progress.push(p) === 3) thirdProgress();
    };
    const held = nextPending(gw.gate, 'add_order');
    const call = callTool(bridge.client, 'add_order', REAL_ORDER, { onprogress, resetTimeoutOnProgress: true });
    const pending = await held;
    expect(pending.origin?.clientName).toBe('claude-desktop via connect');
    await threeReports;
    expect((await gw.control('approve', { id: pending.id, argsHash: pending.argsHash })).status).toBe(200);
    const result = await call;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ txid: [expect.any(String)] });
    expect(progress[0]).toMatchObject({ progress: expect.any(Number), message: expect.stringMatching(/Waiting for the user's approval/) });
  });

  it("withdraws the held call at the gateway when the agent cancels it", async () => {
    const bridge = await startBridge(gw.dataDir);
    const held = nextPending(gw.gate, 'add_order');
    const controller = new AbortController();
    const call = callTool(bridge.client, 'add_order', REAL_ORDER, { signal: controller.signal });
    const pending = await held;
    const decided = nextEvent(gw.gate.approvals.onDidDecide, (d) => d.approval.id === pending.id);
    controller.abort('changed my mind');
    await expect(call).rejects.toThrow();
    expect((await decided).outcome).toMatchObject({ decision: 'cancelled', by: 'client' });
  });
});

describe('kraken-gate connect in front of an upstream whose tools change', () => {
  it('passes tools/list_changed on to the agent', async () => {
    const gw = await startTestGateway({
      upstream: { command: process.execPath, args: ['--import', 'tsx', fileURLToPath(new URL('../fixtures/changing-upstream.ts', import.meta.url))] },
      policy: { version: '1', default: 'deny', tools: { ticker: {}, rewrite_ticker: {} } },
    });
    try {
      const bridge = await startBridge(gw.dataDir);
      await bridge.client.listTools();
      const changed = new Promise<void>((resolve) => bridge.client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
      await callTool(bridge.client, 'rewrite_ticker', { description: 'Something else.' });
      await changed;
    } finally {
      await gw.close();
    }
  });
});

describe('kraken-gate connect without a gateway', () => {
  it('says on stderr that Kraken Gate is not running and exits 1, printing nothing on stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kraken-gate-connect-'));
    try {
      const run = await runBridgeAlone(dir);
      expect(run).toMatchObject({ code: 1, stdout: '' });
      expect(run.stderr).toMatch(/Kraken Gate is not running \(no runtime\.json in .*\)\. Start it with `kraken-gate serve` or the desktop app\./);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 1 when runtime.json is left over from a gateway that is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kraken-gate-connect-'));
    try {
      const port = await freePort();
      writeFileSync(join(dir, 'runtime.json'), JSON.stringify({ pid: 999999, port, url: `http://127.0.0.1:${port}/mcp` }));
      writeFileSync(join(dir, 'gateway-token'), 'x'.repeat(43));
      const run = await runBridgeAlone(dir);
      expect(run).toMatchObject({ code: 1, stdout: '' });
      expect(run.stderr).toContain(`Kraken Gate is not running: it stopped without cleaning up (pid 999999 is gone, nothing answers on 127.0.0.1:${port}). Start it with \`kraken-gate serve\` or the desktop app.`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('kraken-gate connect across a gateway restart', () => {
  let dataDir: string;
  let port: number;
  let running: RunningGateway | undefined;
  const start = async (): Promise<RunningGateway> => {
    running = await startGateway({ dataDir, port, upstream: paperCommand(), log: () => undefined });
    await running.gate.upstream.whenReady();
    return running;
  };
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-connect-'));
    port = await freePort();
  });
  afterAll(async () => {
    await running?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reconnects to the new gateway on the same data dir: list and call work again, through the same bridge', async () => {
    await start();
    const bridge = await startBridge(dataDir);
    expect((await bridge.client.listTools()).tools).toHaveLength(17);
    await running!.stop();
    const second = await start();
    const changed = new Promise<void>((resolve) => bridge.client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
    expect((await bridge.client.listTools()).tools).toHaveLength(17);
    const recorded = nextRecord(second.gate, (r) => r.tool === 'ticker');
    const result = await callTool(bridge.client, 'ticker', { pairs: 'ETHUSD' });
    expect(result.structuredContent).toHaveProperty('XETHZUSD');
    expect((await recorded).client).toBe('claude-desktop via connect');
    await changed;
    expect(bridge.stderr()).toMatch(/connected again to/);
  });

  it('answers a call held at a restart with the shutdown, at once, and does not resend it', async () => {
    running ??= await start();
    const bridge = await startBridge(dataDir);
    const held = nextPending(running.gate, 'add_order');
    const call = callTool(bridge.client, 'add_order', REAL_ORDER);
    await held;
    const started = Date.now();
    await running.stop();
    const second = await start();
    let resent = false;
    second.gate.approvals.onDidAdd(() => (resent = true));
    const result = await call;
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.isError).toBe(true);
    // The stopping gateway answered it before closing the session: it was never sent upstream.
    expect(textOf(result)).toMatch(/^Kraken Gate is shutting down; the call was not sent\./);
    // The next call goes to the new gateway; the cut one was never sent again.
    expect((await callTool(bridge.client, 'ticker', { pairs: 'XBTUSD' })).isError).toBeFalsy();
    expect(resent).toBe(false);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
