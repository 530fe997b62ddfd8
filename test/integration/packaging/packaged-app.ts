// The desktop app as the installed build composes it (electron/main.ts): the paper exchange in the
// app's own process, clients pointed at `<app> connect`, optionally an updater, on the recording
// fake of Electron. The real DesktopApp, gate, gateway and control API.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { DesktopApp, type DesktopAppOptions } from '../../../main/desktop/app.js';
import { appConnectLauncher } from '../../../main/desktop/connect-mode.js';
import { readToken } from '../../../main/gate/state/token.js';
import { paperInProcess } from '../../../main/paper/in-process.js';
import { FALLBACK_DIR, LAUNCH_COMMAND } from '../../helpers/desktop.js';
import { FakeShell } from '../../helpers/fake-shell.js';

export interface PackagedApp {
  app: DesktopApp;
  shell: FakeShell;
  dataDir: string;
  lines: string[];
  connect(name?: string): Promise<Client>;
  close(): Promise<void>;
}

export async function launchPackagedApp(extra: Partial<DesktopAppOptions> = {}): Promise<PackagedApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-packaged-'));
  const shell = (extra.shell as FakeShell | undefined) ?? new FakeShell({ platform: 'darwin' });
  const lines: string[] = [];
  const app = await DesktopApp.launch({
    shell,
    dataDir,
    port: 0,
    paper: { inProcess: paperInProcess() },
    connectLauncher: appConnectLauncher(LAUNCH_COMMAND, dataDir),
    iconDir: '/icons',
    preloadPath: '/app/preload.cjs',
    rendererDir: join(dataDir, 'no-renderer-here'),
    fallbackDir: FALLBACK_DIR,
    launchCommand: LAUNCH_COMMAND,
    hidden: true,
    env: {},
    home: dataDir,
    log: (line) => void lines.push(line),
    ...extra,
  });
  if (!app) throw new Error('the app did not start');
  await app.running!.gate.upstream.whenReady();
  const clients: Client[] = [];
  return {
    app,
    shell,
    dataDir,
    lines,
    async connect(name = 'trading-agent') {
      const token = readToken(join(dataDir, 'gateway-token'))!;
      const client = new Client({ name, version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(app.running!.gateway.url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.allSettled(clients.map((c) => c.close()));
      await app.quit('the test ended');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
