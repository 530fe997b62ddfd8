// `kraken-gate serve` as its own process: one gateway per data dir (a second one exits and changes
// nothing; a lock left by a dead one is taken over), runtime.json removed only by its writer, and a
// stop (SIGINT) with an order held: recorded as a shutdown, and the agent is told so.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryLog } from '../../main/gate/calllog/index.js';
import { startGateway } from '../../main/host/start-gateway.js';
import { paperCommand } from '../../main/paper/command.js';
import { kg } from '../helpers/cli.js';
import { spawnServe, type ServeProcess } from '../helpers/serve-process.js';
import { controlEvents } from '../reliability/http.js';

const REAL_ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.02, price: '1000', validate: false };

/** Every file in the data dir with its size and mtime: "changes nothing" is checked against this. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else out[path.slice(dir.length)] = `${stat.size}:${stat.mtimeMs}:${path.endsWith('.json') || path.endsWith('.lock') ? readFileSync(path, 'utf8') : ''}`;
    }
  };
  walk(dir);
  return out;
}

/** A pid that certainly belonged to a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid!;
}

async function stopServe(serve: ServeProcess): Promise<number | null> {
  if (serve.child.exitCode !== null) return serve.child.exitCode;
  const exited = once(serve.child, 'exit');
  serve.child.kill('SIGINT');
  const [code] = (await exited) as [number | null];
  return code;
}

// Each test spawns kraken-gate (tsx) processes: on a loaded 2-core machine one start takes seconds.
describe('one gateway per data dir', () => {
  let dataDir: string;
  const running: ServeProcess[] = [];
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-lock-'));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map(stopServe));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a second serve on the same data dir exits 1 with "already running (pid N, port P)" and changes nothing', { timeout: 90_000 }, async () => {
    const first = await spawnServe(dataDir);
    running.push(first);
    const before = snapshot(dataDir);

    const second = await kg('serve', '--port', '0', '--data-dir', dataDir);
    expect(second.code).toBe(1);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect(second.stderr).toContain(`Kraken Gate is already running (pid ${first.child.pid}, port ${first.port})`);
    expect(second.stdout).toBe('');

    expect(snapshot(dataDir)).toEqual(before);
    // The first one is untouched and still found by the CLI.
    const status = await kg('status', '--json', '--data-dir', dataDir);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ endpoint: `http://127.0.0.1:${first.port}/mcp` });
  });

  it('two serves started at once on a fresh data dir: exactly one runs', { timeout: 90_000 }, async () => {
    const results = await Promise.allSettled([spawnServe(dataDir), spawnServe(dataDir)]);
    for (const r of results) if (r.status === 'fulfilled') running.push(r.value);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(String(refused?.reason)).toMatch(/Kraken Gate is already running \(pid \d+, (port \d+|still starting)\)/);
    const runtime = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as { pid: number };
    expect(runtime.pid).toBe(running[0]!.child.pid);
  });

  it('takes over a lock and runtime.json left by a gateway that died', { timeout: 90_000 }, async () => {
    const pid = await deadPid();
    writeFileSync(join(dataDir, 'kraken-gate.lock'), JSON.stringify({ pid, nonce: 'left-by-a-crash' }));
    writeFileSync(join(dataDir, 'runtime.json'), JSON.stringify({ pid, port: 1, url: 'http://127.0.0.1:1/mcp', nonce: 'left-by-a-crash' }));
    const serve = await spawnServe(dataDir);
    running.push(serve);
    expect(JSON.parse(readFileSync(join(dataDir, 'kraken-gate.lock'), 'utf8'))).toMatchObject({ pid: serve.child.pid });
    expect(JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8'))).toMatchObject({ pid: serve.child.pid, port: serve.port });
    // A clean stop removes both: nothing is left to take over.
    expect(await stopServe(serve)).toBe(0);
    expect(existsSync(join(dataDir, 'kraken-gate.lock'))).toBe(false);
    expect(existsSync(join(dataDir, 'runtime.json'))).toBe(false);
  });

  it('a stop removes only the runtime.json it wrote', async () => {
    const gateway = await startGateway({ dataDir, port: 0, upstream: paperCommand(), log: () => undefined });
    const someoneElse = JSON.stringify({ pid: 4242, port: 4242, url: 'http://127.0.0.1:4242/mcp', nonce: 'not-ours' });
    writeFileSync(join(dataDir, 'runtime.json'), someoneElse);
    await gateway.stop();
    expect(readFileSync(join(dataDir, 'runtime.json'), 'utf8')).toBe(someoneElse);
    expect(existsSync(join(dataDir, 'kraken-gate.lock'))).toBe(false);
  });
});

describe('stopping the gateway while an order is held', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-stop-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('SIGINT: the agent reads "Kraken Gate is shutting down", the log says shutdown, and sessions close after that', { timeout: 90_000 }, async () => {
    const serve = await spawnServe(dataDir);
    try {
      const client = await serve.connect('held-at-shutdown');
      const controlToken = readFileSync(join(dataDir, 'control-token'), 'utf8').trim();
      let added!: () => void;
      const held = new Promise<void>((resolve) => (added = resolve));
      const events = await controlEvents(serve.port, controlToken, (e) => e.type === 'pending-added' && added());
      const call = client.callTool({ name: 'add_order', arguments: REAL_ORDER });
      await held;
      events.close();

      const exited = once(serve.child, 'exit');
      serve.child.kill('SIGINT');
      const result = await call;
      expect(result.isError).toBe(true);
      expect((result.content as Array<{ text: string }>)[0]?.text).toMatch(/^Kraken Gate is shutting down/);
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);

      const { records } = await queryLog(join(dataDir, 'calls'), { limit: Infinity });
      expect(records.filter((r) => r.tool === 'add_order')).toEqual([
        expect.objectContaining({ decision: 'cancelled', decidedBy: 'shutdown', client: 'held-at-shutdown', reason: expect.stringMatching(/^Kraken Gate is shutting down/), outcome: { status: 'not-forwarded' } }),
      ]);
      await client.close().catch(() => undefined);
    } finally {
      if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
    }
  });
});
