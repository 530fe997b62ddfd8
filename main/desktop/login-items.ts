import type { AppShell } from './shell.js';
import { autostartPath, setXdgAutostart } from './xdg-autostart.js';

/** Passed when the OS starts the app at login: stay in the tray, open no window. */
export const HIDDEN_ARG = '--hidden';

export interface LoginItemsOptions {
  platform: NodeJS.Platform;
  app: Pick<AppShell, 'setLoginItem'>;
  /** How to start this install (Linux): the executable, and the app folder when run from the sources. AppImage: its path. */
  command: readonly string[];
  env?: NodeJS.ProcessEnv;
  home?: string;
}

/** Applies the "start at login" setting the way each OS wants it. */
export function applyStartAtLogin(enabled: boolean, options: LoginItemsOptions): void {
  if (options.platform === 'linux') {
    setXdgAutostart(enabled, [...options.command, HIDDEN_ARG], autostartPath(options.env, options.home));
    return;
  }
  options.app.setLoginItem({ openAtLogin: enabled, args: [HIDDEN_ARG] });
}
