import { afterEach, describe, expect, it, vi } from 'vitest';
import { ElectronNotifier } from '../../../main/desktop/electron-notifier.js';
import { summarizeCall } from '../../../main/gate/approvals/index.js';
import { inertJson } from '../../../main/gate/text/inert.js';
import { Emitter } from '../../../main/gate/events.js';
import { NotificationController, type NotificationSource } from '../../../main/notify/controller.js';
import { dbusActions, escapeMarkup } from '../../../main/notify/dbus-notifier.js';
import { activationFromResponse, NodeNotifierNotifier, type NotifyFunction } from '../../../main/notify/node-notifier-backend.js';
import type { Notice, NoticeActivation } from '../../../main/notify/notice.js';
import type { NoticeHandlers, Notifier } from '../../../main/notify/notifier.js';
import { DEFAULT_SETTINGS, type GateEvent, type PendingApproval, type Status } from '../../../preload/api.js';
import { FakeShell } from '../../helpers/fake-shell.js';

class RecordingNotifier implements Notifier {
  readonly name = 'recording';
  readonly shown: Array<{ notice: Notice; handlers: NoticeHandlers }> = [];
  readonly withdrawn: string[] = [];
  constructor(readonly actions = true) {}
  async show(notice: Notice, handlers: NoticeHandlers) {
    this.shown.push({ notice, handlers });
  }
  async withdraw(key: string) {
    this.withdrawn.push(key);
  }
  async dispose() {}
  activate(key: string, activation: NoticeActivation) {
    this.shown.filter((s) => s.notice.key === key).at(-1)!.handlers.onActivate(activation);
  }
}

const status = (over: Partial<Status> = {}, upstream: Partial<Status['upstream']> = {}): Status => ({
  paused: false,
  pending: 0,
  upstream: { state: 'ready', exchange: 'paper', command: 'paper', restarts: 0, tools: 17, ...upstream },
  endpoint: 'http://127.0.0.1:1/mcp',
  changedTools: [],
  presence: { required: false, why: 'Paper exchange: no real money can move', mode: 'auto', configured: false },
  staged: {},
  refusedAttempts: [],
  ...over,
});

function held(id: string, volume: number): PendingApproval {
  const args = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume, price: '1000', validate: false };
  return { id, tool: 'add_order', arguments: args, argumentsText: inertJson(args), argsHash: `${id}-hash`, summary: summarizeCall({ tool: 'add_order', arguments: args }), createdAt: '', expiresAt: new Date(Date.now() + 60_000).toISOString() };
}

function fakeSource(initial: Status = status()) {
  const events = new Emitter<GateEvent>();
  const tools = new Emitter<string[]>();
  let current = initial;
  const api = {
    status: vi.fn(async () => current),
    pending: vi.fn(async () => [] as PendingApproval[]),
    settings: vi.fn(async () => ({ settings: DEFAULT_SETTINGS, path: '', restartRequired: [] })),
    approve: vi.fn(async ({ id }: { id: string }) => ({ ok: true as const, id, decision: 'approved' as const })),
    deny: vi.fn(async ({ id }: { id: string }) => ({ ok: true as const, id, decision: 'rejected' as const })),
  };
  const source: NotificationSource = { events: events.event, toolsChanged: tools.event, api, clicksArePresence: true };
  return {
    source,
    api,
    tools,
    fire(event: GateEvent) {
      if (event.type === 'status') current = event.status;
      events.fire(event);
    },
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('NotificationController', () => {
  afterEach(() => vi.useRealTimers());

  it('decides through the contract, via notification, bound to the arguments shown; only with the buttons it offered', async () => {
    const { source, api, fire } = fakeSource();
    const notifier = new RecordingNotifier();
    const opened: string[] = [];
    const controller = await NotificationController.attach(source, { notifier, openApproval: (id) => opened.push(id), log: () => undefined });
    fire({ type: 'pending-added', pending: held('SMALL', 0.01) });
    fire({ type: 'pending-added', pending: held('LARGE', 2) });
    await flush();
    expect(notifier.shown.map((s) => s.notice.actions.map((a) => a.id))).toEqual([['approve', 'deny'], ['review', 'deny']]);

    notifier.activate('SMALL', 'approve');
    notifier.activate('LARGE', 'approve');
    notifier.activate('LARGE', 'default');
    expect(api.approve.mock.calls).toEqual([[{ id: 'SMALL', argsHash: 'SMALL-hash' }]]);
    expect(opened).toEqual(['LARGE']);
    notifier.activate('LARGE', 'deny');
    expect(api.deny.mock.calls).toEqual([[{ id: 'LARGE' }]]);

    fire({ type: 'pending-decided', id: 'LARGE', decision: 'rejected', by: 'cli' });
    expect(notifier.withdrawn).toEqual(['LARGE']);
    await controller.dispose();
    expect(notifier.withdrawn).toEqual(['LARGE', 'SMALL']);
  });

  it('offers no Approve where a click is no proof of presence and one is required (the headless gateway\'s notices)', async () => {
    const { source, fire } = fakeSource(status({ presence: { required: true, why: 'Kraken (live): real money', mode: 'auto', configured: true } }));
    const notifier = new RecordingNotifier();
    await NotificationController.attach({ ...source, clicksArePresence: false }, { notifier, openApproval: () => undefined });
    fire({ type: 'pending-added', pending: held('SMALL', 0.01) });
    await flush();
    expect(notifier.shown.map((s) => s.notice.actions.map((a) => a.id))).toEqual([['review', 'deny']]);
    expect(notifier.shown[0]!.notice.body).toContain('approving needs your authenticator code: kraken-gate approve SMALL --code');
  });

  it('tells once about an edit of policy.json that waits for the person, with what it would loosen', async () => {
    const { source, fire } = fakeSource();
    const notifier = new RecordingNotifier();
    await NotificationController.attach(source, { notifier, openApproval: () => undefined });
    const staged = status({ staged: { rules: { hash: 'h1', at: '', loosenings: ['add_order: allow instead of ask'] } } });
    fire({ type: 'status', status: staged });
    fire({ type: 'status', status: staged });
    expect(notifier.shown.map((s) => [s.notice.title, s.notice.body])).toEqual([
      ['Kraken Gate: policy.json edited to let more through', 'Not in force until you apply it (kraken-gate rules diff): add_order: allow instead of ask'],
    ]);
  });

  it('does not show an approval decided while its notice was being prepared', async () => {
    const { source, fire } = fakeSource();
    const notifier = new RecordingNotifier();
    await NotificationController.attach(source, { notifier, openApproval: () => undefined });
    fire({ type: 'pending-added', pending: held('GONE', 0.01) });
    fire({ type: 'pending-decided', id: 'GONE', decision: 'expired', by: 'timeout' });
    await flush();
    expect(notifier.shown).toEqual([]);
  });

  it('tells about the pause changing and a tool changing upstream, without buttons', async () => {
    const { source, tools, fire } = fakeSource();
    const notifier = new RecordingNotifier();
    await NotificationController.attach(source, { notifier, openApproval: () => undefined });
    fire({ type: 'status', status: status() });
    fire({ type: 'status', status: status({ paused: true }) });
    tools.fire(['add_order']);
    fire({ type: 'status', status: status({ paused: false }) });
    expect(notifier.shown.map((s) => [s.notice.title, s.notice.actions.length])).toEqual([
      ['Kraken Gate: trading paused', 0],
      ['Kraken Gate: a tool changed upstream', 0],
      ['Kraken Gate: trading resumed', 0],
    ]);
  });

  it('tells about a down upstream only once it has been down for the grace period, and takes it back when it is up', async () => {
    vi.useFakeTimers();
    const { source, fire } = fakeSource();
    const notifier = new RecordingNotifier();
    await NotificationController.attach(source, { notifier, openApproval: () => undefined, upstreamDownMs: 10_000 });
    fire({ type: 'status', status: status({}, { state: 'restarting', restarts: 1, lastError: 'exited' }) });
    await vi.advanceTimersByTimeAsync(9_000);
    fire({ type: 'status', status: status() });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(notifier.shown).toEqual([]);

    fire({ type: 'status', status: status({}, { state: 'restarting', restarts: 2, lastError: 'exited before it was ready: no key' }) });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(notifier.shown.map((s) => s.notice.body)).toEqual(["paper has not been ready for 10 s: exited before it was ready: no key. Agents' calls wait until it is back."]);
    fire({ type: 'status', status: status() });
    expect(notifier.withdrawn).toEqual(['upstream']);
  });
});

describe('the notifiers\' own mapping of a click to an action', () => {
  const notice: Notice = { key: 'A', title: 't', body: 'b', actions: [{ id: 'review', label: 'Review' }, { id: 'deny', label: 'Deny' }], approvalId: 'A', urgency: 'critical', sticky: true };

  it('Electron: by the button\'s index, once per notice; closed when withdrawn', async () => {
    const shell = new FakeShell({ platform: 'win32' });
    const notifier = new ElectronNotifier(shell.notifications, 'win32');
    const got: NoticeActivation[] = [];
    await notifier.show(notice, { onActivate: (a) => got.push(a) });
    const [native] = shell.notificationsShown;
    expect(native?.options.actions).toEqual(['Review', 'Deny']);
    native!.click('Deny');
    native!.click('Review');
    expect(got).toEqual(['deny']);
    await notifier.show({ ...notice, key: 'B' }, { onActivate: () => undefined });
    await notifier.withdraw('B');
    expect(shell.notificationsShown[1]?.closed).toBe(true);
    expect(new ElectronNotifier(shell.notifications, 'linux').actions).toBe(false);
  });

  it('node-notifier: by the label it reports (macOS activationValue, Windows button), the body as default', async () => {
    expect(activationFromResponse(notice, 'activate', { activationValue: 'Deny' })).toBe('deny');
    expect(activationFromResponse(notice, 'deny', { button: 'Review' })).toBe('review');
    expect(activationFromResponse(notice, 'activate', {})).toBe('default');
    expect(activationFromResponse(notice, 'timeout', {})).toBeUndefined();
    expect(activationFromResponse(notice, 'activate', { activationValue: 'Approve' })).toBeUndefined();

    let answer: Parameters<NotifyFunction>[1] = () => undefined;
    const sent: Array<Record<string, unknown>> = [];
    const notifier = new NodeNotifierNotifier({ platform: 'darwin', notify: (options, callback) => (sent.push(options), (answer = callback)) });
    const got: NoticeActivation[] = [];
    await notifier.show(notice, { onActivate: (a) => got.push(a) });
    expect(sent[0]).toMatchObject({ title: 't', message: 'b', actions: ['Review', 'Deny'], wait: true });
    await notifier.withdraw('A');
    answer(null, 'activate', { activationValue: 'Deny' });
    expect(got).toEqual([]);
    expect(new NodeNotifierNotifier({ platform: 'linux' }).actions).toBe(false);
  });

  it('D-Bus: approve/deny/review keys plus default for the body; markup escaped', () => {
    expect(dbusActions(notice)).toEqual(['review', 'Review', 'deny', 'Deny', 'default', 'Open in Kraken Gate']);
    expect(dbusActions({ ...notice, approvalId: undefined, actions: [] })).toEqual([]);
    expect(escapeMarkup('<b>buy</b> & sell')).toBe('&lt;b&gt;buy&lt;/b&gt; &amp; sell');
  });
});
