// The Electron entry (dist/desktop/main.js, bundled by scripts/build-desktop.mjs): builds the
// shell, works out this install's paths, and hands over to DesktopApp. Nothing to test here that
// the plain-Node tests of DesktopApp do not cover.
//
// The packaged app runs with Electron's runAsNode fuse off (electron-builder.yml): its binary
// cannot be used as a Node, by us or by anyone who finds it, with the app's signature and keychain
// access. So nothing here starts a Node script: the paper exchange runs in this process, and an MCP
// client's `kraken-gate connect` is this same app started as `<app> connect` (connect-mode.ts).
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog } from 'electron';
import { runConnect } from '../../cli/connect.js';
import { resolveDataDir } from '../../gate/state/data-dir.js';
import { paperInProcess } from '../../paper/in-process.js';
import { DesktopApp } from '../app.js';
import { appConnectLauncher, connectInvocation } from '../connect-mode.js';
import { HIDDEN_ARG } from '../login-items.js';
import { createElectronShell, registerAppScheme } from './shell.js';
import { createElectronUpdater } from './updater.js';

const here = dirname(fileURLToPath(import.meta.url));
const appPath = app.getAppPath();
const dataDir = resolveDataDir();
// `npm start` runs `electron <appPath> …`; the installed app is `<executable> …`.
const bridge = connectInvocation(process.argv.slice(app.isPackaged ? 1 : 2));
if (bridge) void startBridge(bridge.dataDir ?? dataDir);
else startDesktop();

/** `<app> connect`: the stdio bridge to the running gateway, and nothing else (it exits with it). */
async function startBridge(dir: string): Promise<void> {
  try {
    const code = await runConnect(dir);
    if (code !== undefined) app.exit(code);
  } catch (error) {
    process.stderr.write(`kraken-gate connect: ${error instanceof Error ? error.message : String(error)}\n`);
    app.exit(1);
  }
}

function log(line: string): void {
  console.log(line);
  try {
    mkdirSync(join(dataDir, 'logs'), { recursive: true });
    appendFileSync(join(dataDir, 'logs', 'desktop.log'), `${new Date().toISOString()} ${line}\n`);
  } catch {
    // the console line is enough
  }
}

function launchCommand(): string[] {
  if (process.env.APPIMAGE) return [process.env.APPIMAGE];
  return app.isPackaged ? [process.execPath] : [process.execPath, appPath];
}

function startDesktop(): void {
  registerAppScheme();
  const shell = createElectronShell();
  void app.whenReady().then(async () => {
    try {
      const desktop = await DesktopApp.launch({
        shell,
        dataDir,
        paper: { inProcess: paperInProcess() },
        connectLauncher: appConnectLauncher(launchCommand(), process.env.KRAKEN_GATE_DATA_DIR ? dataDir : undefined),
        iconDir: join(here, 'tray'),
        preloadPath: join(here, 'preload.cjs'),
        rendererDir: join(here, '..', 'renderer'),
        fallbackDir: join(here, 'fallback'),
        launchCommand: launchCommand(),
        hidden: process.argv.includes(HIDDEN_ARG) || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin),
        updater: () => createElectronUpdater(log),
        log,
      });
      if (desktop) log(`Kraken Gate desktop is running; gateway at ${desktop.running?.gateway.url ?? '?'}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`could not start: ${message}`);
      dialog.showErrorBox('Kraken Gate could not start', message);
      app.exit(1);
    }
  });
}
