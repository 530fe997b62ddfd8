import { posix, win32 } from 'node:path';
import type { ClientId } from './clients.js';

/** What decides where config files live; `currentPlatform()` in main/clients/launcher.ts fills it in. */
export interface PlatformInfo {
  platform: NodeJS.Platform;
  home: string;
  /** %APPDATA% on Windows. */
  appData?: string;
  /** $XDG_CONFIG_HOME on Linux. */
  xdgConfigHome?: string;
  /** For project-level files (Claude Code's .mcp.json). */
  cwd: string;
}

/** The file `kraken-gate config CLIENT --write` changes when no --file is given. */
export function defaultConfigPath(client: ClientId, p: PlatformInfo): string {
  const path = p.platform === 'win32' ? win32 : posix;
  // Where desktop apps keep per-user settings: Application Support, %APPDATA%, XDG config.
  const appConfig =
    p.platform === 'darwin'
      ? path.join(p.home, 'Library', 'Application Support')
      : p.platform === 'win32'
        ? (p.appData ?? path.join(p.home, 'AppData', 'Roaming'))
        : (p.xdgConfigHome ?? path.join(p.home, '.config'));
  switch (client) {
    case 'claude-desktop':
      return path.join(appConfig, 'Claude', 'claude_desktop_config.json');
    case 'claude-code':
      // Project scope, the documented file; `claude mcp add --scope user` is the way to user scope.
      return path.join(p.cwd, '.mcp.json');
    case 'cursor':
      return path.join(p.home, '.cursor', 'mcp.json');
    case 'vscode':
      // The default profile's user-level mcp.json ("MCP: Open User Configuration").
      return path.join(appConfig, 'Code', 'User', 'mcp.json');
    case 'gemini':
      return path.join(p.home, '.gemini', 'settings.json');
  }
}
