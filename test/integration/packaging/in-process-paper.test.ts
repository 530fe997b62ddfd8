// The installed app runs with Electron's runAsNode fuse off, so its paper exchange cannot be a
// child Node process: it runs in the app's process over an in-memory MCP transport. Same gate,
// same approvals, same restarts as a child upstream.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { controlClient } from '../../../main/cli/control-client.js';
import { queryLog } from '../../../main/gate/calllog/index.js';
import { UpstreamClient } from '../../../main/gate/upstream/client.js';
import type { InProcessServer, ServerTransport } from '../../../main/gate/upstream/in-process.js';
import { PaperExchange } from '../../../main/paper/exchange.js';
import { createPaperServer } from '../../../main/paper/server.js';
import { callTool, nextEvent, nextPending, nextRecord } from '../../helpers/gateway.js';
import { launchPackagedApp, type PackagedApp } from './packaged-app.js';

const SLOW = { timeout: 60_000 };
const ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.01, price: '1000', userref: 4242, validate: false };

async function openWith(agent: Client, userref: number): Promise<number> {
  const open = (await agent.callTool({ name: 'open_orders', arguments: {} })).structuredContent as { open: Record<string, { userref: number }> };
  return Object.values(open.open).filter((o) => o.userref === userref).length;
}

let opened: PackagedApp[] = [];
afterEach(async () => {
  await Promise.allSettled(opened.map((t) => t.close()));
  opened = [];
});

describe('the paper exchange inside the app', SLOW, () => {
  it('serves the 17 tools with no process of its own; a held order approved over the control API is placed once', async () => {
    const t = await launchPackagedApp();
    opened.push(t);
    const status = await t.app.link.apiFor({ channel: 'window', present: true }).status({});
    expect(status.upstream).toMatchObject({ state: 'ready', command: 'kraken-gate paper (in the app)', tools: 17 });
    expect(status.upstream.pid).toBeUndefined();

    const agent = await t.connect();
    expect((await agent.listTools()).tools).toHaveLength(17);
    const gate = t.app.running!.gate;
    const held = nextPending(gate, 'add_order');
    const recorded = nextRecord(gate, (r) => r.tool === 'add_order');
    const call = callTool(agent, 'add_order', ORDER);
    const pending = await held;

    // The human, through the same control API the CLI uses.
    expect(await controlClient(t.dataDir).approve({ id: pending.id })).toMatchObject({ ok: true });
    expect((await call).isError).toBeFalsy();
    expect(await recorded).toMatchObject({ decision: 'approved', decidedBy: 'cli', arguments: ORDER });
    expect(await openWith(agent, ORDER.userref)).toBe(1);
    expect((await queryLog(gate.log.dir, { tool: 'add_order' })).records).toHaveLength(1);
  });

  it('a server that goes away is replaced by a fresh one, as a crashed child would be', async () => {
    const transports: ServerTransport[] = [];
    const server: InProcessServer = {
      label: 'paper (test)',
      connect: async (transport) => {
        transports.push(transport);
        await createPaperServer(new PaperExchange()).connect(transport);
      },
    };
    const upstream = new UpstreamClient({ command: server.label, args: [], inProcess: server, backoff: { initialMs: 10, maxMs: 10, stableMs: 60_000 } });
    try {
      await upstream.start();
      expect(upstream.state).toMatchObject({ state: 'ready', command: 'paper (test)', restarts: 0, tools: 17 });
      const before = await upstream.callTool('server_time', {});
      expect(before.isError).toBeFalsy();

      const back = nextEvent(upstream.onDidChangeState, (s) => s.state === 'ready');
      await transports[0]!.close();
      expect(await back).toMatchObject({ state: 'ready', restarts: 1 });
      expect(transports).toHaveLength(2);
      expect((await upstream.callTool('server_time', {})).isError).toBeFalsy();
    } finally {
      await upstream.stop();
    }
  });

  it('a restart of the gateway (new settings) starts a fresh in-process exchange on the same port', async () => {
    const t = await launchPackagedApp();
    opened.push(t);
    const port = t.app.running!.gateway.port;
    const agent = await t.connect();
    const held = nextPending(t.app.running!.gate, 'add_order');
    const call = callTool(agent, 'add_order', ORDER);
    await held;
    await t.app.restartGateway('a test restart');
    // The call waiting was refused with the reason; the new gate answers on the same port.
    expect((await call).isError).toBe(true);
    expect(t.app.running!.gateway.port).toBe(port);
    await t.app.running!.gate.upstream.whenReady();
    expect((await t.app.link.apiFor({ channel: 'window', present: true }).status({})).upstream).toMatchObject({ state: 'ready', command: 'kraken-gate paper (in the app)' });
  });
});
