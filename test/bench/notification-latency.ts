// How soon a held order reaches the person: from the moment the gate holds the call to the
// moment the notification is handed to the OS. Median of N real paper orders through the real
// gateway; each is then denied so the next starts from an empty queue. Two notifiers:
//  - recording: the controller's own cost (settings read, text, the show call), no OS in between;
//  - D-Bus: until a notification daemon on a private session bus has the Notify call (Linux's path),
//    when dbus-daemon is installed.
import { attachNotifications } from '../../main/notify/attach.js';
import type { Notice } from '../../main/notify/notice.js';
import type { Notifier } from '../../main/notify/notifier.js';
import { dbusDaemonMissing, startNotificationDaemon, startPrivateBus } from '../helpers/dbus.js';
import { callTool, startTestGateway } from '../helpers/gateway.js';
import { fmt, percentile } from './stats.js';

const ROUNDS = Number(process.env.BENCH_NOTIFY ?? 200);
const order = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.0001, price: '40000', validate: false };

/** Runs ROUNDS held orders; `shown(id)` resolves with process.hrtime.bigint() when that approval's notice was sent. */
async function measure(setup: (gw: Awaited<ReturnType<typeof startTestGateway>>) => Promise<{ shown: (id: string) => Promise<bigint>; stop(): Promise<void> }>): Promise<number[]> {
  const gw = await startTestGateway();
  const probe = await setup(gw);
  try {
    const agent = await gw.connect({ name: 'bench-notify' });
    const samples: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      let heldAt = 0n;
      const held = new Promise<string>((resolve) => {
        const dispose = gw.gate.approvals.onDidAdd((pending) => {
          heldAt = process.hrtime.bigint();
          dispose();
          resolve(pending.id);
        });
      });
      const call = callTool(agent, 'add_order', order);
      const id = await held;
      const sentAt = await probe.shown(id);
      samples.push(Number(sentAt - heldAt) / 1e6);
      await gw.api.deny({ id });
      await call;
    }
    return samples.sort((a, b) => a - b);
  } finally {
    await probe.stop();
    await gw.close();
  }
}

function waiter() {
  const times = new Map<string, bigint>();
  const waiting = new Map<string, (at: bigint) => void>();
  return {
    mark(id: string, at: bigint) {
      const wake = waiting.get(id);
      if (wake) wake(at);
      else times.set(id, at);
    },
    shown: (id: string) => {
      const at = times.get(id);
      return at !== undefined ? Promise.resolve(at) : new Promise<bigint>((resolve) => waiting.set(id, resolve));
    },
  };
}

const recording = await measure(async (gw) => {
  const w = waiter();
  const notifier: Notifier = {
    name: 'recording',
    actions: true,
    show: async (notice: Notice) => void (notice.approvalId && w.mark(notice.approvalId, process.hrtime.bigint())),
    withdraw: async () => undefined,
    dispose: async () => undefined,
  };
  const attached = await attachNotifications(gw, { notifier, log: () => undefined });
  return { shown: w.shown, stop: () => attached.dispose() };
});

let dbus: number[] | undefined;
const missing = dbusDaemonMissing();
if (!missing) {
  const bus = await startPrivateBus();
  try {
    dbus = await measure(async (gw) => {
      const w = waiter();
      const daemon = await startNotificationDaemon(bus.address);
      // One order waits at a time: the notice that arrives is its.
      daemon.onNotify((call) => {
        const pending = gw.gate.approvals.pending()[0];
        if (pending) w.mark(pending.id, call.receivedAt);
      });
      const attached = await attachNotifications(gw, { platform: 'linux', dbus: { busAddress: bus.address }, log: () => undefined });
      return {
        shown: w.shown,
        async stop() {
          await attached.dispose();
          daemon.stop();
        },
      };
    });
  } finally {
    bus.stop();
  }
}

console.log(`## Notification latency: ${ROUNDS} held paper orders, held → notification sent`);
console.log('| notifier | median | p90 | p99 |');
console.log('|---|---|---|---|');
console.log(`| controller alone (recording notifier) | ${fmt(percentile(recording, 50))} | ${fmt(percentile(recording, 90))} | ${fmt(percentile(recording, 99))} |`);
if (dbus) console.log(`| D-Bus Notify received by the notification daemon | ${fmt(percentile(dbus, 50))} | ${fmt(percentile(dbus, 90))} | ${fmt(percentile(dbus, 99))} |`);
else console.log(`\n(D-Bus not measured: ${missing})`);
