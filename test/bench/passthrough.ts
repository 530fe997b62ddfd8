// The floor a gateway is measured against: the thinnest pass-through built on the same MCP SDK as
// Kraken Gate — Streamable HTTP in (one session per client), the paper upstream over stdio out,
// one JSONL line written per call (with an fdatasync per call when PASSTHROUGH_FSYNC=1). No
// policy, no approvals, no auth. Prints "port N pid P upstream U" once its upstream is ready.
import { randomUUID } from 'node:crypto';
import { fdatasync, openSync, writeSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, CallToolResultSchema, isInitializeRequest, ListToolsRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fsync = process.env.PASSTHROUGH_FSYNC === '1';
const log = openSync(join(tmpdir(), `kraken-gate-passthrough-${process.pid}.jsonl`), 'a');

const upstreamTransport = new StdioClientTransport({ command: process.execPath, args: [join(root, 'dist/main/cli/index.js'), 'paper'], stderr: 'ignore' });
const upstream = new Client({ name: 'passthrough', version: '1' });
await upstream.connect(upstreamTransport);
const { tools } = await upstream.listTools();

function record(line: object): Promise<void> {
  writeSync(log, `${JSON.stringify(line)}\n`);
  return fsync ? new Promise((resolve, reject) => fdatasync(log, (error) => (error ? reject(error) : resolve()))) : Promise.resolve();
}

function sessionServer(): Server {
  const server = new Server({ name: 'passthrough', version: '1' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: tools as Tool[] }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const params = { name: request.params.name, arguments: request.params.arguments ?? {} };
    const result = await upstream.request({ method: 'tools/call', params }, CallToolResultSchema);
    await record({ ts: new Date().toISOString(), tool: params.name, arguments: params.arguments, isError: result.isError ?? false });
    return result;
  });
  return server;
}

const sessions = new Map<string, StreamableHTTPServerTransport>();
const http = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body: unknown = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
  const sid = req.headers['mcp-session-id'];
  const existing = typeof sid === 'string' ? sessions.get(sid) : undefined;
  if (existing) return existing.handleRequest(req, res, body);
  if (!isInitializeRequest(body)) return void res.writeHead(400).end();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: randomUUID, onsessioninitialized: (id) => void sessions.set(id, transport) });
  await sessionServer().connect(transport);
  await transport.handleRequest(req, res, body);
});
http.listen(0, '127.0.0.1', () => console.log(`port ${(http.address() as AddressInfo).port} pid ${process.pid} upstream ${upstreamTransport.pid ?? 0}`));
