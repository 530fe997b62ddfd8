// Linux notifications for real: a private session bus (dbus-daemon), a stand-in notification daemon
// speaking org.freedesktop.Notifications, the real gateway and paper exchange, an SDK client as the
// agent. The notifier under test is the one `kraken-gate serve --notify` and the desktop app use.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryLog } from '../../main/gate/calllog/index.js';
import { Emitter } from '../../main/gate/events.js';
import { attachNotifications, type AttachedNotifications } from '../../main/notify/attach.js';
import { dbusDaemonMissing, startNotificationDaemon, startPrivateBus, type PrivateBus, type TestNotificationDaemon } from '../helpers/dbus.js';
import { launchTestApp } from '../helpers/desktop.js';
import { callTool, nextEvent, nextPending, nextRecord, startTestGateway, type TestGateway } from '../helpers/gateway.js';

// Each test starts real processes (the paper exchange, sometimes the CLI); a loaded machine needs the room.
const SLOW = { timeout: 90_000 };

const missing = dbusDaemonMissing();
if (missing) console.warn(`skipping the D-Bus notification tests: ${missing}`);

// 0.01 XBT at 1 000 USD: worth 10 USD, under the default one-click limit of 1 000 USD.
const SMALL = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.01, price: '1000', userref: 7101, validate: false };
// 0.1 XBT at 50 000 USD: 5 000 USD, over it.
const LARGE = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '50000', userref: 7102, validate: false };

async function openOrdersWith(gw: TestGateway, userref: number): Promise<number> {
  const client = await gw.connect({ name: 'inspector' });
  const open = (await client.callTool({ name: 'open_orders', arguments: {} })).structuredContent as { open: Record<string, { userref: number }> };
  return Object.values(open.open).filter((o) => o.userref === userref).length;
}

describe.skipIf(missing !== undefined)('Linux notifications over D-Bus (serve --notify)', SLOW, () => {
  let bus: PrivateBus;
  let gw: TestGateway;
  let daemon: TestNotificationDaemon | undefined;
  let attached: AttachedNotifications | undefined;
  const lines = new Emitter<string>();

  beforeAll(async () => {
    bus = await startPrivateBus();
    gw = await startTestGateway();
  });
  afterEach(async () => {
    await attached?.dispose();
    daemon?.stop();
    attached = undefined;
    daemon = undefined;
  });
  afterAll(async () => {
    await gw?.close();
    bus?.stop();
  });

  async function attach(options: Parameters<typeof startNotificationDaemon>[1] = {}) {
    daemon = await startNotificationDaemon(bus.address, options);
    attached = await attachNotifications(gw, { platform: 'linux', dbus: { busAddress: bus.address }, log: (line) => lines.fire(line) });
    return { daemon, attached };
  }

  it('shows a held order with Approve and Deny; the daemon\'s ActionInvoked(approve) places exactly that order once, decided by notification', async () => {
    const { daemon, attached } = await attach({ answer: (call) => (call.actions.includes('approve') ? 'approve' : undefined) });
    expect(attached.notifier.name).toBe('dbus');
    const agent = await gw.connect({ name: 'trading-agent' });
    const recorded = nextRecord(gw.gate, (r) => r.tool === 'add_order');

    const result = await callTool(agent, 'add_order', SMALL);

    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ txid: [expect.any(String)] });
    const [notice] = daemon.notified;
    expect(daemon.notified).toHaveLength(1);
    expect(notice).toMatchObject({
      appName: 'Kraken Gate',
      summary: 'Kraken Gate: approval needed',
      actions: ['approve', 'Approve', 'deny', 'Deny', 'default', 'Open in Kraken Gate'],
      expireTimeout: 0,
      hints: { urgency: 2, 'desktop-entry': 'kraken-gate' },
    });
    expect(notice?.body).toMatch(/^trading-agent wants to buy 0\.01 XBT\/USD, limit 1\u202f000 USD — about 10 USD · expires in [12]:\d\d$/);
    const record = await recorded;
    expect(record).toMatchObject({ decision: 'approved', decidedBy: 'notification', arguments: SMALL });
    expect(await openOrdersWith(gw, SMALL.userref)).toBe(1);
    expect((await queryLog(gw.gate.log.dir, { tool: 'add_order' })).records).toHaveLength(1);
  });

  it('offers Review and Deny above the one-click limit, and ignores an approve the notice did not offer', async () => {
    const { daemon } = await attach({ answer: () => 'approve' });
    const agent = await gw.connect();
    const held = nextPending(gw.gate);
    const ignored = nextEvent(lines.event, (line) => line.includes('ignored "approve"'));
    const call = callTool(agent, 'add_order', LARGE);
    const pending = await held;
    await ignored;

    expect(daemon.notified.at(-1)?.actions).toEqual(['review', 'Review', 'deny', 'Deny', 'default', 'Open in Kraken Gate']);
    expect(daemon.notified.at(-1)?.body).toContain('over your 1\u202f000 USD one-click limit: review it');
    expect(gw.gate.approvals.pending().map((p) => p.id)).toEqual([pending.id]);

    const recorded = nextRecord(gw.gate, (r) => r.tool === 'add_order');
    await gw.control('deny', { id: pending.id });
    expect((await call).isError).toBe(true);
    expect(await recorded).toMatchObject({ decision: 'rejected', decidedBy: 'cli' });
    expect(await openOrdersWith(gw, LARGE.userref)).toBe(0);
  });

  it('withdraws the notification (CloseNotification) when the order is decided from the CLI', async () => {
    const { daemon } = await attach();
    const agent = await gw.connect();
    const shown = nextEvent(daemon.onNotify);
    const call = callTool(agent, 'add_order', { ...SMALL, userref: 7103 });
    const notice = await shown;
    const pending = gw.gate.approvals.pending()[0]!;

    const closed = nextEvent(daemon.onClose, (id) => id === notice.id);
    await gw.control('deny', { id: pending.id });
    await closed;
    expect((await call).isError).toBe(true);
  });

  it('shows no buttons where the daemon has none, and says where to decide instead', async () => {
    const { daemon, attached } = await attach({ capabilities: ['body'] });
    expect(attached.notifier.actions).toBe(false);
    const agent = await gw.connect();
    const shown = nextEvent(daemon.onNotify);
    const call = callTool(agent, 'add_order', { ...SMALL, userref: 7104 });
    const notice = await shown;
    const pending = gw.gate.approvals.pending()[0]!;
    expect(notice.actions).toEqual([]);
    expect(notice.body).toContain(`kraken-gate approve ${pending.id}`);
    await gw.control('deny', { id: pending.id });
    await call;
  });
});

describe.skipIf(missing !== undefined)('the desktop app on Linux notifies over D-Bus', SLOW, () => {
  let bus: PrivateBus;
  beforeAll(async () => {
    bus = await startPrivateBus();
  });
  afterAll(() => bus?.stop());

  it('picks the D-Bus notifier, and the daemon\'s approve places the order, decided by notification', async () => {
    const daemon = await startNotificationDaemon(bus.address, { answer: (call) => (call.actions.includes('approve') ? 'approve' : undefined) });
    const t = await launchTestApp({ platform: 'linux', env: { DBUS_SESSION_BUS_ADDRESS: bus.address } });
    try {
      expect(t.app.notifier?.name).toBe('dbus');
      const agent = await t.connect();
      const recorded = nextRecord(t.app.running!.gate, (r) => r.tool === 'add_order');
      const result = await callTool(agent, 'add_order', { ...SMALL, userref: 7201 });
      expect(result.isError).toBeFalsy();
      expect(await recorded).toMatchObject({ decision: 'approved', decidedBy: 'notification' });
      expect(daemon.notified.map((n) => n.summary)).toContain('Kraken Gate: approval needed');
      // The tray's own notifier (Electron's, without buttons on Linux) was not used.
      expect(t.shell.notificationsShown).toEqual([]);
    } finally {
      await t.close();
      daemon.stop();
    }
  });
});
