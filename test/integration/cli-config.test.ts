// `kraken-gate config CLIENT --write`, spawned, on real-shaped files: a sibling server written on
// one line keeps its line, and a Cursor file with // comments is accepted (Cursor reads JSONC).
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'jsonc-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kg } from '../helpers/cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/client-configs/', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const TOKEN = 'tok_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';

describe('kraken-gate config --write, formatting kept', () => {
  let work: string;
  let dataDir: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'kg-config-'));
    dataDir = mkdtempSync(join(tmpdir(), 'kg-config-data-'));
    // No gateway needs to run: the token file is what an HTTP snippet needs.
    writeFileSync(join(dataDir, 'gateway-token'), `${TOKEN}\n`, { mode: 0o600 });
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  const copy = (name: string): string => {
    const file = join(work, name);
    copyFileSync(join(FIXTURES, name), file);
    return file;
  };

  it('writes a data dir given as a relative path as an absolute one: the client starts connect from another directory', async () => {
    const run = await kg('config', 'claude-desktop', '--data-dir', relative(REPO, dataDir));
    expect(run.code, run.stderr).toBe(0);
    const entry = (JSON.parse(run.stdout) as { mcpServers: Record<string, { args: string[] }> }).mcpServers['kraken-gate']!;
    expect(entry.args.slice(-3)).toEqual(['connect', '--data-dir', dataDir]);
  });

  it('keeps sibling servers written on one line as they were', async () => {
    const file = copy('one-line-siblings.json');
    const before = readFileSync(file, 'utf8');
    const run = await kg('config', 'claude-desktop', '--write', '--file', file, '--data-dir', dataDir);
    expect(run.code).toBe(0);
    const after = readFileSync(file, 'utf8');
    for (const line of before.split('\n').filter((l) => l.includes('"command"'))) expect(after).toContain(line.replace(/,?$/, ','));
    expect(after.startsWith(before.slice(0, before.indexOf('"fetch"')))).toBe(true);
    expect(after.endsWith('  },\n  "globalShortcut": "Ctrl+Space"\n}\n')).toBe(true);
    expect(Object.keys((JSON.parse(after) as { mcpServers: object }).mcpServers)).toEqual(['filesystem', 'fetch', 'kraken-gate']);
  });

  it('accepts a Cursor mcp.json with // comments, and keeps them', async () => {
    const file = copy('cursor-with-comment.json');
    const run = await kg('config', 'cursor', '--write', '--file', file, '--data-dir', dataDir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Added the kraken-gate entry in ${file}`);
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('// Cursor reads this file with comments; this one must survive a merge.');
    expect(after).toContain('"linear": { "url": "https://mcp.linear.app/mcp" }, // remote, signed in through Cursor');
    expect((parse(after) as { mcpServers: Record<string, unknown> }).mcpServers['kraken-gate']).toEqual({
      url: 'http://127.0.0.1:8787/mcp',
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
  });
});
