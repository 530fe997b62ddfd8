// A client that opens a session per call and exits without DELETE (a cron script, the Inspector
// CLI, FastMCP's `async with Client(...)` per request) leaves every session behind. Such a client
// was refused from its 33rd call within a minute (issue 24) though none of those sessions was in
// use: they now make room at once. Half the clients here listen on the GET stream as SDK clients
// do (closed when they exit), half only POST, as a script would.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { jsonRpcError, raw } from './http.js';

const CLIENTS = 500;
const figures = { answered: 0, mostOpen: 0, ms: 0 };

/** Answers the SDK's GET /mcp with 405 as if the server offered no stream: the client only POSTs. */
const postOnly: FetchLike = (input, init) => (init?.method === 'GET' ? Promise.resolve(new Response(null, { status: 405 })) : fetch(input, init));

describe('clients that open a session per call and never end it', () => {
  let gw: TestGateway | undefined;
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
  });
  afterAll(() => {
    console.log(`[reliability] one-shot clients: ${figures.answered} of ${CLIENTS} answered in ${Math.round(figures.ms)} ms, at most ${figures.mostOpen} sessions open`);
  });

  it(`${CLIENTS} one-shot clients in a row are all answered, and the table stays within the client's share`, async () => {
    gw = await startTestGateway(); // the defaults: 32 sessions per client, 256 in all
    const headers = { Authorization: `Bearer ${gw.token}` };
    let firstSession: string | undefined;
    const started = performance.now();
    for (let i = 0; i < CLIENTS; i++) {
      const client = new Client({ name: 'cron-job', version: '1.0.0' });
      const transport = new StreamableHTTPClientTransport(new URL(gw.url), { requestInit: { headers }, fetch: i % 2 ? postOnly : undefined });
      await client.connect(transport);
      firstSession ??= transport.sessionId;
      expect((await client.callTool({ name: 'server_time', arguments: {} })).isError).toBeFalsy();
      figures.answered++;
      await client.close(); // the process exits: its connections close, its session is never ended
      figures.mostOpen = Math.max(figures.mostOpen, gw.gateway.sessionCount);
    }
    figures.ms = performance.now() - started;
    expect(figures.mostOpen).toBeLessThanOrEqual(32);

    // The first agent, coming back to its session, is told to start a new one, as the spec says.
    const back = await raw(gw.port, {
      headers: { ...headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': firstSession!, 'mcp-protocol-version': '2025-06-18' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(back.status).toBe(404);
    expect(jsonRpcError(back).error.message).toMatch(/Session not found/);
  }, 120_000);
});
