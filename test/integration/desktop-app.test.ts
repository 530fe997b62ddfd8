// The desktop app as a user meets it, in plain Node: the real DesktopApp with the real gate,
// gateway and paper exchange over stdio, an SDK client as the agent, and a recording fake of
// Electron standing in for the tray, the notifications and the window (no Electron binary here).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { appUrl } from '../../main/desktop/app-protocol.js';
import { DesktopApp } from '../../main/desktop/app.js';
import { queryLog } from '../../main/gate/calllog/index.js';
import { gateApi } from '../../preload/api.js';
import { GATE_EVENT_CHANNEL } from '../../preload/window-gate.js';
import { kg } from '../helpers/cli.js';
import { launchTestApp, nextNotification, trayIn, trayShows, type TestApp } from '../helpers/desktop.js';
import { FakeShell } from '../helpers/fake-shell.js';
import { callTool, nextEvent, nextPending, nextRecord, textOf } from '../helpers/gateway.js';

// Each test starts real processes (the paper exchange, sometimes the CLI); a loaded machine needs the room.
const SLOW = { timeout: 90_000 };

// 0.01 XBT at 1 000 USD: 10 USD, under the default one-click limit (1 000 USD).
const SMALL = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.01, price: '1000', userref: 8101, validate: false };
// 0.1 XBT at 50 000 USD: 5 000 USD, over it.
const LARGE = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '50000', userref: 8102, validate: false };

async function openOrdersWith(agent: Client, userref: number): Promise<number> {
  const open = (await agent.callTool({ name: 'open_orders', arguments: {} })).structuredContent as { open: Record<string, { userref: number }> };
  return Object.values(open.open).filter((o) => o.userref === userref).length;
}

const HEADLINE_SMALL = /^Buy 0\.01 XBT\/USD, limit 1\u202f000 USD/;
const HEADLINE_LARGE = /^Buy 0\.10 XBT\/USD, limit 50\u202f000 USD/;

let opened: TestApp[] = [];
async function launch(options: Parameters<typeof launchTestApp>[0] = {}): Promise<TestApp> {
  const t = await launchTestApp(options);
  opened.push(t);
  return t;
}
afterEach(async () => {
  await Promise.allSettled(opened.map((t) => t.close()));
  opened = [];
});

describe('the desktop app: notifications', SLOW, () => {
  it('raises a notification with Approve and Deny for a held order; Approve forwards exactly that order once, decided by notification', async () => {
    const { shell, app, connect } = await launch();
    const agent = await connect();
    const shown = nextNotification(shell);
    const recorded = nextRecord(app.running!.gate, (r) => r.tool === 'add_order');
    const call = callTool(agent, 'add_order', SMALL);
    const notification = await shown;

    expect(notification.options).toMatchObject({ title: 'Kraken Gate: approval needed', actions: ['Approve', 'Deny'], urgency: 'critical', sticky: true });
    expect(notification.options.body).toMatch(/^trading-agent wants to buy 0\.01 XBT\/USD, limit 1\u202f000 USD — about 10 USD · expires in [12]:\d\d$/);
    notification.click('Approve');

    const result = await call;
    expect(result.isError).toBeFalsy();
    expect(await recorded).toMatchObject({ decision: 'approved', decidedBy: 'notification', arguments: SMALL });
    expect(await openOrdersWith(agent, SMALL.userref)).toBe(1);
    expect((await queryLog(app.running!.gate.log.dir, { tool: 'add_order' })).records).toHaveLength(1);
    // A second click on a notice already used changes nothing.
    notification.click('Approve');
    await app.idle();
    expect(await openOrdersWith(agent, SMALL.userref)).toBe(1);
  });

  it('offers Review (which opens the window on that approval) and Deny, never Approve, above the one-click limit', async () => {
    const { shell, app, connect } = await launch();
    const agent = await connect();
    const shown = nextNotification(shell);
    const call = callTool(agent, 'add_order', LARGE);
    const notification = await shown;
    const [pending] = app.running!.gate.approvals.pending();

    expect(notification.options.actions).toEqual(['Review', 'Deny']);
    expect(notification.options.body).toContain('over your 1\u202f000 USD one-click limit');
    notification.click('Review');
    expect(shell.window?.loads).toEqual([appUrl(pending!.id)]);
    expect(shell.window?.focused).toBe(1);
    expect(app.running!.gate.approvals.pending()).toHaveLength(1);

    // The tray offers the same: Review and Deny.
    await trayIn(shell, 'pending');
    const entry = shell.trays.at(-1)!.item(HEADLINE_LARGE);
    expect(entry.kind === 'submenu' && entry.items.map((i) => (i.kind === 'separator' ? '—' : i.label)).slice(2)).toEqual(['Review…', 'Deny']);

    // One answer per notice (the OS takes it away after a click): decide in the tray now.
    const recorded = nextRecord(app.running!.gate, (r) => r.tool === 'add_order');
    notification.click('Deny');
    shell.trays.at(-1)!.click(HEADLINE_LARGE, 'Deny');
    expect((await call).isError).toBe(true);
    expect(await recorded).toMatchObject({ decision: 'rejected', decidedBy: 'tray' });
    expect(await openOrdersWith(agent, LARGE.userref)).toBe(0);
  });

  it('withdraws the notification when the order is decided from the tray', async () => {
    const { shell, app, connect } = await launch();
    const agent = await connect();
    const shown = nextNotification(shell);
    const call = callTool(agent, 'add_order', SMALL);
    const notification = await shown;
    await trayIn(shell, 'pending');

    const recorded = nextRecord(app.running!.gate, (r) => r.tool === 'add_order');
    shell.trays.at(-1)!.click(HEADLINE_SMALL, 'Approve');
    expect(await recorded).toMatchObject({ decision: 'approved', decidedBy: 'tray' });
    expect((await call).isError).toBeFalsy();
    expect(notification.closed).toBe(true);
  });

  it('withdraws the notification when the order is decided with the CLI', async () => {
    const { shell, app, connect, dataDir } = await launch();
    const agent = await connect();
    const shown = nextNotification(shell);
    const call = callTool(agent, 'add_order', SMALL);
    const notification = await shown;
    const [pending] = app.running!.gate.approvals.pending();

    const cli = await kg('deny', pending!.id, '--data-dir', dataDir);
    expect(cli).toMatchObject({ code: 0 });
    expect((await call).isError).toBe(true);
    expect(notification.closed).toBe(true);
    expect((await queryLog(app.running!.gate.log.dir, { tool: 'add_order' })).records[0]).toMatchObject({ decision: 'rejected', decidedBy: 'cli' });
  });

  it('tells, without buttons, when the upstream has been down for longer than the grace period', async () => {
    const { shell, app } = await launch({ upstreamDownMs: 100 });
    const pid = app.running!.gate.status().upstream.pid!;
    const shown = nextNotification(shell, /upstream down/);
    process.kill(pid, 'SIGKILL');
    const notice = await shown;
    expect(notice.options.actions).toEqual([]);
    expect(notice.options.body).toMatch(/has not been ready for \d+ s/);
    await trayIn(shell, 'upstream-down');
    await app.running!.gate.upstream.whenReady();
    await trayIn(shell, 'active');
  });
});

describe('the desktop app: tray', SLOW, () => {
  it('puts "Pause all trading" first, and the icon, tooltip and menu follow the state', async () => {
    const { shell, app, connect } = await launch();
    await trayShows(shell, /^Paper exchange ready/);
    const tray = shell.trays.at(-1)!;
    expect(tray.menu[0]).toEqual({ kind: 'checkbox', label: 'Pause all trading', checked: false, action: { type: 'toggle-pause' } });
    expect(tray.look).toMatchObject({ icon: '/icons/activeTemplate.png', tooltip: expect.stringContaining('no approvals waiting') });
    expect(tray.menu.map((i) => (i.kind === 'separator' ? '—' : i.label))).toEqual([
      'Pause all trading',
      '—',
      expect.stringMatching(/^Paper exchange ready \(\d+ tools\)$/),
      'No approvals waiting',
      'Deny all pending',
      '—',
      'Open Kraken Gate',
      'Copy MCP endpoint',
      'Copy config for…',
      '—',
      'Start at login',
      'Quit Kraken Gate',
    ]);

    const agent = await connect();
    const call = callTool(agent, 'add_order', SMALL);
    await trayIn(shell, 'pending');
    expect(shell.trays.at(-1)!.look.tooltip).toContain('1 approval waiting');
    expect(shell.trays.at(-1)!.item('1 approval waiting')).toBeTruthy();

    const recorded = nextRecord(app.running!.gate, (r) => r.tool === 'add_order');
    shell.trays.at(-1)!.click('Deny all pending');
    expect(await recorded).toMatchObject({ decision: 'rejected', decidedBy: 'tray' });
    await call;
    await trayIn(shell, 'active');
  });

  it('"Pause all trading" refuses a waiting order at once, and is still on after the app restarts', async () => {
    const first = await launch();
    const agent = await first.connect();
    const held = nextPending(first.app.running!.gate);
    const call = callTool(agent, 'add_order', SMALL);
    await held;
    const recorded = nextRecord(first.app.running!.gate, (r) => r.tool === 'add_order');
    const pausedNotice = nextNotification(first.shell, /trading paused/);
    first.shell.trays.at(-1)!.click('Pause all trading');

    const result = await call;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('paused');
    expect(await recorded).toMatchObject({ decision: 'rejected', decidedBy: 'tray', rule: 'pause' });
    await trayIn(first.shell, 'paused');
    expect(first.shell.trays.at(-1)!.menu[0]).toMatchObject({ label: 'Pause all trading', checked: true });
    expect((await pausedNotice).options.actions).toEqual([]);
    await first.app.quit('restart test');

    const second = await launch({ dataDir: first.dataDir });
    await trayIn(second.shell, 'paused');
    expect(second.shell.trays.at(-1)!.menu[0]).toMatchObject({ label: 'Pause all trading', checked: true });
    const again = await callTool(await second.connect(), 'add_order', SMALL);
    expect(again.isError).toBe(true);
    expect((await queryLog(second.app.running!.gate.log.dir, { tool: 'add_order' })).records[0]).toMatchObject({ decision: 'denied', rule: 'pause' });
  });

  it('copies the MCP endpoint and each client\'s config', async () => {
    const { shell, app, dataDir } = await launch();
    const tray = shell.trays.at(-1)!;
    const url = app.running!.gateway.url;
    const token = readFileSync(join(dataDir, 'gateway-token'), 'utf8').trim();
    tray.click('Copy MCP endpoint');
    tray.click('Copy config for…', 'Cursor');
    tray.click('Copy config for…', 'Claude Desktop');
    tray.click('Copy config for…', 'Claude Code');
    await app.idle();
    const [endpoint, cursor, claudeDesktop, claudeCode] = shell.clipboardTexts;
    expect(endpoint).toBe(url);
    expect(JSON.parse(cursor!)).toEqual({ mcpServers: { 'kraken-gate': { url, headers: { Authorization: `Bearer ${token}` } } } });
    expect(JSON.parse(claudeDesktop!).mcpServers['kraken-gate']).toMatchObject({ command: process.execPath, args: expect.arrayContaining(['connect']) });
    expect(claudeCode).toMatch(/^claude mcp add --transport http --scope user kraken-gate http:\/\/127\.0\.0\.1:\d+\/mcp --header/);
    expect(shell.notificationsShown.at(-1)?.options.title).toBe('Kraken Gate: Claude Code config copied');
  });

  it('"Start at login" uses the login items on macOS', async () => {
    const { shell, app } = await launch({ platform: 'darwin' });
    expect(shell.loginItems).toEqual([{ openAtLogin: false, args: ['--hidden'] }]);
    shell.trays.at(-1)!.click('Start at login');
    await app.idle();
    expect(shell.loginItems.at(-1)).toEqual({ openAtLogin: true, args: ['--hidden'] });
    await nextEvent(shell.trays.at(-1)!.onDidSetMenu, (menu) => menu.some((i) => i.kind === 'checkbox' && i.label === 'Start at login' && i.checked));
  });

  it('"Start at login" writes and removes an XDG autostart entry on Linux', async () => {
    const { shell, app, dataDir } = await launch({ platform: 'linux', notifier: undefined });
    const entry = join(dataDir, '.config', 'autostart', 'kraken-gate.desktop');
    expect(existsSync(entry)).toBe(false);
    shell.trays.at(-1)!.click('Start at login');
    await app.idle();
    expect(readFileSync(entry, 'utf8')).toContain('Exec="/opt/Kraken Gate/kraken-gate" --hidden\n');
    expect(shell.loginItems).toEqual([]);
    shell.trays.at(-1)!.click('Start at login');
    await app.idle();
    expect(existsSync(entry)).toBe(false);
  });
});

describe('the desktop app: lifecycle', SLOW, () => {
  it('lives in the tray: no Dock icon on macOS, no window until asked; a second launch opens and focuses it; closing it keeps the app', async () => {
    const { shell, app } = await launch({ platform: 'darwin' });
    expect(shell.dockHidden).toBe(true);
    expect(shell.windowsCreated).toHaveLength(0);

    shell.launchAgain();
    expect(shell.windowsCreated).toHaveLength(1);
    expect(shell.window).toMatchObject({ loads: [appUrl()], shown: 1, focused: 1 });
    shell.launchAgain();
    expect(shell.windowsCreated).toHaveLength(1);
    expect(shell.window?.focused).toBe(2);

    shell.closeAllWindows();
    expect(shell.window).toBeUndefined();
    expect(shell.quitCalls).toBe(0);
    expect(app.running!.gate.status().upstream.state).toBe('ready');
    shell.trays.at(-1)!.click('Open Kraken Gate');
    await app.idle();
    expect(shell.windowsCreated).toHaveLength(2);
  });

  it('a second instance starts nothing and exits at once', async () => {
    const shell = new FakeShell({ lock: false });
    const app = await DesktopApp.launch({
      shell,
      dataDir: '/nonexistent/never-created',
      paper: { command: 'false', args: [] },
      connectLauncher: { command: 'false', args: [] },
      iconDir: '/icons',
      preloadPath: '/p',
      rendererDir: '/r',
      fallbackDir: '/f',
      launchCommand: ['kraken-gate'],
    });
    expect(app).toBeUndefined();
    expect(shell.quitCalls).toBe(1);
    expect(shell.trays).toHaveLength(0);
    expect(existsSync('/nonexistent/never-created')).toBe(false);
  });

  it.each([
    ['the tray menu', (t: TestApp) => t.shell.trays.at(-1)!.click('Quit Kraken Gate'), 'from the tray menu'],
    ['SIGTERM', (t: TestApp) => t.shell.signal('SIGTERM'), 'SIGTERM received'],
    ['logout', (t: TestApp) => expect(t.shell.endSession()).toBe(true), 'the session ended'],
    ['the OS (Cmd+Q)', (t: TestApp) => expect(t.shell.requestQuit()).toBe(true), 'the app was asked to quit'],
  ])('quitting through %s denies a waiting order, records it, stops the upstream and exits', async (_how, quit, why) => {
    const t = await launch();
    const agent = await t.connect();
    const held = nextPending(t.app.running!.gate);
    const call = callTool(agent, 'add_order', SMALL);
    await held;
    const gate = t.app.running!.gate;
    const exited = nextEvent(t.shell.onDidQuit);

    quit(t);
    const result = await call;
    await exited;

    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(`Kraken Gate was quit (${why}) before anyone decided.`);
    const records = (await queryLog(gate.log.dir, { tool: 'add_order' })).records;
    expect(records).toEqual([expect.objectContaining({ decision: 'rejected', reason: `Kraken Gate was quit (${why}) before anyone decided.`, arguments: SMALL })]);
    expect(gate.status().upstream.state).toBe('stopped');
    expect(existsSync(join(t.dataDir, 'runtime.json'))).toBe(false);
    expect(t.shell.trays.at(-1)!.destroyed).toBe(true);
    expect(t.shell.quitCalls).toBe(1);
    // The OS's own quit that follows is let through.
    expect(t.shell.requestQuit()).toBe(false);
  });
});

describe('the desktop app: window IPC', SLOW, () => {
  it('answers the window\'s top frame, parses every payload, records its decisions as the window\'s, and refuses everyone else', async () => {
    const { shell, app, connect } = await launch();
    shell.launchAgain();
    const window = shell.window!;
    const trusted = shell.windowSender();

    expect(await shell.invoke('gate:status', {}, trusted)).toMatchObject({ paused: false, upstream: { state: 'ready' } });
    // One channel per method of the contract, and no other (no generic "call" channel).
    expect([...shell.handlers.keys()].sort()).toEqual(Object.keys(gateApi).map((m) => `gate:${m}`).sort());

    await expect(shell.invoke('gate:approve', { id: 42 }, trusted)).rejects.toThrow(/invalid input for approve: id/);
    await expect(shell.invoke('gate:pause', { extra: true }, trusted)).rejects.toThrow(/invalid input for pause/);
    await expect(shell.invoke('gate:status', {}, { ...trusted, frameUrl: 'https://evil.example/' })).rejects.toThrow(/Refused/);
    await expect(shell.invoke('gate:status', {}, { ...trusted, frameUrl: 'file:///etc/passwd' })).rejects.toThrow(/Refused/);
    await expect(shell.invoke('gate:status', {}, { ...trusted, mainFrame: false })).rejects.toThrow(/Refused/);
    await expect(shell.invoke('gate:status', {}, { ...trusted, webContentsId: window.webContentsId + 1 })).rejects.toThrow(/Refused/);
    await expect(shell.invoke('gate:status', {}, { ...trusted, frameUrl: undefined })).rejects.toThrow(/Refused/);
    expect(app.running!.gate.pause.paused).toBe(false);

    // The page claims to be a notification: the log still says window.
    const agent = await connect();
    const held = nextPending(app.running!.gate);
    const call = callTool(agent, 'add_order', SMALL);
    const pending = await held;
    expect(window.sent).toContainEqual({ channel: GATE_EVENT_CHANNEL, payload: expect.objectContaining({ type: 'pending-added' }) });
    const recorded = nextRecord(app.running!.gate, (r) => r.tool === 'add_order');
    expect(await shell.invoke('gate:deny', { id: pending.id }, trusted)).toEqual({ ok: true, id: pending.id, decision: 'rejected' });
    expect(await recorded).toMatchObject({ decidedBy: 'window' });
    await call;

    // Once the window is closed, nothing answers even its old frame.
    window.close();
    await expect(shell.invoke('gate:status', {}, trusted)).rejects.toThrow(/Refused/);
  });
});

describe('the desktop app: settings and API keys', SLOW, () => {
  it('stores the API keys encrypted, gives them to the upstream\'s environment only, and never back to the window', async () => {
    const { shell, app, dataDir, lines } = await launch({ platform: 'linux', notifier: { name: 'silent', actions: false, show: async () => undefined, withdraw: async () => undefined, dispose: async () => undefined } });
    shell.launchAgain();
    const before = app.running!.gate.status().upstream.pid;
    const restarted = nextEvent(app.link.onEvent, (e) => e.type === 'status' && e.status.upstream.state === 'ready' && e.status.upstream.pid !== before);

    const set = await shell.invoke('gate:setKeys', { apiKey: 'K-public-123', apiSecret: 'S-secret-456' }, shell.windowSender());
    expect(set).toMatchObject({ ok: true });
    await restarted;

    expect(await shell.invoke('gate:keys', {}, shell.windowSender())).toEqual({ hasKeys: true, source: 'keychain', canSet: true });
    const stored = readFileSync(join(dataDir, 'api-keys.enc'), 'utf8');
    expect(stored).not.toContain('S-secret-456');
    expect(stored).not.toContain(Buffer.from('S-secret-456').toString('base64'));
    const pid = app.running!.gate.status().upstream.pid!;
    if (process.platform === 'linux') {
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      expect(environ).toContain('KRAKEN_API_KEY=K-public-123');
      expect(environ).toContain('KRAKEN_API_SECRET=S-secret-456');
    }
    const everything = JSON.stringify([lines, shell.window!.sent, await shell.invoke('gate:settings', {}, shell.windowSender()), app.running!.gate.status()]);
    expect(everything).not.toContain('S-secret-456');
    expect(everything).not.toContain('K-public-123');
  });

  it('refuses to store keys where the only "keychain" is a hard-coded key', async () => {
    const { shell } = await launch({ platform: 'linux', storageBackend: 'basic_text' });
    shell.launchAgain();
    expect(await shell.invoke('gate:keys', {}, shell.windowSender())).toEqual({ hasKeys: false, source: 'none', canSet: false });
    expect(await shell.invoke('gate:setKeys', { apiKey: 'k', apiSecret: 's' }, shell.windowSender())).toMatchObject({ ok: false, message: expect.stringContaining('hard-coded key') });
  });

  it('restarts the upstream cleanly when the upstream setting changes: a waiting order is refused with the reason, the port stays, calls work after', async () => {
    const { app, connect } = await launch();
    const port = app.running!.gateway.port;
    const agent = await connect();
    const held = nextPending(app.running!.gate);
    const call = callTool(agent, 'add_order', SMALL);
    await held;
    const oldGate = app.running!.gate;
    const restarted = nextEvent(app.link.onEvent, (e) => e.type === 'status' && e.status.upstream.state === 'ready' && app.running!.gate !== oldGate);

    const paper = (await import('../../main/paper/command.js')).paperCommand();
    const changed = await app.link.apiFor({ channel: 'window', present: true }).updateSettings({ changes: { upstream: { kind: 'command', command: paper.command, args: paper.args } } });
    expect(changed.ok).toBe(true);
    expect(textOf(await call)).toMatch(/^Kraken Gate restarted its upstream \(the upstream setting changed\) before anyone decided/);
    await restarted;

    expect(app.running!.gateway.port).toBe(port);
    expect(oldGate.status().upstream.state).toBe('stopped');
    const fresh = await connect('after-restart');
    const ticker = await callTool(fresh, 'ticker', { pairs: 'XBTUSD' });
    expect(ticker.isError, textOf(ticker)).toBeFalsy();
  });
});
