import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startHeadless, type RunningGateway } from '../../main/headless/serve.js';
import { paperCommand, type SpawnCommand } from '../../main/paper/command.js';

export interface TestGateway extends RunningGateway {
  dataDir: string;
  token: string;
  url: string;
  port: number;
  connect(options?: { name?: string; transport?: 'streamable-http' | 'sse' }): Promise<Client>;
  close(): Promise<void>;
}

/** A real headless gateway on an ephemeral port, with its own data dir, and the real paper upstream. */
export async function startTestGateway(options: { upstream?: SpawnCommand } = {}): Promise<TestGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-test-'));
  const running = await startHeadless({ dataDir, port: 0, upstream: options.upstream ?? paperCommand(), log: () => undefined });
  await running.gate.upstream.whenReady();
  const { readFileSync } = await import('node:fs');
  const token = readFileSync(join(dataDir, 'gateway-token'), 'utf8').trim();
  const clients: Client[] = [];
  const url = running.gateway.url;
  return {
    ...running,
    dataDir,
    token,
    url,
    port: running.gateway.port,
    async connect({ name = 'test-agent', transport = 'streamable-http' } = {}) {
      const client = new Client({ name, version: '1.0.0' });
      const headers = { Authorization: `Bearer ${token}` };
      const t =
        transport === 'sse'
          ? new SSEClientTransport(new URL(url.replace(/\/mcp$/, '/sse')), { requestInit: { headers }, eventSourceInit: { fetch: (u, init) => fetch(u, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } }) } })
          : new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
      await client.connect(t);
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.allSettled(clients.map((c) => c.close()));
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Calls a tool without the SDK's outputSchema validation, as a gateway-agnostic agent would see it. */
export async function callTool(client: Client, name: string, args: Record<string, unknown> = {}, options: Parameters<Client['request']>[2] = {}) {
  const { CallToolResultSchema } = await import('@modelcontextprotocol/sdk/types.js');
  return client.request({ method: 'tools/call', params: { name, arguments: args } }, CallToolResultSchema, options);
}

export function textOf(result: { content: Array<{ type: string; text?: string }> }): string {
  return result.content.map((part) => part.text ?? '').join('\n');
}
