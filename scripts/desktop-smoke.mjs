// The desktop app, started for real, used as a user and an agent would, then quit:
//   1. starts the app on a fresh data dir (updates off, a free port) and waits for its gateway
//   2. checks the tray was created, with an icon file that exists (not in --headless)
//   3. an SDK client (the agent) lists the 17 tools and places an order the default policy holds
//   4. approves it through the control API (as `kraken-gate approve` does); the order is placed once
//   5. the stdio bridge (`<app> connect`, `kraken-gate connect` headless) lists the same tools
//   6. holds a second order and sends SIGTERM: the app refuses it (the agent hears why), exits 0
//
//   node scripts/desktop-smoke.mjs                 Electron from node_modules on dist/desktop (npm run build:desktop)
//   node scripts/desktop-smoke.mjs --app PATH      an installed or unpacked app (release/linux-unpacked/kraken-gate)
//   node scripts/desktop-smoke.mjs --headless      `kraken-gate serve` instead (no Electron: steps 1, 3–6)
//
// On Linux CI it runs under xvfb (.github/workflows/desktop-smoke.yml). Exits 1 at the first step that fails.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const headless = args.includes('--headless');
const appPath = args.includes('--app') ? args[args.indexOf('--app') + 1] : undefined;
const STEP_MS = Number(process.env.KG_SMOKE_STEP_MS ?? 60_000);
const ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: '0.01', price: '1000', validate: false };

const dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-smoke-'));
const port = await freePort();
writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ port }));
const env = { ...process.env, KRAKEN_GATE_DATA_DIR: dataDir, KRAKEN_GATE_NO_UPDATES: '1' };
delete env.ELECTRON_RUN_AS_NODE;

let output = '';
let app;
let command;
let prefix;
const clients = [];

try {
  ({ command, prefix } = launcher());
  app = spawn(command, [...prefix, ...(headless ? ['serve', '--port', String(port), '--data-dir', dataDir] : [])], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => {
    app.once('exit', (code, signal) => resolve({ code, signal }));
    app.once('error', (error) => resolve({ code: null, signal: null, error }));
  });
  const lines = watchOutput(app);

  await step('the app starts and its gateway is ready', async () => {
    await lines.waitFor(/upstream: ready/, exited);
    await lines.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+\/mcp/, exited);
  });

  if (!headless) {
    await step('the tray was created, with an icon file that exists', async () => {
      const line = await lines.waitFor(/tray: created \((\w[\w-]*), (.+\.png)\)/, exited);
      const icon = /tray: created \((\w[\w-]*), (.+\.png)\)/.exec(line)[2];
      // Inside an asar the file is only visible to the app itself; outside it must be on disk.
      if (!icon.includes('.asar') && !existsSync(icon)) throw new Error(`the tray icon ${icon} does not exist`);
    });
  }

  const url = `http://127.0.0.1:${port}/mcp`;
  const token = readFileSync(join(dataDir, 'gateway-token'), 'utf8').trim();
  const agent = await connectAgent(url, token);

  await step('the agent sees the 17 tools', async () => {
    const { tools } = await agent.listTools();
    if (tools.length !== 17) throw new Error(`${tools.length} tools`);
  });

  const placed = agent.request({ method: 'tools/call', params: { name: 'add_order', arguments: { ...ORDER, userref: 7001 } } }, CallToolResultSchema, { timeout: STEP_MS });
  let held;
  await step('an order is held for approval', async () => {
    held = await waitForPending();
  });

  await step('approving it through the control API places it, once', async () => {
    const decided = await control('approve', { id: held.id });
    if (!decided.ok) throw new Error(`approve answered ${JSON.stringify(decided)}`);
    const result = await placed;
    if (result.isError) throw new Error(`the agent got an error: ${JSON.stringify(result.content)}`);
    const open = await agent.callTool({ name: 'open_orders', arguments: {} });
    const count = Object.values(open.structuredContent.open).filter((o) => o.userref === 7001).length;
    if (count !== 1) throw new Error(`${count} open orders with the order's userref`);
  });

  await step('the stdio bridge (connect) lists the same tools', async () => {
    const bridge = new Client({ name: 'smoke-bridge', version: '1.0.0' });
    clients.push(bridge);
    const transport = new StdioClientTransport({ command, args: [...prefix, 'connect', '--data-dir', dataDir], env, stderr: 'pipe' });
    await bridge.connect(transport);
    const { tools } = await bridge.listTools();
    if (tools.length !== 17) throw new Error(`${tools.length} tools through the bridge`);
    await bridge.close();
  });

  const second = agent.request({ method: 'tools/call', params: { name: 'add_order', arguments: { ...ORDER, userref: 7002 } } }, CallToolResultSchema, { timeout: STEP_MS });
  await step('quitting (SIGTERM) with an order waiting refuses it and exits 0', async () => {
    await waitForPending();
    app.kill('SIGTERM');
    const answer = await second.catch((error) => ({ isError: true, content: [{ type: 'text', text: String(error) }] }));
    if (!answer.isError) throw new Error('the waiting order was not refused');
    const { code, signal } = await withTimeout(exited, 'the app to exit');
    if (code !== 0) throw new Error(`exit code ${code}${signal ? `, signal ${signal}` : ''}`);
  });

  console.log(`desktop smoke: all steps passed (${appPath ?? (headless ? 'headless serve' : 'electron dist/desktop')})`);
} catch (error) {
  console.error(`desktop smoke FAILED: ${error instanceof Error ? error.message : String(error)}`);
  console.error(`--- app output ---\n${output}--- end ---`);
  process.exitCode = 1;
} finally {
  await Promise.allSettled(clients.map((c) => c.close()));
  if (app && app.exitCode === null && app.signalCode === null) app.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
}

function launcher() {
  if (headless) return { command: process.execPath, prefix: [join(root, 'dist', 'main', 'cli', 'index.js')] };
  if (appPath) return { command: appPath, prefix: [] };
  const desktop = join(root, 'dist', 'desktop');
  if (!existsSync(join(desktop, 'main.js'))) throw new Error('dist/desktop is not built: npm run build:desktop');
  // Where `npx install-electron` put the binary (requiring 'electron' would try to download it).
  const electronDir = join(createRequire(import.meta.url).resolve('electron/package.json'), '..');
  const pathFile = join(electronDir, 'path.txt');
  const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : undefined;
  if (!binary || !existsSync(binary)) throw new Error('the Electron binary is not installed: run npx install-electron');
  return { command: binary, prefix: [desktop] };
}

async function step(name, body) {
  const started = Date.now();
  await withTimeout(body(), name);
  console.log(`✓ ${name} (${Date.now() - started} ms)`);
}

function withTimeout(promise, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), STEP_MS)))]).finally(() => clearTimeout(timer));
}

function watchOutput(child) {
  const waiters = [];
  const onData = (chunk) => {
    output += chunk.toString();
    for (const waiter of [...waiters]) {
      const line = output.split('\n').find((l) => waiter.pattern.test(l));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return {
    waitFor(pattern, exited) {
      const line = output.split('\n').find((l) => pattern.test(l));
      if (line !== undefined) return Promise.resolve(line);
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve });
        exited.then(({ code, signal, error }) =>
          reject(new Error(error ? `the app could not be started: ${error.message}` : `the app exited (code ${code}, signal ${signal}) before printing ${pattern}`)),
        );
      });
    },
  };
}

async function connectAgent(url, token) {
  const client = new Client({ name: 'smoke-agent', version: '1.0.0' });
  clients.push(client);
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}

/** The control API, as the CLI calls it: POST /api/<method> with the control token. */
async function control(method, input) {
  const token = readFileSync(join(dataDir, 'control-token'), 'utf8').trim();
  const response = await fetch(`http://127.0.0.1:${port}/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  if (!response.ok) throw new Error(`${method}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** The first approval waiting; the app's event stream is the CLI's business, a short poll is enough here. */
async function waitForPending() {
  for (;;) {
    const pending = await control('pending', {});
    if (pending.length > 0) return pending[0];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port: free } = server.address();
      server.close(() => resolve(free));
    });
  });
}
