import { describe, expect, it } from 'vitest';
import { defaultConfigPath, type PlatformInfo } from '../../../main/clients/index.js';

const mac: PlatformInfo = { platform: 'darwin', home: '/Users/alice', cwd: '/Users/alice/code/bot' };
const windows: PlatformInfo = { platform: 'win32', home: 'C:\\Users\\alice', appData: 'C:\\Users\\alice\\AppData\\Roaming', cwd: 'C:\\code\\bot' };
const linux: PlatformInfo = { platform: 'linux', home: '/home/alice', cwd: '/home/alice/bot' };

describe('defaultConfigPath', () => {
  it('Claude Desktop: Application Support, %APPDATA%, XDG config', () => {
    expect(defaultConfigPath('claude-desktop', mac)).toBe('/Users/alice/Library/Application Support/Claude/claude_desktop_config.json');
    expect(defaultConfigPath('claude-desktop', windows)).toBe('C:\\Users\\alice\\AppData\\Roaming\\Claude\\claude_desktop_config.json');
    expect(defaultConfigPath('claude-desktop', linux)).toBe('/home/alice/.config/Claude/claude_desktop_config.json');
    expect(defaultConfigPath('claude-desktop', { ...linux, xdgConfigHome: '/xdg' })).toBe('/xdg/Claude/claude_desktop_config.json');
  });

  it("Claude Code: the project's .mcp.json", () => {
    expect(defaultConfigPath('claude-code', mac)).toBe('/Users/alice/code/bot/.mcp.json');
  });

  it('Cursor and Gemini CLI: dot-directories in the home directory', () => {
    expect(defaultConfigPath('cursor', linux)).toBe('/home/alice/.cursor/mcp.json');
    expect(defaultConfigPath('cursor', windows)).toBe('C:\\Users\\alice\\.cursor\\mcp.json');
    expect(defaultConfigPath('gemini', mac)).toBe('/Users/alice/.gemini/settings.json');
  });

  it("VS Code: the default profile's user mcp.json", () => {
    expect(defaultConfigPath('vscode', mac)).toBe('/Users/alice/Library/Application Support/Code/User/mcp.json');
    expect(defaultConfigPath('vscode', windows)).toBe('C:\\Users\\alice\\AppData\\Roaming\\Code\\User\\mcp.json');
    expect(defaultConfigPath('vscode', linux)).toBe('/home/alice/.config/Code/User/mcp.json');
  });
});
