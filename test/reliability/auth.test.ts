// Who may talk to the gateway: the agent endpoint takes only the agent's token, the control API
// (which approves orders) only the control token; a page on a foreign Origin or a DNS-rebinding
// Host is refused even with the right token; and the gateway binds beyond loopback only when told
// to by name. Every refusal is checked on the upstream's side too: nothing reached it.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Gateway } from '../../main/gate/gateway/server.js';
import { countingUpstream, isGatewayPriceRead, receivedCalls } from '../fixtures/counting.js';
import { nextPending, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { INITIALIZE, jsonRpcError, raw, type RawResponse } from './http.js';

const CONTROL_METHODS = ['status', 'pending', 'approve', 'deny', 'pause', 'resume', 'acceptTool'] as const;
const CONTROL_INPUT: Record<(typeof CONTROL_METHODS)[number], unknown> = {
  status: {},
  pending: {},
  approve: { id: 'x' },
  deny: { id: 'x' },
  pause: {},
  resume: {},
  acceptTool: { name: 'ticker' },
};
const REAL_ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.01, price: '1000', validate: false };

describe('auth: tokens, Origin, Host', () => {
  let gw: TestGateway;
  let dir: string;
  let recordFile: string;
  let tried = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kraken-gate-auth-'));
    recordFile = join(dir, 'upstream-calls.jsonl');
    gw = await startTestGateway({ upstream: countingUpstream(recordFile) });
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(dir, { recursive: true, force: true });
    console.log(`[reliability] auth: ${tried} refused requests, each refused with the expected status; nothing reached the upstream`);
  });

  const agentHeaders = (authorization?: string): Record<string, string | undefined> => ({
    authorization,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  });
  const initialize = JSON.stringify(INITIALIZE);
  /** A tools/call that would reach the upstream if it got through: no session needed to try. */
  const order = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'ticker', arguments: { pairs: 'XBTUSD', marker: 'must-not-arrive' } } });

  async function refused(response: RawResponse, status: number): Promise<void> {
    tried++;
    expect(response.status, response.text.slice(0, 200)).toBe(status);
    expect(JSON.parse(response.text)).toEqual({ error: expect.any(String) });
    expect(response.headers['mcp-session-id']).toBeUndefined();
  }

  it('the token files are separate, random and readable by the owner only', () => {
    expect(gw.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(gw.controlToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(gw.token).not.toBe(gw.controlToken);
    for (const file of ['gateway-token', 'control-token']) expect(statSync(join(gw.dataDir, file)).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['no Authorization header', undefined],
    ['an empty bearer', 'Bearer '],
    ['a wrong token of the right length', () => `Bearer ${'A'.repeat(43)}`],
    ['a wrong short token', 'Bearer x'],
    ['the token with one character changed', (t: TestGateway) => `Bearer ${t.token.slice(0, -1)}${t.token.endsWith('A') ? 'B' : 'A'}`],
    ['the token as a prefix of a longer one', (t: TestGateway) => `Bearer ${t.token}x`],
    ['the token followed by junk', (t: TestGateway) => `Bearer ${t.token} junk`],
    ['the token under Basic', (t: TestGateway) => `Basic ${t.token}`],
    ['the token without a scheme', (t: TestGateway) => t.token],
    ['the control token', (t: TestGateway) => `Bearer ${t.controlToken}`],
  ] as const)('the agent endpoint refuses %s (401) on /mcp, /sse and /messages', async (_name, auth) => {
    const authorization = typeof auth === 'function' ? auth(gw) : auth;
    const sessions = gw.gateway.sessionCount;
    await refused(await raw(gw.port, { headers: agentHeaders(authorization), body: initialize }), 401);
    await refused(await raw(gw.port, { headers: agentHeaders(authorization), body: order }), 401);
    await refused(await raw(gw.port, { method: 'GET', path: '/sse', headers: { authorization, accept: 'text/event-stream' } }), 401);
    await refused(await raw(gw.port, { path: '/messages?sessionId=x', headers: agentHeaders(authorization), body: order }), 401);
    expect(gw.gateway.sessionCount).toBe(sessions);
  });

  it('the token in the query string does not count', async () => {
    await refused(await raw(gw.port, { path: `/mcp?token=${gw.token}`, headers: agentHeaders(), body: initialize }), 401);
    await refused(await raw(gw.port, { path: `/mcp?access_token=${gw.token}`, headers: agentHeaders(), body: initialize }), 401);
  });

  it('the scheme is case-insensitive (RFC 7235), the token is not', async () => {
    expect((await raw(gw.port, { headers: agentHeaders(`bearer ${gw.token}`), body: initialize })).status).toBe(200);
    await refused(await raw(gw.port, { headers: agentHeaders(`Bearer ${gw.token.toUpperCase()}`), body: initialize }), 401);
  });

  it.each([
    ['no token', undefined],
    ['the agent token', (t: TestGateway) => `Bearer ${t.token}`],
    ['a wrong token', () => `Bearer ${'B'.repeat(43)}`],
    ['the control token under Basic', (t: TestGateway) => `Basic ${t.controlToken}`],
  ] as const)('the control API refuses %s (401) on every method and on the event stream', async (_name, auth) => {
    const authorization = typeof auth === 'function' ? auth(gw) : auth;
    for (const method of CONTROL_METHODS) {
      const response = await raw(gw.port, { path: `/api/${method}`, headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(CONTROL_INPUT[method]) });
      await refused(response, 401);
      expect(response.text).toMatch(/control token/);
    }
    await refused(await raw(gw.port, { method: 'GET', path: '/api/events', headers: { authorization } }), 401);
    expect(gw.gate.status().paused).toBe(false);
  });

  it('an agent holding its own token cannot approve its own held order, nor pause, nor list what is pending', async () => {
    const agent = await gw.connect({ name: 'greedy-agent' });
    const held = nextPending(gw.gate, 'add_order');
    const call = agent.callTool({ name: 'add_order', arguments: { ...REAL_ORDER, marker: 'held-order' } });
    const { id } = await held;
    // Whatever surface a request might claim, the agent's token is no way into the control API.
    const approve = await gw.control('approve', { id }, { token: gw.token });
    tried++;
    expect(approve.status).toBe(401);
    tried += 3;
    expect((await gw.control('pending', {}, { token: gw.token })).status).toBe(401);
    expect((await gw.control('pause', {}, { token: gw.token })).status).toBe(401);
    expect((await gw.control('resume', {}, { token: gw.token })).status).toBe(401);
    // Still waiting, and the upstream has not seen it.
    expect(gw.gate.approvals.get(id)).toBeDefined();
    expect(receivedCalls(recordFile).some((c) => c.marker === 'held-order')).toBe(false);
    // The human, with the control token, refuses it.
    expect((await gw.control('deny', { id })).body).toMatchObject({ ok: true, decision: 'rejected' });
    expect((await call).isError).toBe(true);
    expect(receivedCalls(recordFile).some((c) => c.marker === 'held-order')).toBe(false);
  });

  const FOREIGN_ORIGINS = [
    'https://evil.example',
    'http://evil.example',
    'null',
    'http://127.0.0.1.evil.example',
    'http://localhost.evil.example',
    'file://',
    'chrome-extension://abcdefghijklmnop',
    'not a url',
  ];
  it.each(FOREIGN_ORIGINS)('a foreign Origin %s is refused (403) even with the right token, on /mcp, /sse and /api', async (origin) => {
    const sessions = gw.gateway.sessionCount;
    await refused(await raw(gw.port, { headers: { ...agentHeaders(`Bearer ${gw.token}`), origin }, body: initialize }), 403);
    await refused(await raw(gw.port, { headers: { ...agentHeaders(`Bearer ${gw.token}`), origin }, body: order }), 403);
    await refused(await raw(gw.port, { method: 'GET', path: '/sse', headers: { authorization: `Bearer ${gw.token}`, origin } }), 403);
    await refused(await raw(gw.port, { path: '/api/pause', headers: { authorization: `Bearer ${gw.controlToken}`, 'content-type': 'application/json', origin }, body: '{}' }), 403);
    expect(gw.gateway.sessionCount).toBe(sessions);
    expect(gw.gate.status().paused).toBe(false);
  });

  const REBINDING_HOSTS = (port: number) => [
    `evil.example:${port}`,
    'evil.example',
    `localhost.evil.example:${port}`,
    `127.0.0.1.nip.io:${port}`,
    `127.0.0.1:${port + 1 === 65536 ? port - 1 : port + 1}`,
    '127.0.0.1',
    `[::ffff:7f00:1]x:${port}`,
    '',
  ];
  it('a DNS-rebinding Host is refused (403) even with the right token, on /mcp, /sse and /api', async () => {
    for (const host of REBINDING_HOSTS(gw.port)) {
      const where = (e: Error) => {
        throw new Error(`Host "${host}": ${e.message}`);
      };
      await refused(await raw(gw.port, { headers: { ...agentHeaders(`Bearer ${gw.token}`), host }, body: initialize }), 403).catch(where);
      await refused(await raw(gw.port, { headers: { ...agentHeaders(`Bearer ${gw.token}`), host }, body: order }), 403).catch(where);
      await refused(await raw(gw.port, { method: 'GET', path: '/sse', headers: { authorization: `Bearer ${gw.token}`, host } }), 403).catch(where);
      await refused(await raw(gw.port, { path: '/api/pause', headers: { authorization: `Bearer ${gw.controlToken}`, 'content-type': 'application/json', host }, body: '{}' }), 403).catch(where);
    }
    expect(gw.gate.status().paused).toBe(false);
  });

  it('a request without any Host header is refused (400, by Node before the gateway sees it)', async () => {
    for (const path of ['/mcp', '/api/pause']) {
      const response = await raw(gw.port, { noHost: true, path, headers: { ...agentHeaders(`Bearer ${path === '/mcp' ? gw.token : gw.controlToken}`) }, body: path === '/mcp' ? initialize : '{}' });
      tried++;
      expect(response.status).toBe(400);
      expect(response.headers['mcp-session-id']).toBeUndefined();
    }
    expect(gw.gate.status().paused).toBe(false);
  });

  it('loopback names and a loopback page are let through', async () => {
    for (const host of [`127.0.0.1:${gw.port}`, `localhost:${gw.port}`, `LOCALHOST:${gw.port}`, `[::1]:${gw.port}`]) {
      const response = await raw(gw.port, { headers: { ...agentHeaders(`Bearer ${gw.token}`), host, origin: `http://${host}` }, body: initialize });
      expect(response.status, host).toBe(200);
    }
  });

  it('after all of it: nothing reached the upstream, nothing was logged, and the gateway still serves', async () => {
    // Only the gateway's own reads for the held order (no agent marker) got there: the pair list, the ticker, the balance, once each.
    const received = receivedCalls(recordFile);
    expect(received.filter((c) => !isGatewayPriceRead(c))).toEqual([]);
    expect(new Set(received.map((c) => c.tool)).size).toBe(received.length);
    expect(gw.gate.status()).toMatchObject({ paused: false, pending: 0 });
    const agent = await gw.connect();
    const result = await agent.callTool({ name: 'ticker', arguments: { pairs: 'XBTUSD', marker: 'after' } });
    expect(result.isError).toBeFalsy();
    expect(receivedCalls(recordFile).slice(received.length).map((c) => c.marker)).toEqual(['after']);
  });
});

describe('auth: the token files', () => {
  it.each([
    ['empty', ''],
    ['blank', '  \n'],
    ['too short', 'abc\n'],
  ])('a gateway whose token file is %s does not let a request without the right token in', async (_name, content) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-token-'));
    writeFileSync(join(dataDir, 'gateway-token'), content, { mode: 0o600 });
    writeFileSync(join(dataDir, 'control-token'), content, { mode: 0o600 });
    const gw = await startTestGateway({ dataDir });
    try {
      expect(gw.token.length).toBeGreaterThanOrEqual(32);
      expect(gw.controlToken.length).toBeGreaterThanOrEqual(32);
      const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
      for (const authorization of [undefined, 'Bearer ', `Bearer ${content.trim()}`]) {
        expect((await raw(gw.port, { headers: { ...headers, authorization }, body: JSON.stringify(INITIALIZE) })).status).toBe(401);
        expect((await raw(gw.port, { path: '/api/pause', headers: { ...headers, authorization }, body: '{}' })).status).toBe(401);
      }
      expect(gw.gate.status().paused).toBe(false);
      expect((await raw(gw.port, { headers: { ...headers, authorization: `Bearer ${gw.token}` }, body: JSON.stringify(INITIALIZE) })).status).toBe(200);
    } finally {
      await gw.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('auth: binding beyond loopback', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it.each(['0.0.0.0', '::', '192.0.2.10', '10.0.0.1', 'example.com', '127.0.0.1.nip.io'])('listen() refuses %s without allowRemote, before binding anything', async (host) => {
    const gateway = new Gateway({ backend: gw.gate, token: gw.token, port: 0, host });
    try {
      await expect(gateway.listen()).rejects.toThrow(`Refusing to listen on ${host}`);
      expect(gateway.port).toBe(0);
    } finally {
      await gateway.close();
    }
  });

  it.each(['127.0.0.1', '127.0.0.2', 'localhost'])('listen() accepts the loopback address %s', async (host) => {
    const gateway = new Gateway({ backend: gw.gate, token: gw.token, port: 0, host });
    try {
      await gateway.listen();
      expect(gateway.port).toBeGreaterThan(0);
    } finally {
      await gateway.close();
    }
  });

  it('with allowRemote it binds 0.0.0.0, and still refuses a foreign Host and a missing token', async () => {
    const gateway = new Gateway({ backend: gw.gate, token: gw.token, port: 0, host: '0.0.0.0', allowRemote: true });
    try {
      await gateway.listen();
      const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
      const body = JSON.stringify(INITIALIZE);
      expect((await raw(gateway.port, { headers: { ...headers, authorization: `Bearer ${gw.token}` }, body })).status).toBe(200);
      expect((await raw(gateway.port, { headers: { ...headers, authorization: `Bearer ${gw.token}`, host: `0.0.0.0:${gateway.port}` }, body })).status).toBe(200);
      expect((await raw(gateway.port, { headers: { ...headers, authorization: `Bearer ${gw.token}`, host: `evil.example:${gateway.port}` }, body })).status).toBe(403);
      const noToken = await raw(gateway.port, { headers, body });
      expect(noToken.status).toBe(401);
      expect(() => jsonRpcError(noToken)).toThrow(); // a plain { error }, not a session
    } finally {
      await gateway.close();
    }
  });
});
