import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeKeys, type KeysStatus } from '../../../preload/api.js';
import { dotEnvNamesSet, upstreamDotEnv, upstreamScript } from '../../../main/gate/state/upstream-dotenv.js';

const KEY = 'AbCdEfGhIjKlMnOp';
const SECRET = 'c2VjcmV0LXNlY3JldA==';

describe('the upstream\'s own .env (python-dotenv, as kraken-mcp reads it)', () => {
  let home: string;
  let script: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'kraken-gate-dotenv-'));
    mkdirSync(join(home, 'kraken-mcp'));
    script = join(home, 'kraken-mcp', 'kraken-server.py');
    writeFileSync(script, 'load_dotenv()\n');
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));
  const python = (...args: string[]) => ({ command: join(home, 'kraken-mcp/.venv/bin/python'), args, inProcess: false });

  it('finds the script the command runs: by path, relative to the upstream\'s folder, fastmcp run\'s file:object', () => {
    expect(upstreamScript(python(script))).toBe(script);
    expect(upstreamScript({ ...python('kraken-server.py'), cwd: join(home, 'kraken-mcp') })).toBe(script);
    expect(upstreamScript({ command: 'fastmcp', args: ['run', `${script}:mcp`], inProcess: false })).toBe(script);
    expect(upstreamScript({ command: 'node', args: ['dist/main/cli/index.js', 'paper'], inProcess: false })).toBeUndefined();
    expect(upstreamScript({ command: 'kraken-gate paper', args: [], inProcess: true })).toBeUndefined();
  });

  it('names the keys the .env beside the script sets, never their values', () => {
    writeFileSync(join(home, 'kraken-mcp/.env'), `KRAKEN_API_KEY="${KEY}"\nKRAKEN_API_SECRET="${SECRET}"\n`);
    const found = upstreamDotEnv(python(script));
    expect(found).toEqual({ path: join(home, 'kraken-mcp/.env'), found: true, names: ['KRAKEN_API_KEY', 'KRAKEN_API_SECRET'] });
    expect(JSON.stringify(found)).not.toContain(KEY);
    expect(JSON.stringify(found)).not.toContain(SECRET);
  });

  it('looks up the folders to the first .env, as load_dotenv does, and says where one would be when there is none', () => {
    expect(upstreamDotEnv(python(script))).toMatchObject({ path: join(home, 'kraken-mcp/.env'), found: false, names: [] });
    writeFileSync(join(home, '.env'), `export KRAKEN_API_KEY=${KEY}\n`);
    expect(upstreamDotEnv(python(script))).toEqual({ path: join(home, '.env'), found: true, names: ['KRAKEN_API_KEY'] });
    // The nearest one wins, even without the keys: load_dotenv stops there.
    writeFileSync(join(home, 'kraken-mcp/.env'), 'OTHER=1\n');
    expect(upstreamDotEnv(python(script))).toEqual({ path: join(home, 'kraken-mcp/.env'), found: true, names: [] });
  });

  it.skipIf(process.getuid?.() === 0)('says a .env it cannot read is there, without guessing what it holds', () => {
    const file = join(home, 'kraken-mcp/.env');
    writeFileSync(file, `KRAKEN_API_KEY=${KEY}\n`);
    chmodSync(file, 0o000);
    expect(upstreamDotEnv(python(script))).toEqual({ path: file, found: true, names: [], unreadable: 'EACCES' });
  });

  it('reads python-dotenv\'s syntax: comments, quotes, export, empty values, the last assignment', () => {
    const names = dotEnvNamesSet(['# KRAKEN_API_KEY=commented', 'KRAKEN_API_KEY=', "KRAKEN_API_SECRET='s' # note", 'A = "" ', 'B=x #c', 'C', 'D=1', 'D='].join('\n'));
    expect([...names].sort()).toEqual(['B', 'KRAKEN_API_SECRET']);
  });
});

describe('describeKeys: where the keys the upstream will use come from', () => {
  const none: KeysStatus = { hasKeys: false, source: 'none', canSet: false };
  const file = (names: Array<'KRAKEN_API_KEY' | 'KRAKEN_API_SECRET'>, found = true) => ({ path: '/home/u/kraken-mcp/.env', found, names });

  it('the keychain or the environment first: python-dotenv never overrides what the environment holds', () => {
    expect(describeKeys({ hasKeys: true, source: 'keychain', canSet: true })).toEqual({ state: 'set', where: 'stored in the OS keychain by the desktop app' });
    expect(describeKeys({ hasKeys: true, source: 'environment', canSet: false, upstreamDotEnv: file(['KRAKEN_API_KEY', 'KRAKEN_API_SECRET']) })).toEqual({
      state: 'set',
      where: 'from KRAKEN_API_KEY/KRAKEN_API_SECRET in the environment; they win over the ones in /home/u/kraken-mcp/.env',
    });
  });

  it('else the upstream\'s own .env: set, incomplete, neither, absent, unreadable', () => {
    expect(describeKeys({ ...none, upstreamDotEnv: file(['KRAKEN_API_KEY', 'KRAKEN_API_SECRET']) })).toEqual({ state: 'set', where: 'in /home/u/kraken-mcp/.env, which the upstream reads itself' });
    expect(describeKeys({ ...none, upstreamDotEnv: file(['KRAKEN_API_SECRET']) })).toEqual({ state: 'incomplete', where: '/home/u/kraken-mcp/.env sets KRAKEN_API_SECRET but not KRAKEN_API_KEY' });
    expect(describeKeys({ ...none, upstreamDotEnv: file([]) }).where).toBe('/home/u/kraken-mcp/.env sets neither KRAKEN_API_KEY nor KRAKEN_API_SECRET');
    expect(describeKeys({ ...none, upstreamDotEnv: file([], false) })).toEqual({ state: 'not set', where: 'none set: not given by Kraken Gate, and no /home/u/kraken-mcp/.env' });
    expect(describeKeys({ ...none, upstreamDotEnv: { ...file([]), unreadable: 'EACCES' } }).state).toBe('unknown');
    expect(describeKeys(none)).toEqual({ state: 'not set', where: 'none set' });
  });
});
