// One local agent must not fill the session table for everyone. Sessions are capped per client
// (clientInfo.name); when a client's share or the table is full, the session idle longest with
// nothing running and no event stream open makes room at once (its agent gets 404 and starts
// again); one whose agent is waiting on a call or listening on a stream is never closed. Only when
// every session is busy so is the newcomer refused, with that reason.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { nextEvent, nextPending, startTestGateway, type TestGateway, type TestGatewayOptions } from '../helpers/gateway.js';

const ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.02, price: '1000', validate: false };
const BUSY = /all busy: every one has a request running \(a call held for approval counts\) or an event stream open/;
const figures = { opened: 0, evicted: 0, refused: 0, busyKept: 0 };

interface Agent {
  client: Client;
  /** Resolves once the gateway has the agent's GET /mcp stream open (never, for one that does not listen). */
  listening: Promise<void>;
}

async function works(client: Client): Promise<boolean> {
  try {
    await client.listTools();
    return true;
  } catch (error) {
    expect(String(error)).toMatch(/Session not found/);
    return false;
  }
}

describe('the session table', () => {
  let gw: TestGateway | undefined;
  const agents: Client[] = [];
  afterEach(async () => {
    await Promise.allSettled(agents.splice(0).map((client) => client.close()));
    await gw?.close();
    gw = undefined;
  });
  afterAll(() => {
    console.log(
      `[reliability] sessions: ${figures.opened} opened, ${figures.evicted} closed to make room (idle, nothing running, no stream), ${figures.refused} refused with a reason when all were busy, ${figures.busyKept} busy ones kept`,
    );
  });

  async function start(sessions: TestGatewayOptions['sessions']): Promise<TestGateway> {
    gw = await startTestGateway({ sessions });
    return gw;
  }

  /**
   * An SDK client. One that `listens` keeps the standalone GET stream open, as SDK clients do; one
   * that does not only POSTs, as a script would (its GET is answered 405 here, which the SDK accepts).
   */
  async function connect(name: string, listens: boolean): Promise<Agent> {
    const { url, token } = gw!;
    let opened!: () => void;
    const listening = new Promise<void>((resolve) => (opened = resolve));
    const fetchFn: FetchLike = async (input, init) => {
      if (init?.method !== 'GET') return fetch(input, init);
      if (!listens) return new Response(null, { status: 405 });
      const response = await fetch(input, init);
      // The gateway counts the stream before the SDK answers it: open on the gateway's side by now.
      if (response.ok) opened();
      return response;
    };
    const client = new Client({ name, version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } }, fetch: fetchFn }));
    agents.push(client);
    figures.opened++;
    return { client, listening };
  }

  it('one client leaving session after session behind keeps only its share; other clients still get in', async () => {
    const gw = await start({ max: 6, perClient: 3 });
    const leaky: Client[] = [];
    for (let i = 0; i < 10; i++) leaky.push((await connect('leaky-agent', false)).client);
    // Its oldest sessions made room for its newest ones; the newest three work.
    const alive = await Promise.all(leaky.map(works));
    expect(alive).toEqual([...Array<boolean>(7).fill(false), true, true, true]);
    figures.evicted += 7;
    // Three places are left for everyone else.
    const others = await Promise.all(['claude', 'cursor', 'inspector'].map((name) => connect(name, true)));
    expect(await Promise.all(others.map(({ client }) => works(client)))).toEqual([true, true, true]);
    expect(gw.gateway.sessionCount).toBe(6);
  });

  it('a full table closes the session idle longest to make room, never one whose call is held', async () => {
    const gw = await start({ max: 4, perClient: 4 });
    // The oldest session has an order waiting for the user: its agent is waiting, not gone.
    const { client: waiting } = await connect('a', false);
    const held = nextPending(gw.gate);
    const call = waiting.callTool({ name: 'add_order', arguments: ORDER });
    const pending = await held;
    const idle = [(await connect('b', false)).client, (await connect('c', false)).client, (await connect('d', false)).client];
    await idle[2]!.listTools(); // d was used last; b has been idle longest
    const { client: newcomer } = await connect('e', false);

    expect(await works(newcomer)).toBe(true);
    expect(await Promise.all(idle.map(works))).toEqual([false, true, true]);
    figures.evicted++;
    expect(gw.gate.approvals.get(pending.id)).toBeDefined();
    figures.busyKept++;
    expect((await gw.control('deny', { id: pending.id, reason: 'test over' })).body).toMatchObject({ ok: true });
    expect((await call).isError).toBe(true);
  });

  it('keeps a session whose agent listens on its GET stream, and closes an idle one that does not', async () => {
    await start({ perClient: 2 });
    const listener = await connect('cli', true);
    await listener.listening;
    const quiet = await connect('cli', false);
    await quiet.client.listTools(); // the listener has been idle longest, yet it is there
    const third = await connect('cli', false);

    expect(await works(quiet.client)).toBe(false);
    expect(await works(listener.client)).toBe(true);
    expect(await works(third.client)).toBe(true);
    figures.evicted++;
    figures.busyKept++;
  });

  it('a client whose 32 sessions all hold a call is refused a 33rd, saying why, and starves no one', async () => {
    const gw = await start({}); // the defaults: 32 per client, 256 in all
    let held = 0;
    const allHeld = nextEvent(gw.gate.approvals.onDidAdd, () => ++held === 32);
    const calls: Array<Promise<unknown>> = [];
    for (let i = 0; i < 32; i++) {
      // Not listening: only the call in flight keeps each session.
      const call = (await connect('busy-agent', false)).client.callTool({ name: 'add_order', arguments: ORDER });
      call.catch(() => undefined); // answered below; a failing test must not leave 32 rejections behind
      calls.push(call);
    }
    await allHeld;

    const refusal = connect('busy-agent', false);
    await expect(refusal).rejects.toMatchObject({ code: 503 });
    await expect(refusal).rejects.toThrow(/Too many open sessions for client \\?"busy-agent\\?" \(32\), all busy/);
    await expect(refusal).rejects.toThrow(BUSY);
    figures.refused++;
    figures.busyKept += 32;
    const others = await Promise.all(['claude', 'cursor', 'inspector'].map((name) => connect(name, true)));
    for (const { client } of others) expect((await client.callTool({ name: 'server_time', arguments: {} })).isError).toBeFalsy();

    // Once its calls are answered, its sessions are idle again and make room for its next one.
    for (const pending of gw.gate.approvals.pending()) await gw.control('deny', { id: pending.id, reason: 'test over' });
    expect((await Promise.all(calls)).every((result) => (result as { isError?: boolean }).isError)).toBe(true);
    expect(await works((await connect('busy-agent', false)).client)).toBe(true);
    figures.evicted++;
  });

  it('refuses a newcomer, saying why, when every session has an event stream open', async () => {
    const gw = await start({ max: 3, perClient: 2 });
    for (const agent of [await connect('x', true), await connect('x', true)]) await agent.listening;
    await expect(connect('x', true)).rejects.toThrow(/Too many open sessions for client \\?"x\\?" \(2\), all busy/);
    // A legacy SSE session is its stream: it counts as open for as long as it exists.
    await gw.connect({ name: 'y', transport: 'sse' });
    figures.opened++;
    const refusal = connect('z', true);
    await expect(refusal).rejects.toThrow(/Too many open sessions \(3\), all busy/);
    await expect(refusal).rejects.toThrow(BUSY);
    figures.refused += 2;
    figures.busyKept += 3;
  });
});
