// `kraken-gate keys set` against a running app: the keys come from stdin, go over the control API,
// and end up in the upstream's environment; the headless gateway refuses to store any.
import { readFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runKeysCommand } from '../../main/cli/keys-command.js';
import { launchTestApp, type TestApp } from '../helpers/desktop.js';
import { nextEvent, startTestGateway, type TestGateway } from '../helpers/gateway.js';

// Each test starts real processes (the paper exchange, sometimes the CLI); a loaded machine needs the room.
const SLOW = { timeout: 90_000 };

function io(input: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += String(c)));
  stderr.on('data', (c) => (err += String(c)));
  return { io: { stdin: Readable.from([input]), stdout, stderr }, out: () => out, err: () => err };
}

describe('kraken-gate keys', SLOW, () => {
  let app: TestApp | undefined;
  let gw: TestGateway | undefined;
  afterEach(async () => {
    await app?.close();
    await gw?.close();
    app = gw = undefined;
  });

  it('set: reads the key and secret from stdin and gives them to the desktop app\'s upstream', async () => {
    app = await launchTestApp({ platform: 'linux' });
    const before = app.app.running!.gate.status().upstream.pid;
    const restarted = nextEvent(app.app.link.onEvent, (e) => e.type === 'status' && e.status.upstream.state === 'ready' && e.status.upstream.pid !== before);
    const run = io('K-from-stdin\nS-from-stdin\n');
    expect(await runKeysCommand(['set'], app.dataDir, run.io)).toBe(0);
    expect(run.out()).toContain('stored encrypted in the OS keychain');
    await restarted;
    if (process.platform === 'linux') {
      const environ = readFileSync(`/proc/${app.app.running!.gate.status().upstream.pid}/environ`, 'utf8').split('\0');
      expect(environ).toContain('KRAKEN_API_SECRET=S-from-stdin');
    }
    const status = io('');
    expect(await runKeysCommand(['status'], app.dataDir, status.io)).toBe(0);
    expect(status.out()).toBe('API keys: set (stored in the OS keychain by the desktop app)\n');
  });

  it('refuses keys on the command line, and an empty secret', async () => {
    const argv = io('');
    expect(await runKeysCommand(['set', 'my-key', 'my-secret'], '/nonexistent', argv.io)).toBe(2);
    expect(argv.err()).toContain('never from the command line');
    gw = await startTestGateway();
    const empty = io('only-a-key\n');
    expect(await runKeysCommand(['set'], gw.dataDir, empty.io)).toBe(2);
  });

  it('set: the headless gateway says where its keys come from instead of storing them', async () => {
    gw = await startTestGateway();
    const run = io('k\ns\n');
    expect(await runKeysCommand(['set'], gw.dataDir, run.io)).toBe(1);
    expect(run.err()).toContain('KRAKEN_API_KEY and KRAKEN_API_SECRET');
  });
});
