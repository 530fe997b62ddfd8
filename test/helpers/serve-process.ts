import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchWithOwnSignal } from '../../main/cli/fetch-own-signal.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const sourceCli = ['--import', 'tsx', join(repoRoot, 'main/cli/index.ts')];
// Benchmarks measure what ships: the compiled CLI (npm run build).
const builtCli = [join(repoRoot, 'dist/main/cli/index.js')];

export interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  port: number;
  token: string;
  output: () => string;
  connect(name?: string): Promise<Client>;
}

export interface SpawnServeOptions {
  /** Run the compiled CLI (npm run build) rather than the source. */
  built?: boolean;
  /** Run the CLI of another build (a copy of dist/ inside the repository, so its imports resolve). */
  buildDir?: string;
}

/** `kraken-gate serve` as its own process (from source), resolved once its upstream is ready. */
export async function spawnServe(dataDir: string, extraArgs: string[] = [], options: SpawnServeOptions = {}): Promise<ServeProcess> {
  const cli = options.buildDir ? [join(options.buildDir, 'main/cli/index.js')] : options.built ? builtCli : sourceCli;
  const child = spawn(process.execPath, [...cli, 'serve', '--port', '0', '--data-dir', dataDir, ...extraArgs], { cwd: repoRoot });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  // One listener for the life of the process: a chunk that arrives between two `once` calls
  // would be lost, and with it the line this waits for.
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: string): void => {
      output += chunk;
      if (output.includes('upstream: ready')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', () => reject(new Error(`kraken-gate serve exited early:\n${output}`)));
  });
  await ready;
  const runtime = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as { port: number };
  const token = readFileSync(join(dataDir, 'gateway-token'), 'utf8').trim();
  return {
    child,
    port: runtime.port,
    token,
    output: () => output,
    async connect(name = 'test-agent') {
      const client = new Client({ name, version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${runtime.port}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } }, fetch: fetchWithOwnSignal }));
      return client;
    },
  };
}
