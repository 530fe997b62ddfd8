// One local agent must not fill the session table for everyone (for the 30 minutes an abandoned
// session lingers). Sessions are capped per client (clientInfo.name); when a client's share or
// the table is full, the session idle longest makes room, never one with a call running; when
// every session is in recent use, the newcomer is refused with a reason.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { nextPending, startTestGateway, type TestGateway, type TestGatewayOptions } from '../helpers/gateway.js';

const ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.02, price: '1000', validate: false };
const figures = { opened: 0, evicted: 0, refused: 0, heldKept: 0 };

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
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
  });
  afterAll(() => {
    console.log(
      `[reliability] sessions: ${figures.opened} opened, ${figures.evicted} idle ones closed to make room (the longest idle first), ${figures.refused} refused with a reason when all were in use, ${figures.heldKept} with a held call kept`,
    );
  });

  async function start(sessions: TestGatewayOptions['sessions']): Promise<TestGateway> {
    gw = await startTestGateway({ sessions });
    return gw;
  }

  it('one client opening session after session keeps only its share; other clients still get in', async () => {
    const gw = await start({ max: 6, perClient: 3, idleWhenFullMs: 0 });
    const leaky: Client[] = [];
    for (let i = 0; i < 10; i++) {
      leaky.push(await gw.connect({ name: 'leaky-agent' }));
      figures.opened++;
    }
    // Its oldest sessions made room for its newest ones; the newest three work.
    const alive = await Promise.all(leaky.map(works));
    expect(alive).toEqual([...Array<boolean>(7).fill(false), true, true, true]);
    figures.evicted += 7;
    // Three places are left for everyone else.
    const others = await Promise.all(['claude', 'cursor', 'inspector'].map((name) => gw.connect({ name })));
    figures.opened += 3;
    expect(await Promise.all(others.map(works))).toEqual([true, true, true]);
    expect(gw.gateway.sessionCount).toBe(6);
  });

  it('a full table closes the session idle longest to make room, never one whose call is held', async () => {
    const gw = await start({ max: 4, perClient: 4, idleWhenFullMs: 0 });
    // The oldest session has an order waiting for the user: its agent is waiting, not gone.
    const waiting = await gw.connect({ name: 'a' });
    const held = nextPending(gw.gate);
    const call = waiting.callTool({ name: 'add_order', arguments: ORDER });
    const pending = await held;
    const idle = [await gw.connect({ name: 'b' }), await gw.connect({ name: 'c' }), await gw.connect({ name: 'd' })];
    await idle[2]!.listTools(); // d was used last; b has been idle longest
    const newcomer = await gw.connect({ name: 'e' });
    figures.opened += 5;

    expect(await works(newcomer)).toBe(true);
    expect(await Promise.all(idle.map(works))).toEqual([false, true, true]);
    figures.evicted++;
    expect(gw.gate.approvals.get(pending.id)).toBeDefined();
    figures.heldKept++;
    expect((await gw.control('deny', { id: pending.id, reason: 'test over' })).body).toMatchObject({ ok: true });
    expect((await call).isError).toBe(true);
  });

  it('refuses a newcomer with a reason when every session is in recent use', async () => {
    const gw = await start({ max: 3, perClient: 2 }); // sessions count as idle only after 60 s
    await gw.connect({ name: 'x' });
    await gw.connect({ name: 'x' });
    await expect(gw.connect({ name: 'x' })).rejects.toThrow(/Too many open sessions for client \\?"x\\?" \(2\), all in use/);
    await gw.connect({ name: 'y' });
    await expect(gw.connect({ name: 'z' })).rejects.toThrow(/Too many open sessions, all in use/);
    figures.opened += 3;
    figures.refused += 2;
  });
});
