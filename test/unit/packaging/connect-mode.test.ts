// With runAsNode off the installed app is its own `kraken-gate connect`: `<app> connect
// [--data-dir DIR]` runs the stdio bridge. What the app reads from its argv, and what a client
// config gets as the command.
import { describe, expect, it } from 'vitest';
import { clientSnippet } from '../../../main/clients/index.js';
import { appConnectLauncher, connectInvocation } from '../../../main/desktop/connect-mode.js';

describe('<app> connect', () => {
  it('is the bridge only when `connect` is the first argument that is not a switch', () => {
    expect(connectInvocation([])).toBeUndefined();
    expect(connectInvocation(['--hidden'])).toBeUndefined();
    expect(connectInvocation(['some-file.txt', 'connect'])).toBeUndefined();
    expect(connectInvocation(['connect'])).toEqual({});
    // Switches the platform adds in front: the AppImage's --no-sandbox, macOS's process serial number.
    expect(connectInvocation(['--no-sandbox', 'connect'])).toEqual({});
    expect(connectInvocation(['-psn_0_12345', 'connect', '--data-dir', '/data'])).toEqual({ dataDir: '/data' });
  });

  it('takes --data-dir in both spellings and leaves switches Chromium appends alone', () => {
    expect(connectInvocation(['connect', '--data-dir', '/home/me/gate data'])).toEqual({ dataDir: '/home/me/gate data' });
    expect(connectInvocation(['connect', '--data-dir=/d'])).toEqual({ dataDir: '/d' });
    expect(connectInvocation(['connect', '--enable-logging', '--data-dir', '/d', '--v=1'])).toEqual({ dataDir: '/d' });
    expect(connectInvocation(['connect', '--data-dir'])).toEqual({});
    expect(connectInvocation(['connect', '--data-dir='])).toEqual({});
  });

  it("gives clients the install's own command with `connect`: no Node, no ELECTRON_RUN_AS_NODE", () => {
    const mac = appConnectLauncher(['/Applications/Kraken Gate.app/Contents/MacOS/Kraken Gate']);
    expect(mac).toEqual({ command: '/Applications/Kraken Gate.app/Contents/MacOS/Kraken Gate', args: ['connect'] });
    // `npm start`: electron and the app folder.
    expect(appConnectLauncher(['/repo/node_modules/electron/dist/electron', '/repo'], '/tmp/data')).toEqual({
      command: '/repo/node_modules/electron/dist/electron',
      args: ['/repo', 'connect', '--data-dir', '/tmp/data'],
    });
    const snippet = clientSnippet('claude-desktop', { url: 'http://127.0.0.1:8787/mcp', launcher: appConnectLauncher(['/opt/Kraken Gate/kraken-gate']) });
    expect(JSON.parse(snippet.json)).toEqual({ mcpServers: { 'kraken-gate': { command: '/opt/Kraken Gate/kraken-gate', args: ['connect'] } } });
    // What the launcher starts is what the app recognises as the bridge.
    expect(connectInvocation(mac.args)).toEqual({});
    expect(() => appConnectLauncher([])).toThrow(/unknown/);
  });
});
