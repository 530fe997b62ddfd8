// electron-updater behind the UpdaterShell: no decisions (updates.ts makes them). Made only when
// this install updates itself; its feed is resources/app-update.yml, written by electron-builder
// from electron-builder.yml's `publish` (GitHub releases).
import electronUpdater from 'electron-updater';
import type { UpdaterShell } from '../updates.js';

export function createElectronUpdater(log: (line: string) => void): UpdaterShell {
  // The getter picks the platform's updater (NSIS, Squirrel.Mac, AppImage) on first use.
  const { autoUpdater } = electronUpdater;
  autoUpdater.logger = {
    info: (message?: unknown) => log(`updater: ${String(message)}`),
    warn: (message?: unknown) => log(`updater: ${String(message)}`),
    error: (message?: unknown) => log(`updater: ${String(message)}`),
  };
  // Downloaded in the background once found; installed as the app exits, silently, and not relaunched
  // (the user quit it). Armed from the start: electron-updater only registers its quit handler
  // (and hands the update to Squirrel.Mac) if it is armed when the download completes;
  // installOnExit disarms it at the last moment when the app must not install.
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.autoRunAppAfterInstall = false;
  autoUpdater.allowDowngrade = false;
  return {
    check: async () => {
      await autoUpdater.checkForUpdates();
    },
    installOnExit: (enabled) => {
      autoUpdater.autoInstallOnAppQuit = enabled;
    },
    onDownloaded: (listener) => void autoUpdater.on('update-downloaded', (info) => listener(info.version)),
    onError: (listener) => void autoUpdater.on('error', (error) => listener(error.message)),
  };
}
