// The CLI hands no token to whoever holds the port. After a crash, runtime.json still names a port;
// another local program listening there must receive neither the control token (status, pending,
// approve, pause) nor the gateway token (connect), and the CLI must say what is wrong. The same
// for a stranger that relays the identity check to the real gateway on another port.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kg, type CliRun } from '../helpers/cli.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CONTROL_TOKEN = 'control-token-that-must-never-leave-0123456789abcdef';
const GATEWAY_TOKEN = 'gateway-token-that-must-never-leave-0123456789abcdef';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let tried = 0;
let receivedByStrangers = 0;
afterAll(() => {
  console.log(`[reliability] stranger on the port: ${tried} CLI runs refused with the reason, ${receivedByStrangers} requests reached strangers (a stale port, a relay), 0 of them with a token`);
});

/** A local HTTP server that is not Kraken Gate: it notes everything it receives and answers 200. */
async function stranger(answer: (req: IncomingMessage, body: string) => Promise<{ status: number; body: string }>): Promise<{ server: Server; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      receivedByStrangers++;
      void answer(req, body).then((a) => res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, received };
}

/** `kraken-gate connect` with nothing on stdin, as a client would start it. */
function connectBridge(dataDir: string): Promise<CliRun> {
  const env = { ...process.env };
  delete env.KRAKEN_GATE_DATA_DIR;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', 'connect', '--data-dir', dataDir], { cwd: REPO, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function expectNoSecret(received: Received[], secrets: string[]): void {
  for (const r of received) {
    expect(r.headers.authorization, `${r.method} ${r.url}`).toBeUndefined();
    const everything = JSON.stringify(r);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  }
}

describe('a stranger on the port named by a stale runtime.json', () => {
  let dataDir: string;
  let foreign: Awaited<ReturnType<typeof stranger>>;
  beforeAll(async () => {
    // It even answers the identity check in the right shape, with a proof it cannot make.
    foreign = await stranger(async (req) =>
      req.url?.startsWith('/identity') ? { status: 200, body: JSON.stringify({ product: 'kraken-gate', proof: 'ab'.repeat(32) }) } : { status: 200, body: '{}' },
    );
    dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-stranger-'));
    // A gateway that crashed: its pid is gone, its port now someone else's.
    const dead = spawn(process.execPath, ['-e', '']);
    await once(dead, 'exit');
    writeFileSync(join(dataDir, 'runtime.json'), JSON.stringify({ pid: dead.pid, port: foreign.port, url: `http://127.0.0.1:${foreign.port}/mcp` }));
    writeFileSync(join(dataDir, 'control-token'), `${CONTROL_TOKEN}\n`);
    writeFileSync(join(dataDir, 'gateway-token'), `${GATEWAY_TOKEN}\n`);
  });
  afterAll(() => {
    foreign.server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('status, pending, approve, pause and tools accept send it no token; all but pause say what is wrong (pause is set in the file the gateway starts from)', { timeout: 90_000 }, async () => {
    const commands = [['status'], ['pending'], ['approve', 'abcd-1234'], ['pause'], ['tools', 'accept', 'add_order']];
    const runs = await Promise.all(commands.map((args) => kg(...args, '--data-dir', dataDir)));
    for (const [i, run] of runs.entries()) {
      const what = commands[i]!.join(' ');
      if (what === 'pause') {
        // No Kraken Gate runs on the dir (its pid is gone): the pause is set in the file it starts
        // from instead (pause-offline.ts), still without a token sent to the stranger.
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toBe('Financial tools are PAUSED: new orders and amendments are refused; cancelling orders still works. Kraken Gate is not running: it will start with them paused.\n');
        expect(JSON.parse(readFileSync(join(dataDir, 'pause.json'), 'utf8'))).toMatchObject({ paused: true, by: 'cli' });
        continue;
      }
      tried++;
      expect(run.code, what).toBe(1);
      expect(run.stdout, what).toBe('');
      expect(run.stderr, what).toContain(`The program listening on 127.0.0.1:${foreign.port} is not the Kraken Gate of ${dataDir}`);
      expect(run.stderr, what).toMatch(/no token was sent to it\. runtime\.json is left over from a Kraken Gate that stopped \(pid \d+ is not running\): start it again with `kraken-gate serve`\./);
    }
    expect(foreign.received).toHaveLength(commands.length);
    expectNoSecret(foreign.received, [CONTROL_TOKEN, GATEWAY_TOKEN]);
    expect(foreign.received.every((r) => r.method === 'GET' && r.url.startsWith('/identity?for=control&nonce='))).toBe(true);
  });

  it('kraken-gate connect sends it no gateway token, exits 1 and says why on stderr', async () => {
    const before = foreign.received.length;
    const run = await connectBridge(dataDir);
    tried++;
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toContain(`The program listening on 127.0.0.1:${foreign.port} is not the Kraken Gate of ${dataDir}`);
    const seen = foreign.received.slice(before);
    expect(seen.length).toBeGreaterThan(0);
    expectNoSecret(seen, [CONTROL_TOKEN, GATEWAY_TOKEN]);
    expect(seen.every((r) => r.url.startsWith('/identity?for=gateway&nonce='))).toBe(true);
  });
});

describe('a stranger that relays the identity check to the real gateway', () => {
  let gw: TestGateway;
  let relay: Awaited<ReturnType<typeof stranger>>;
  beforeAll(async () => {
    gw = await startTestGateway();
    // Asks the real gateway for the proof and passes its answer off as its own.
    relay = await stranger(
      (req) =>
        new Promise((resolve) => {
          const forwarded = request({ host: '127.0.0.1', port: gw.port, path: req.url, method: 'GET' }, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 502, body }));
          });
          forwarded.end();
        }),
    );
    writeFileSync(join(gw.dataDir, 'runtime.json'), JSON.stringify({ pid: process.pid, port: relay.port, url: `http://127.0.0.1:${relay.port}/mcp` }));
  });
  afterAll(async () => {
    relay.server.close();
    await gw.close();
  });
  afterEach(() => expectNoSecret(relay.received, [gw.controlToken, gw.token]));

  it('gets a proof made for another port, which the CLI refuses', async () => {
    const run = await kg('status', '--data-dir', gw.dataDir);
    tried++;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`The program listening on 127.0.0.1:${relay.port} is not the Kraken Gate of ${gw.dataDir} (its proof does not match the token in this data dir)`);
    expect(relay.received.length).toBeGreaterThan(0);
  });

  it('the real gateway, named by a correct runtime.json, passes the same check', async () => {
    writeFileSync(join(gw.dataDir, 'runtime.json'), JSON.stringify({ pid: process.pid, port: gw.port, url: gw.url }));
    const run = await kg('status', '--json', '--data-dir', gw.dataDir);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ endpoint: gw.url });
  });
});
