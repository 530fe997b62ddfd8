// Auto-update in the desktop app, with the real gate, gateway and control API and a fake
// electron-updater: the update is looked for and downloaded while the app runs, and installed only
// as the app exits after a quit that refused and recorded every waiting call and stopped the gate.
import { afterEach, describe, expect, it } from 'vitest';
import { controlClient } from '../../../main/cli/control-client.js';
import { callTool, nextEvent, nextPending, nextRecord } from '../../helpers/gateway.js';
import { FakeUpdater } from './fake-updater.js';
import { launchPackagedApp, type PackagedApp } from './packaged-app.js';

const SLOW = { timeout: 60_000 };
const ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.01, price: '1000', userref: 5151, validate: false };

let opened: PackagedApp[] = [];
afterEach(async () => {
  await Promise.allSettled(opened.map((t) => t.close()));
  opened = [];
});

async function launchWithUpdater(updater: FakeUpdater, env: NodeJS.ProcessEnv = {}): Promise<PackagedApp> {
  const t = await launchPackagedApp({ updater: () => updater, updateTiming: { firstCheckMs: 1, intervalMs: 3_600_000 }, env });
  opened.push(t);
  return t;
}

describe('auto-update in the app', SLOW, () => {
  it('looks after the start, downloads in the background and tells the user it is installed on the next quit', async () => {
    const updater = new FakeUpdater();
    const looked = nextEvent(updater.onDidCheck);
    const t = await launchWithUpdater(updater);
    await looked;
    updater.download('0.2.0');
    expect(t.shell.notificationsShown.map((n) => n.options)).toContainEqual(
      expect.objectContaining({ title: 'Kraken Gate: update ready', body: 'Version 0.2.0 is installed the next time you quit Kraken Gate.', actions: [] }),
    );
    // Nothing installs or restarts while the app runs.
    expect(updater.exitDecisions).toEqual([]);
    expect(t.shell.quitCalls).toBe(0);
  });

  it('an approval pending while the update waits is decided as usual; the update does not touch it', async () => {
    const updater = new FakeUpdater();
    const t = await launchWithUpdater(updater);
    updater.download('0.2.0');
    const agent = await t.connect();
    const gate = t.app.running!.gate;
    const held = nextPending(gate, 'add_order');
    const recorded = nextRecord(gate, (r) => r.tool === 'add_order');
    const call = callTool(agent, 'add_order', ORDER);
    const pending = await held;
    expect(await controlClient(t.dataDir).approve({ id: pending.id })).toMatchObject({ ok: true });
    expect((await call).isError).toBeFalsy();
    expect(await recorded).toMatchObject({ decision: 'approved', decidedBy: 'cli' });
    expect(updater.exitDecisions).toEqual([]);
  });

  it('quitting with an order waiting: the order is refused and recorded, the gate stops, and only then is the update installed', async () => {
    const updater = new FakeUpdater();
    const t = await launchWithUpdater(updater);
    updater.download('0.2.0');
    const agent = await t.connect();
    const gate = t.app.running!.gate;
    const held = nextPending(gate, 'add_order');
    const recorded = nextRecord(gate, (r) => r.tool === 'add_order');
    const call = callTool(agent, 'add_order', ORDER);
    await held;

    let atDecision: { gateRunning: boolean; pending: number; recorded: boolean; quitCalls: number } | undefined;
    let recordedYet = false;
    void recorded.then(() => (recordedYet = true));
    updater.onExitDecision = () => {
      atDecision = { gateRunning: t.app.running !== undefined, pending: gate.approvals.pending().length, recorded: recordedYet, quitCalls: t.shell.quitCalls };
    };
    expect(t.shell.requestQuit()).toBe(true); // held off until the gate has stopped
    await nextEvent(t.shell.onDidQuit);

    expect(await recorded).toMatchObject({ decision: 'rejected', reason: expect.stringMatching(/Kraken Gate was quit/) });
    expect((await call).isError).toBe(true);
    expect(updater.exitDecisions).toEqual([true]);
    expect(atDecision).toEqual({ gateRunning: false, pending: 0, recorded: true, quitCalls: 0 });
    expect(t.shell.quitCalls).toBe(1);
    expect(t.lines).toContain('updates: installing Kraken Gate 0.2.0 now that the app has stopped');
  });

  it('logging out or shutting down quits cleanly but leaves the update for the next quit', async () => {
    const updater = new FakeUpdater();
    const t = await launchWithUpdater(updater);
    updater.download('0.2.0');
    expect(t.shell.endSession()).toBe(true);
    await nextEvent(t.shell.onDidQuit);
    expect(updater.exitDecisions).toEqual([false]);
    expect(t.lines).toContain('updates: not installing Kraken Gate 0.2.0 on this quit (the session is ending); it waits for the next one');
  });

  it('an install that does not update itself never loads electron-updater', async () => {
    let made = 0;
    const t = await launchPackagedApp({
      updater: () => {
        made += 1;
        return new FakeUpdater();
      },
      env: { KRAKEN_GATE_NO_UPDATES: '1' },
    });
    opened.push(t);
    expect(made).toBe(0);
    expect(t.app.updates).toBeUndefined();
    expect(t.lines).toContain('updates: off (KRAKEN_GATE_NO_UPDATES is set)');
  });
});
