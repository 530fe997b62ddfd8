import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Launcher } from './clients.js';
import type { PlatformInfo } from './locations.js';

/**
 * How a client starts `kraken-gate connect` from this install: this Node binary and the built CLI,
 * both by absolute path (Claude Desktop and other GUI apps start servers with a minimal PATH, where
 * `npx` or `node` may not resolve). Run from the TypeScript sources, it points at the build in
 * dist/ (`npm run build`, which `npm install` runs), since a client cannot load the sources.
 */
export function connectLauncher(options: { dataDir?: string } = {}): Launcher {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(fromSource ? '../../dist/main/cli/index.js' : '../cli/index.js', import.meta.url));
  return {
    command: process.execPath,
    args: [entry, 'connect', ...(options.dataDir === undefined ? [] : ['--data-dir', options.dataDir])],
  };
}

/** The launcher's script exists (it may not in a source checkout that was never built). */
export function launcherIsBuilt(launcher: Launcher): boolean {
  const script = launcher.args.find((arg) => arg.endsWith('.js'));
  return script === undefined || existsSync(script);
}

export function currentPlatform(): PlatformInfo {
  return {
    platform: process.platform,
    home: homedir(),
    appData: process.env.APPDATA,
    xdgConfigHome: process.env.XDG_CONFIG_HOME,
    cwd: process.cwd(),
  };
}
