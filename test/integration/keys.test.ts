import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runKeysCommand } from '../../main/cli/keys-command.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

describe('API keys through the control API of the headless gateway', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw.close());

  it('says no keys are set and that they come from the environment, and refuses to store any', async () => {
    expect((await gw.control('keys', {})).body).toEqual({ hasKeys: false, source: 'none', canSet: false });
    const set = await gw.control('setKeys', { apiKey: 'k', apiSecret: 's' });
    expect(set.body).toEqual({ ok: false, message: expect.stringContaining('KRAKEN_API_KEY and KRAKEN_API_SECRET in its environment') });
    expect((await gw.control('keys', {})).body.hasKeys).toBe(false);
  });

  it('has no method that returns the keys', async () => {
    expect((await gw.control('getKeys' as never, {} as never)).status).toBe(404);
  });
});

// Issue 24, item 4: the README's first route puts the keys in kraken-mcp's .env, beside
// kraken-server.py. `keys status` (and Settings, from the same answer) says so, never the values.
describe('keys in the upstream\'s own .env, as the README puts them', { timeout: 60_000 }, () => {
  const KEY = 'key-from-dotenv-Zq81';
  const SECRET = 'c2VjcmV0LWZyb20tZG90ZW52';
  const standIn = fileURLToPath(new URL('../fixtures/kraken-mcp-upstream.ts', import.meta.url));
  let home: string;
  let script: string;
  let gw: TestGateway | undefined;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'kraken-gate-keys-'));
    mkdirSync(join(home, 'kraken-mcp'));
    script = join(home, 'kraken-mcp', 'kraken-server.py');
    writeFileSync(script, '# kraken-mcp: load_dotenv()\n');
  });
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  // `python ~/kraken-mcp/kraken-server.py`, with the stand-in playing python.
  const start = (upstreamEnv?: Record<string, string>) => startTestGateway({ upstream: { command: process.execPath, args: ['--import', 'tsx', standIn, script] }, presence: 'off', upstreamEnv });
  const keysStatus = async (dataDir: string): Promise<string> => {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (chunk) => (out += String(chunk)));
    expect(await runKeysCommand(['status'], dataDir, { stdin: Readable.from([]), stdout, stderr: new PassThrough() })).toBe(0);
    return out;
  };

  it('says when there is no .env beside kraken-server.py, and where it would be', async () => {
    gw = await start();
    expect(await keysStatus(gw.dataDir)).toBe(`API keys: not set (none set: not given by Kraken Gate, and no ${join(home, 'kraken-mcp', '.env')}); this gateway cannot store keys\n`);
  });

  it('names the .env that holds them, never the keys', async () => {
    writeFileSync(join(home, 'kraken-mcp', '.env'), `KRAKEN_API_KEY="${KEY}"\nKRAKEN_API_SECRET="${SECRET}"\n`, { mode: 0o600 });
    gw = await start();
    const body = (await gw.control('keys', {})).body;
    expect(body).toEqual({ hasKeys: false, source: 'none', canSet: false, upstreamDotEnv: { path: join(home, 'kraken-mcp', '.env'), found: true, names: ['KRAKEN_API_KEY', 'KRAKEN_API_SECRET'] } });
    const said = await keysStatus(gw.dataDir);
    expect(said).toBe(`API keys: set (in ${join(home, 'kraken-mcp', '.env')}, which the upstream reads itself); this gateway cannot store keys\n`);
    expect(JSON.stringify(body) + said).not.toMatch(new RegExp(`${KEY}|${SECRET}`));
  });

  it('says the environment\'s keys win over the .env\'s (python-dotenv does not override them)', async () => {
    writeFileSync(join(home, 'kraken-mcp', '.env'), `KRAKEN_API_KEY="${KEY}"\nKRAKEN_API_SECRET="${SECRET}"\n`, { mode: 0o600 });
    gw = await start({ KRAKEN_API_KEY: 'env-key', KRAKEN_API_SECRET: 'ZW52' });
    expect(await keysStatus(gw.dataDir)).toBe(`API keys: set (from KRAKEN_API_KEY/KRAKEN_API_SECRET in the environment; they win over the ones in ${join(home, 'kraken-mcp', '.env')}); this gateway cannot store keys\n`);
  });
});
