// An upstream that cannot start says why, where the person starting it looks: a command that does
// not exist is a startup error (serve exits 1 with one line), not retries every few seconds; an
// upstream that writes something other than MCP on stdout and never answers initialize shows what
// it wrote in `status` (lastError) and on the serve console, not only in logs/upstream.log.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UpstreamStatus } from '../../main/gate/upstream/client.js';
import { startGateway, type RunningGateway } from '../../main/host/start-gateway.js';
import { kg } from '../helpers/cli.js';
import { nextEvent } from '../helpers/gateway.js';

const BANNER = 'Welcome to Kraken MCP 1.2 (stdio mode), press Ctrl-C to quit';
/** Prints a banner on stdout, then reads stdin forever without answering anything. */
const CHATTY = { command: process.execPath, args: ['-e', `process.stdout.write(${JSON.stringify(`${BANNER}\n`)}); process.stdin.resume();`] };

const figures: string[] = [];

describe('an upstream that cannot start', () => {
  let dataDir: string;
  let running: RunningGateway | undefined;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-upstream-start-'));
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });
  afterAll(() => console.log(`[reliability] upstream start: ${figures.join('; ')}`));

  // The deadline is the test: before the fix, a wait for the upstream kept the process alive for
  // its whole 30 s start timeout after the port error, and a service manager saw it running.
  it('serve on a port another program holds: exits 1 at once with one line, not after the upstream start timeout', { timeout: 20_000 }, async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as AddressInfo;
    try {
      const started = performance.now();
      const run = await kg('serve', '--port', String(port), '--data-dir', dataDir);
      const ms = performance.now() - started;
      expect(run.code).toBe(1);
      expect(run.stderr.trim().split('\n')).toEqual([`kraken-gate: Port ${port} on 127.0.0.1 is already in use (another kraken-gate?). Stop it or pick another port with --port.`]);
      figures.push(`a taken port ended serve with exit 1 in ${ms.toFixed(0)} ms (CLI start included)`);
    } finally {
      holder.close();
    }
  });

  it('serve -- a command that does not exist: exits 1 at once with one line saying what to check', async () => {
    const started = performance.now();
    const run = await kg('serve', '--port', '0', '--data-dir', dataDir, '--', 'kraken-mcp-that-does-not-exist', '--flag');
    const ms = performance.now() - started;
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toEqual([
      'kraken-gate: The upstream cannot be started: "kraken-mcp-that-does-not-exist" was not found. Check the command after `--`: is it installed, and on PATH or given by its full path?',
    ]);
    expect(run.stdout).not.toMatch(/listening|ENOENT/);
    figures.push(`a missing command ended serve with exit 1 in ${ms.toFixed(0)} ms (CLI start included)`);

    // The same in process: startGateway throws at once, and leaves no lock or runtime.json behind.
    const t0 = performance.now();
    await expect(startGateway({ dataDir, port: 0, upstream: { command: 'kraken-mcp-that-does-not-exist', args: [] }, log: () => undefined })).rejects.toThrow(
      /^The upstream cannot be started: "kraken-mcp-that-does-not-exist" was not found/,
    );
    figures.push(`startGateway threw in ${(performance.now() - t0).toFixed(0)} ms`);
    expect(readdirSync(dataDir).filter((f) => f === 'kraken-gate.lock' || f === 'runtime.json')).toEqual([]);
  });

  it('an upstream that prints non-MCP on stdout and never answers initialize: what it printed is in status and on the console', async () => {
    const console: string[] = [];
    const upstreamState = (test: (s: UpstreamStatus) => boolean) => (gate: RunningGateway['gate']) => {
      const now = gate.upstream.state;
      return test(now) ? Promise.resolve(now) : nextEvent(gate.onDidChangeUpstream, test);
    };
    running = await startGateway({ dataDir, port: 0, upstream: CHATTY, upstreamStartTimeoutMs: 1500, log: (line) => console.push(line) });
    const gate = running.gate;

    // While it is still starting, status already says why.
    const starting = await upstreamState((s) => s.state === 'starting' && s.lastError !== undefined)(gate);
    expect(starting.lastError).toBe(`it wrote on stdout what is not MCP: "${BANNER}". An MCP server over stdio must write only JSON-RPC there (logs go to stderr).`);

    // Once initialize has timed out, the restart says both.
    const restarting = await upstreamState((s) => s.state === 'restarting')(gate);
    expect(restarting.lastError).toBe(`did not answer initialize within 2 s; it wrote on stdout what is not MCP: "${BANNER}". An MCP server over stdio must write only JSON-RPC there (logs go to stderr).`);
    const status = gate.status().upstream;
    expect(status.lastError).toContain(BANNER);
    expect(console).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^upstream: starting \(it wrote on stdout what is not MCP: "Welcome to Kraken MCP/),
        expect.stringMatching(/^upstream: restarting \(did not answer initialize within 2 s; it wrote on stdout what is not MCP: "Welcome to Kraken MCP/),
      ]),
    );
    figures.push('a banner on stdout shown in status while starting and on the console at the restart');
  });
});
