// The Electron entry (dist/desktop/main.js, bundled by scripts/build-desktop.mjs): builds the
// shell, works out this install's paths, and hands over to DesktopApp. Nothing to test here that
// the plain-Node tests of DesktopApp do not cover.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog } from 'electron';
import { resolveDataDir } from '../../gate/data-dir.js';
import { DesktopApp } from '../app.js';
import { HIDDEN_ARG } from '../login-items.js';
import { createElectronShell, registerAppScheme } from './shell.js';

registerAppScheme();
const shell = createElectronShell();
const here = dirname(fileURLToPath(import.meta.url));
const appPath = app.getAppPath();
// electron-builder unpacks dist/main/cli from the asar: other processes (the paper exchange, an
// MCP client's `kraken-gate connect`) run it with this same binary as Node.
const cliEntry = join(app.isPackaged ? `${appPath}.unpacked` : appPath, 'dist', 'main', 'cli', 'index.js');
const asNode = { ELECTRON_RUN_AS_NODE: '1' };
const dataDir = resolveDataDir();

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

void app.whenReady().then(async () => {
  try {
    const desktop = await DesktopApp.launch({
      shell,
      dataDir,
      paper: { command: process.execPath, args: [cliEntry, 'paper'], env: asNode },
      connectLauncher: {
        command: process.execPath,
        args: [cliEntry, 'connect', ...(process.env.KRAKEN_GATE_DATA_DIR ? ['--data-dir', dataDir] : [])],
        env: asNode,
      },
      iconDir: join(here, 'tray'),
      preloadPath: join(here, 'preload.cjs'),
      rendererDir: join(here, '..', 'renderer'),
      fallbackDir: join(here, 'fallback'),
      launchCommand: launchCommand(),
      hidden: process.argv.includes(HIDDEN_ARG) || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin),
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
