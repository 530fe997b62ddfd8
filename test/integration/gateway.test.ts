import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_TOOLS } from '../../main/gate/catalog.js';
import { startTestGateway, textOf, type TestGateway } from '../helpers/gateway.js';

function rawRequest(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    const req = request(
      { host: '127.0.0.1', port, path: '/mcp', method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('headless gateway in front of the paper exchange', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // "allow public, deny the rest", as a policy file.
    gw = await startTestGateway({ policy: { version: '1', default: 'deny', tools: Object.fromEntries(PUBLIC_TOOLS.map((t) => [t, {}])) } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("lists kraken-mcp's 17 tools to an SDK client over Streamable HTTP", async () => {
    const client = await gw.connect();
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(17);
    expect(tools.map((t) => t.name)).toContain('add_order');
  });

  it('forwards an allowed ticker call and returns the exchange answer', async () => {
    const client = await gw.connect();
    const result = await client.callTool({ name: 'ticker', arguments: { pairs: 'XBTUSD' } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toHaveProperty('XXBTZUSD');
  });

  it('refuses a denied tool with an isError result that says why, and the exchange never sees it', async () => {
    const client = await gw.connect();
    const before = await client.callTool({ name: 'account_balance', arguments: {} });
    const result = await client.callTool({ name: 'cancel_all_orders_after', arguments: { timeout_seconds: 60 } });
    expect(result.isError).toBe(true);
    expect(textOf(result as never)).toBe('cancel_all_orders_after is not allowed by the policy.');
    expect((await client.callTool({ name: 'account_balance', arguments: {} })).structuredContent).toEqual(before.structuredContent);
  });

  it('refuses a tool the upstream does not have', async () => {
    const client = await gw.connect();
    const result = await client.callTool({ name: 'withdraw_funds', arguments: { amount: 1 } });
    expect(result.isError).toBe(true);
    expect(textOf(result as never)).toBe('Unknown tool: withdraw_funds');
  });

  it('answers 401 without the bearer token and 401 with a wrong one', async () => {
    expect(await rawRequest(gw.port, {})).toBe(401);
    expect(await rawRequest(gw.port, { authorization: 'Bearer wrong' })).toBe(401);
    expect(await rawRequest(gw.port, { authorization: `Bearer ${gw.token}` })).toBe(200);
  });

  it('answers 403 to a foreign Origin and to a DNS-rebinding Host, even with the token', async () => {
    const auth = { authorization: `Bearer ${gw.token}` };
    expect(await rawRequest(gw.port, { ...auth, origin: 'https://evil.example' })).toBe(403);
    expect(await rawRequest(gw.port, { ...auth, host: `evil.example:${gw.port}` })).toBe(403);
    expect(await rawRequest(gw.port, { ...auth, host: `localhost:${gw.port}`, origin: `http://localhost:${gw.port}` })).toBe(200);
    // A loopback name with another port (a page served elsewhere on this machine) is still foreign.
    expect(await rawRequest(gw.port, { ...auth, host: `127.0.0.1:${gw.port + 1}` })).toBe(403);
    expect(await rawRequest(gw.port, { ...auth, host: `127.0.0.1:${gw.port}.evil.example` })).toBe(403);
  });

  it('serves many clients at once, each in its own session', async () => {
    const clients = await Promise.all(Array.from({ length: 8 }, (_, i) => gw.connect({ name: `agent-${i}` })));
    const results = await Promise.all(clients.flatMap((c) => [1, 2, 3].map(() => c.callTool({ name: 'ticker', arguments: { pairs: 'ETHUSD' } }))));
    expect(results.every((r) => !r.isError && Object.hasOwn(r.structuredContent ?? {}, 'XETHZUSD'))).toBe(true);
    expect(gw.gateway.sessionCount).toBeGreaterThanOrEqual(8);
  });

  it('closes a Streamable HTTP session that went quiet without saying goodbye', async () => {
    const client = await gw.connect({ name: 'vanishing-agent' });
    const before = gw.gateway.sessionCount;
    gw.gateway.closeIdleSessions(Date.now() + 31 * 60_000);
    expect(gw.gateway.sessionCount).toBeLessThan(before);
    await expect(client.listTools()).rejects.toThrow(/Session not found/);
  });

  it('serves older clients over the legacy SSE transport', async () => {
    const client = await gw.connect({ transport: 'sse' });
    expect((await client.listTools()).tools).toHaveLength(17);
    const result = await client.callTool({ name: 'ticker', arguments: { pairs: 'XBTUSD' } });
    expect(result.structuredContent).toHaveProperty('XXBTZUSD');
  });
});

describe('an upstream that dies mid-call', () => {
  const hanging = {
    command: process.execPath,
    args: ['--import', 'tsx', fileURLToPath(new URL('../fixtures/hanging-upstream.ts', import.meta.url))],
  };

  it('gets a clear error, not a hang, and the upstream is restarted and usable', async () => {
    const gw = await startTestGateway({ upstream: hanging });
    try {
      const client = await gw.connect();
      const firstPid = gw.gate.status().upstream.pid;
      expect(firstPid).toBeGreaterThan(0);
      const restarted = new Promise<void>((resolve) => {
        gw.gate.onDidChangeUpstream((s) => s.state === 'ready' && s.pid !== firstPid && resolve());
      });
      const result = await client.callTool({ name: 'ticker', arguments: { pairs: 'HANG' } }, undefined, {
        onprogress: () => process.kill(firstPid!, 'SIGKILL'),
      });
      expect(result.isError).toBe(true);
      expect(textOf(result as never)).toMatch(/exited while handling ticker; it is being restarted/);
      await restarted;
      const again = await client.callTool({ name: 'ticker', arguments: { pairs: 'XBTUSD' } });
      expect(again.isError).toBeFalsy();
      expect(JSON.parse(textOf(again as never)).pid).not.toBe(firstPid);
    } finally {
      await gw.close();
    }
  });
});
