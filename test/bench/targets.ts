// What the benchmarks call: the paper upstream directly (stdio, or HTTP without policy or log)
// and the built `kraken-gate serve`, each as its own process so the client's event loop is not
// the server's.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchWithOwnSignal } from '../../main/cli/fetch-own-signal.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { spawnServe, type ServeProcess } from '../helpers/serve-process.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface Target {
  name: string;
  connect(name?: string): Promise<Client>;
  stop(): Promise<void>;
}

export const callTicker = (client: Client) =>
  client.request({ method: 'tools/call', params: { name: 'ticker', arguments: { pairs: 'XBTUSD' } } }, CallToolResultSchema);

export async function directStdio(): Promise<Target> {
  const clients: Client[] = [];
  return {
    name: 'direct, stdio',
    async connect(name = 'bench') {
      const client = new Client({ name, version: '1' });
      await client.connect(new StdioClientTransport({ command: process.execPath, args: [join(root, 'dist/main/cli/index.js'), 'paper'], stderr: 'ignore' }));
      clients.push(client);
      return client;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.close()));
    },
  };
}

export async function directHttp(): Promise<Target> {
  const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/bench/paper-http.ts')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(server.stdout, 'data')) as [Buffer];
  const port = Number(/port (\d+)/.exec(line.toString())?.[1]);
  const clients: Client[] = [];
  return {
    name: 'direct, HTTP (no policy/log)',
    async connect(name = 'bench') {
      const client = new Client({ name, version: '1' });
      // A signal per request, as kraken-gate connect does (main/cli/fetch-own-signal.ts).
      await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), { fetch: fetchWithOwnSignal }));
      clients.push(client);
      return client;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.close()));
      server.kill();
      await once(server, 'exit');
    },
  };
}

export interface GatewayTarget extends Target {
  serve: ServeProcess;
  dataDir: string;
}

/** The built gateway with a policy that allows the benchmark's calls (and the shipped rules otherwise). */
export async function gateway(policy?: unknown): Promise<GatewayTarget> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-bench-'));
  if (policy) writeFileSync(join(dataDir, 'policy.json'), JSON.stringify(policy));
  const serve = await spawnServe(dataDir, [], { built: true });
  const clients: Client[] = [];
  return {
    name: 'through kraken-gate',
    serve,
    dataDir,
    async connect(name = 'bench') {
      const client = await serve.connect(name);
      clients.push(client);
      return client;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.close()));
      serve.child.kill('SIGTERM');
      await once(serve.child, 'exit');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
