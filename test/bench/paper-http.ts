// The direct baseline for the benchmarks: the paper exchange served over Streamable HTTP by the
// thinnest SDK setup (one transport per session, no policy, no log, no auth). Prints its port.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { PaperExchange } from '../../main/paper/exchange.js';
import { createPaperServer } from '../../main/paper/server.js';

const exchange = new PaperExchange();
const sessions = new Map<string, StreamableHTTPServerTransport>();

const http = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
  const sid = req.headers['mcp-session-id'];
  const existing = typeof sid === 'string' ? sessions.get(sid) : undefined;
  if (existing) return existing.handleRequest(req, res, body);
  if (!isInitializeRequest(body)) return void res.writeHead(400).end();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: randomUUID, onsessioninitialized: (id) => void sessions.set(id, transport) });
  await createPaperServer(exchange).connect(transport);
  await transport.handleRequest(req, res, body);
});
http.listen(0, '127.0.0.1', () => console.log(`port ${(http.address() as AddressInfo).port}`));
