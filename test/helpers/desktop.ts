// The desktop app in a test: the real DesktopApp (real gate, gateway, paper exchange over stdio)
// on a recording fake of Electron, with an SDK client as the agent.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Settings } from '../../preload/api.js';
import { DesktopApp } from '../../main/desktop/app.js';
import type { TrayState } from '../../main/desktop/tray-look.js';
import type { MenuItemModel } from '../../main/desktop/menu-model.js';
import { connectLauncher } from '../../main/clients/index.js';
import { readToken } from '../../main/gate/state/token.js';
import { nextEvent } from './gateway.js';
import type { Notifier } from '../../main/notify/notifier.js';
import { paperCommand } from '../../main/paper/command.js';
import { FakeShell, type FakeNotification, type FakeShellOptions } from './fake-shell.js';

export const FALLBACK_DIR = fileURLToPath(new URL('../../main/desktop/fallback', import.meta.url));
export const LAUNCH_COMMAND = ['/opt/Kraken Gate/kraken-gate'];

export interface TestAppOptions extends FakeShellOptions {
  /** Reuse a data dir (an app restart); kept on close. */
  dataDir?: string;
  shell?: FakeShell;
  /** Written to settings.json before the app starts. */
  settings?: Partial<Settings>;
  hidden?: boolean;
  env?: NodeJS.ProcessEnv;
  notifier?: Notifier;
  upstreamDownMs?: number;
}

export interface TestApp {
  app: DesktopApp;
  shell: FakeShell;
  dataDir: string;
  lines: string[];
  connect(name?: string): Promise<Client>;
  /** Quits the app (if the test did not) and removes the data dir unless it was handed in. */
  close(): Promise<void>;
}

export async function launchTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kraken-gate-desktop-'));
  if (options.settings) writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(options.settings));
  const shell = options.shell ?? new FakeShell(options);
  const lines: string[] = [];
  const paper = paperCommand();
  const app = await DesktopApp.launch({
    shell,
    dataDir,
    port: 0,
    paper,
    connectLauncher: connectLauncher({ dataDir }),
    iconDir: '/icons',
    preloadPath: '/app/preload.cjs',
    rendererDir: join(dataDir, 'no-renderer-here'),
    fallbackDir: FALLBACK_DIR,
    launchCommand: LAUNCH_COMMAND,
    hidden: options.hidden ?? true,
    env: options.env ?? {},
    home: dataDir,
    notifier: options.notifier,
    upstreamDownMs: options.upstreamDownMs,
    log: (line) => void lines.push(line),
  });
  if (!app) throw new Error('the app did not start (single-instance lock refused)');
  await app.running!.gate.upstream.whenReady();
  const clients: Client[] = [];
  return {
    app,
    shell,
    dataDir,
    lines,
    async connect(name = 'trading-agent') {
      const running = app.running!;
      const token = readToken(join(dataDir, 'gateway-token'))!;
      const client = new Client({ name, version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(running.gateway.url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.allSettled(clients.map((c) => c.close()));
      await app.quit('the test ended');
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The next tray redraw whose icon is in `state` (or the current one, if it already is). */
export async function trayIn(shell: FakeShell, state: TrayState): Promise<void> {
  if (shell.trays.at(-1)?.look.state === state) return;
  await nextEvent(shell.trays.at(-1)!.onDidSetMenu, () => shell.trays.at(-1)!.look.state === state);
}

/** The next OS notification whose title matches. */
export function nextNotification(shell: FakeShell, title: RegExp = /approval needed/): Promise<FakeNotification> {
  return nextEvent(shell.onDidNotify, (n) => title.test(n.options.title));
}

/** The next tray menu (or the current one) with an item whose label matches. */
export async function trayShows(shell: FakeShell, label: RegExp): Promise<void> {
  const has = (menu: MenuItemModel[]) => menu.some((i) => i.kind !== 'separator' && label.test(i.label));
  if (has(shell.trays.at(-1)!.menu)) return;
  await nextEvent(shell.trays.at(-1)!.onDidSetMenu, has);
}
