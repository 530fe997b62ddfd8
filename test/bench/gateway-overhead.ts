// How much one `ticker` call costs through the gateway (a separate `kraken-gate serve` process,
// Streamable HTTP, policy, log) against the same call sent straight to the paper upstream over
// stdio, measured in the same run. Uses the built CLI (npm run build) so it measures what ships.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { fmt, percentile, timeEach } from './stats.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 200);
const WARMUP = 50;
const cli = fileURLToPath(new URL('../../dist/main/cli/index.js', import.meta.url));

async function measure(client: Client): Promise<number[]> {
  const call = () => client.request({ method: 'tools/call', params: { name: 'ticker', arguments: { pairs: 'XBTUSD' } } }, CallToolResultSchema);
  await timeEach(WARMUP, call);
  return timeEach(CALLS, call);
}

async function direct(): Promise<number[]> {
  const client = new Client({ name: 'bench-direct', version: '1' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [cli, 'paper'], stderr: 'ignore' }));
  try {
    return await measure(client);
  } finally {
    await client.close();
  }
}

async function throughGateway(): Promise<number[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-bench-'));
  const port = 18787;
  const server = spawn(process.execPath, [cli, 'serve', '--port', String(port), '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  server.stdout.setEncoding('utf8');
  while (!output.includes('upstream: ready')) {
    const [chunk] = (await once(server.stdout, 'data')) as [string];
    output += chunk;
  }
  const token = readFileSync(join(dataDir, 'gateway-token'), 'utf8').trim();
  const client = new Client({ name: 'bench-gateway', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  try {
    return await measure(client);
  } finally {
    await client.close();
    server.kill('SIGTERM');
    await once(server, 'exit');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const base = await direct();
const gated = await throughGateway();
const row = (name: string, s: number[]) => `${name.padEnd(34)} median ${fmt(percentile(s, 50))}   p99 ${fmt(percentile(s, 99))}`;
console.log(`ticker, ${CALLS} sequential calls after ${WARMUP} warm-up`);
console.log(row('direct to paper upstream (stdio)', base));
console.log(row('through kraken-gate (HTTP)', gated));
console.log(`gateway / direct, median: ${(percentile(gated, 50) / percentile(base, 50)).toFixed(2)}x; added ${fmt(percentile(gated, 50) - percentile(base, 50))}`);
