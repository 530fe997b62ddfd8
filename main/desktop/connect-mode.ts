// `kraken-gate connect` from the installed app. A client that only launches local servers (Claude
// Desktop) needs a command for the stdio bridge; with Electron's runAsNode fuse off the app binary
// cannot be a Node for the CLI, so the app itself answers `<app> connect [--data-dir DIR]`: its
// entry runs the bridge (no window, no tray, no single-instance lock) and exits with it.
import type { Launcher } from '../clients/index.js';

export const CONNECT_ARG = 'connect';

/**
 * The bridge's options when the app was started as `<app> connect …`; undefined for a normal
 * start. `args` are the arguments after the executable (and after the app path under `npm start`).
 * Switches before `connect` are the platform's or Chromium's (`--no-sandbox`, macOS's `-psn_…`).
 */
export function connectInvocation(args: readonly string[]): { dataDir?: string } | undefined {
  const at = args.findIndex((arg) => !arg.startsWith('-'));
  if (at === -1 || args[at] !== CONNECT_ARG) return undefined;
  const rest = args.slice(at + 1);
  let dataDir: string | undefined;
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i]!;
    if (arg === '--data-dir' && rest[i + 1] !== undefined) dataDir = rest[++i];
    else if (arg.startsWith('--data-dir=')) dataDir = arg.slice('--data-dir='.length);
    // Anything else is Chromium's to read (it appends switches of its own on some platforms).
  }
  return dataDir === undefined || dataDir === '' ? {} : { dataDir };
}

/** The launcher a client config gets: this install's own command (see launchCommand in electron/main.ts) with `connect`. */
export function appConnectLauncher(self: readonly string[], dataDir?: string): Launcher {
  const [command, ...args] = self;
  if (command === undefined) throw new Error('The command that starts this install is unknown.');
  return { command, args: [...args, CONNECT_ARG, ...(dataDir === undefined ? [] : ['--data-dir', dataDir])] };
}
