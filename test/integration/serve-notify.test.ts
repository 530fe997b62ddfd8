// `kraken-gate serve --notify` as a user runs it: its own process, a private session bus with a
// stand-in notification daemon that presses Approve, an SDK client placing a small real order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryLog } from '../../main/gate/calllog/index.js';
import { kg } from '../helpers/cli.js';
import { dbusDaemonMissing, startNotificationDaemon, startPrivateBus, type PrivateBus, type TestNotificationDaemon } from '../helpers/dbus.js';
import { callTool } from '../helpers/gateway.js';
import { spawnServe, type ServeProcess } from '../helpers/serve-process.js';

const missing = dbusDaemonMissing();
if (missing) console.warn(`skipping serve --notify: ${missing}`);

const SMALL = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.01, price: '1000', validate: false };

describe.skipIf(missing !== undefined || process.platform !== 'linux')('kraken-gate serve --notify', { timeout: 90_000 }, () => {
  let bus: PrivateBus;
  let daemon: TestNotificationDaemon;
  let serve: ServeProcess;
  const dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-notify-'));

  beforeAll(async () => {
    bus = await startPrivateBus();
    daemon = await startNotificationDaemon(bus.address, { answer: (call) => (call.actions.includes('approve') ? 'approve' : undefined) });
    const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
    process.env.DBUS_SESSION_BUS_ADDRESS = bus.address;
    try {
      serve = await spawnServe(dataDir, ['--notify']);
    } finally {
      if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
      else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
    }
  }, 90_000);
  afterAll(async () => {
    serve?.child.kill('SIGTERM');
    daemon?.stop();
    bus?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the held order with Approve; pressing it sends the order, recorded as decided by notification', async () => {
    const agent = await serve.connect('trading-agent');
    const result = await callTool(agent, 'add_order', SMALL);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ txid: [expect.any(String)] });
    expect(daemon.notified[0]?.body).toMatch(/^trading-agent wants to buy 0\.01 XBT\/USD, limit 1\u202f000 USD/);
    expect(serve.output()).toContain('notifications: ');
    const [record] = (await queryLog(join(dataDir, 'calls'), { tool: 'add_order' })).records;
    expect(record).toMatchObject({ decision: 'approved', decidedBy: 'notification' });
    await agent.close();
  });

  it('kraken-gate keys: the headless gateway says where its keys come from and refuses to store any', async () => {
    const status = await kg('keys', 'status', '--data-dir', dataDir);
    expect(status).toMatchObject({ code: 0, stdout: expect.stringContaining('API keys: not set') });
    const typo = await kg('keys', 'sett', '--data-dir', dataDir);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/set, status, clear/);
  });
});
