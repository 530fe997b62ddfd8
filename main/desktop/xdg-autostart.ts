// Start at login on Linux: an XDG autostart entry (~/.config/autostart/kraken-gate.desktop), which
// GNOME, KDE, XFCE and the others read at login. Plain Node; Electron's login items are macOS and
// Windows only.
import { mkdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../gate/state/atomic-file.js';

export const AUTOSTART_FILE = 'kraken-gate.desktop';

export function autostartPath(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const config = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(config, 'autostart', AUTOSTART_FILE);
}

// The Desktop Entry spec's reserved characters: an argument holding any of them is quoted.
const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

/**
 * One argument of an Exec key. Quoting escapes " ` $ \ with a backslash; then `%` becomes `%%`
 * (field codes), and every backslash is doubled again because Exec is itself a string value
 * whose escapes are read first (so a literal backslash inside quotes is written as four).
 */
export function execArgument(arg: string): string {
  if (/[\n\r\0]/.test(arg)) throw new Error('An Exec argument cannot hold a line break or NUL.');
  const quoted = arg === '' || RESERVED.test(arg) ? `"${arg.replace(/(["`$\\])/g, '\\$1')}"` : arg;
  return quoted.replace(/%/g, '%%').replace(/\\/g, '\\\\');
}

export function desktopEntry(command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=Kraken Gate',
    'Comment=Approve what your AI agents trade on Kraken',
    `Exec=${command.map(execArgument).join(' ')}`,
    'Icon=kraken-gate',
    'Terminal=false',
    'Categories=Finance;',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Writes or removes the autostart entry. `command` starts the app (argv, unquoted). */
export function setXdgAutostart(enabled: boolean, command: readonly string[], path: string = autostartPath()): void {
  if (!enabled) {
    rmSync(path, { force: true });
    return;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, desktopEntry(command), 0o644);
}
