// One settings.json for both hosts: the desktop app opens it with electron-store, `kraken-gate
// serve` with conf. The real electron-store runs here, in plain Node, on a fake of the three things
// it takes from Electron (app, ipcMain, shell).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Settings, type SettingsView } from '../../preload/api.js';
import { confSettings, SettingsStore, type SettingsBackend, type SettingsFileOptions } from '../../main/gate/state/settings.js';
import { VERSION } from '../../main/version.js';
import { launchTestApp } from '../helpers/desktop.js';
import { FakeShell } from '../helpers/fake-shell.js';
import { startTestGateway } from '../helpers/gateway.js';

// Electron's own version differs from the app's: the migrations must be keyed by the app's (VERSION), as headless.
const ELECTRON_APP_VERSION = '99.0.0';
const fakeElectron = {
  // electron-store asks for userData whatever cwd it is given; a path that must never be written.
  app: { getPath: vi.fn(() => join(tmpdir(), 'kraken-gate-not-user-data')), getVersion: () => ELECTRON_APP_VERSION },
  ipcMain: { on: vi.fn() },
  shell: { openPath: async () => '' },
};
(globalThis as { __krakenGateFakeElectron?: unknown }).__krakenGateFakeElectron = fakeElectron;
// vitest leaves node_modules to Node's own loader, so vi.mock('electron') never reaches
// electron-store's `import electron from 'electron'` (the real package would try to download its
// binary). A resolve hook hands the fake to electron-store, and to nothing else.
const HOOKS = `export async function resolve(specifier, context, next) {
  if (specifier === 'electron' && context.parentURL?.includes('/node_modules/electron-store/')) {
    return { url: 'data:text/javascript,export default globalThis.__krakenGateFakeElectron;', shortCircuit: true };
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(HOOKS)}`);

// Imported once the hook is in place: it is the app's own seam (main/desktop/electron/settings-backend.ts).
let electronStoreSettings: SettingsBackend;
beforeAll(async () => {
  ({ electronStoreSettings } = await import('../../main/desktop/electron/settings-backend.js'));
});

const dirs: string[] = [];
function dir(): string {
  const made = mkdtempSync(join(tmpdir(), 'kraken-gate-electron-store-'));
  dirs.push(made);
  return made;
}
afterAll(() => {
  for (const made of dirs) rmSync(made, { recursive: true, force: true });
});

/** The options SettingsStore opens settings.json with (the file's format), as a backend receives them. */
function optionsFor(dataDir: string): SettingsFileOptions {
  let seen: SettingsFileOptions | undefined;
  new SettingsStore(dataDir, VERSION, (options) => {
    seen = options;
    return confSettings(options);
  });
  return seen!;
}

function fileOf(dataDir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as Record<string, unknown>;
}

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return 'no error';
}

describe('settings.json through electron-store (the desktop app) and conf (headless)', () => {
  it('a value written by either is read by the other, in one file at the same path with the same bookkeeping', () => {
    const dataDir = dir();
    const opened = fakeElectron.app.getPath.mock.calls.length;
    const desktop = new SettingsStore(dataDir, VERSION, electronStoreSettings);
    // The real electron-store ran: it asked the (fake) Electron for its paths and set up its IPC.
    expect(fakeElectron.app.getPath.mock.calls.length).toBe(opened + 1);
    expect(fakeElectron.ipcMain.on).toHaveBeenCalledWith('electron-store-get-data', expect.any(Function));
    expect(desktop.path).toBe(join(dataDir, 'settings.json'));

    expect(desktop.update({ logMaxMb: 2048 }).ok).toBe(true);
    const headless = new SettingsStore(dataDir, VERSION);
    expect(headless.path).toBe(desktop.path);
    expect(headless.current.logMaxMb).toBe(2048);

    expect(headless.update({ inlineApproveMaxUsd: 250 }).ok).toBe(true);
    expect(desktop.current).toMatchObject({ logMaxMb: 2048, inlineApproveMaxUsd: 250 });
    expect(new SettingsStore(dataDir, VERSION, electronStoreSettings).current).toEqual(headless.current);

    expect(fileOf(dataDir)).toEqual({ ...DEFAULT_SETTINGS, logMaxMb: 2048, inlineApproveMaxUsd: 250, __internal__: { migrations: { version: VERSION } } });
    expect(readdirSync(dataDir)).toEqual(['settings.json']);
    if (process.platform !== 'win32') expect(statSync(join(dataDir, 'settings.json')).mode & 0o777).toBe(0o600);
  });

  it('applies the same defaults and schema in both: a value outside it is refused, a hand edit outside it set aside', () => {
    const fresh = dir();
    expect(new SettingsStore(fresh, VERSION, electronStoreSettings).current).toEqual(DEFAULT_SETTINGS);
    expect(new SettingsStore(fresh, VERSION).current).toEqual(DEFAULT_SETTINGS);

    const options = optionsFor(fresh);
    const refusals = [confSettings, electronStoreSettings].map((backend) => {
      const store = backend(options);
      return [errorOf(() => store.set('logMaxMb', 1)), errorOf(() => store.set('upstream', { kind: 'ftp' } as never))];
    });
    expect(refusals[0]![0]).toMatch(/logMaxMb.*must be >= 16/);
    expect(refusals[0]![1]).toMatch(/upstream/);
    expect(refusals[1]).toEqual(refusals[0]);
    expect(fileOf(fresh)).toMatchObject({ logMaxMb: DEFAULT_SETTINGS.logMaxMb, upstream: DEFAULT_SETTINGS.upstream });

    // The same hand-edited file, opened by each: set aside, defaults in force, the same reason given.
    const views = [confSettings, electronStoreSettings].map((backend): SettingsView => {
      const dataDir = dir();
      writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ port: 'eighty', logKeepDays: 30 }));
      const view = new SettingsStore(dataDir, VERSION, backend).view();
      expect(readdirSync(dataDir).filter((name) => name.startsWith('settings.invalid-'))).toHaveLength(1);
      return { ...view, path: '', problem: view.problem?.replace(/ your file was kept as .*/, '') };
    });
    expect(views[0]).toMatchObject({ settings: DEFAULT_SETTINGS, problem: expect.stringMatching(/^settings\.json was not valid \(.*port.*\); defaults are in use and$/) });
    expect(views[1]).toEqual(views[0]);
  });

  it('runs the same migrations in both, keyed by the app version rather than Electron\'s', () => {
    const options = optionsFor(dir());
    const before = { ...DEFAULT_SETTINGS, logKeepDays: 30, __internal__: { migrations: { version: '0.0.9' } } };
    const results = [confSettings, electronStoreSettings].map((backend) => {
      const dataDir = dir();
      writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(before));
      const ran: string[] = [];
      backend({
        ...options,
        cwd: dataDir,
        migrations: {
          '0.0.5': () => void ran.push('0.0.5'),
          [VERSION]: (store) => {
            ran.push(VERSION);
            store.set('logKeepDays', (store.get('logKeepDays') as number) * 2);
          },
          [ELECTRON_APP_VERSION]: () => void ran.push(ELECTRON_APP_VERSION),
        },
      });
      return { ran, file: fileOf(dataDir) };
    });
    expect(results[0]).toEqual({ ran: [VERSION], file: { ...before, logKeepDays: 60, __internal__: { migrations: { version: VERSION } } } });
    expect(results[1]).toEqual(results[0]);
  });
});

/** The DesktopShell fake with the Electron shell's settings backend: the real electron-store. */
class ElectronStoreShell extends FakeShell {
  readonly settingsBackend = electronStoreSettings;
}

const SILENT = { name: 'silent', actions: false, show: async () => undefined, withdraw: async () => undefined, dispose: async () => undefined };

describe("the desktop app (electron-store) and serve's composition (conf) on one data dir", { timeout: 90_000 }, () => {
  it('a setting saved in the app\'s window is what the headless gateway starts with, and one saved headless is what the app shows next', async () => {
    const dataDir = dir();
    const storesOpened = () => fakeElectron.app.getPath.mock.calls.length;

    const before = storesOpened();
    const desktop = await launchTestApp({ dataDir, shell: new ElectronStoreShell({ platform: 'linux' }), notifier: SILENT });
    expect(storesOpened()).toBeGreaterThan(before);
    desktop.shell.launchAgain();
    const saved = await desktop.shell.invoke('gate:updateSettings', { changes: { logMaxMb: 4096 } }, desktop.shell.windowSender());
    expect(saved).toMatchObject({ ok: true });
    await desktop.close();

    const quit = storesOpened();
    const headless = await startTestGateway({ dataDir });
    try {
      expect(storesOpened()).toBe(quit);
      expect((await headless.control('settings', {})).body.settings).toMatchObject({ logMaxMb: 4096 });
      expect((await headless.control('updateSettings', { changes: { inlineApproveMaxUsd: 300 } })).body).toMatchObject({ ok: true });
    } finally {
      await headless.close();
    }

    const again = await launchTestApp({ dataDir, shell: new ElectronStoreShell({ platform: 'linux' }), notifier: SILENT });
    try {
      expect(storesOpened()).toBeGreaterThan(quit);
      again.shell.launchAgain();
      const view = (await again.shell.invoke('gate:settings', {}, again.shell.windowSender())) as SettingsView;
      expect(view.settings).toEqual({ ...DEFAULT_SETTINGS, logMaxMb: 4096, inlineApproveMaxUsd: 300 } satisfies Settings);
      expect(view.path).toBe(join(dataDir, 'settings.json'));
    } finally {
      await again.close();
    }
  });
});

