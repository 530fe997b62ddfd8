// `kraken-gate config CLIENT [--write --file PATH]`, spawned as a person runs it, against a running
// gateway (its URL and token) and on copies of real sample config files with other servers in them.
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'jsonc-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kg } from '../helpers/cli.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/client-configs/', import.meta.url));

describe('kraken-gate config', () => {
  let gw: TestGateway;
  let work: string;
  beforeAll(async () => {
    gw = await startTestGateway();
    work = mkdtempSync(join(tmpdir(), 'kraken-gate-config-'));
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const sample = (name: string): string => {
    const file = join(work, `${Date.now()}-${Math.random().toString(36).slice(2)}-${name}`);
    copyFileSync(join(FIXTURES, name), file);
    return file;
  };

  it("prints Cursor's snippet with the running gateway's URL and token on stdout, and the notes on stderr", async () => {
    const run = await kg('config', 'cursor', '--data-dir', gw.dataDir);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ mcpServers: { 'kraken-gate': { url: gw.url, headers: { Authorization: `Bearer ${gw.token}` } } } });
    expect(run.stderr).toMatch(/Cursor: ~\/\.cursor\/mcp\.json/);
    expect(run.stderr).toMatch(/contains your gateway token/);
  });

  it("prints Claude Desktop's snippet: this node and the built CLI by absolute path, running connect on this data dir", async () => {
    const run = await kg('config', 'claude-desktop', '--data-dir', gw.dataDir);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      mcpServers: { 'kraken-gate': { command: process.execPath, args: [join(REPO, 'dist', 'main', 'cli', 'index.js'), 'connect', '--data-dir', gw.dataDir] } },
    });
    expect(run.stdout).not.toContain(gw.token);
  });

  it('prints the `claude mcp add` command for Claude Code, and the .mcp.json entry with --json', async () => {
    const run = await kg('config', 'claude-code', '--data-dir', gw.dataDir);
    expect(run.stdout.trim()).toBe(`claude mcp add --transport http --scope user kraken-gate ${gw.url} --header "Authorization: Bearer ${gw.token}"`);
    const json = await kg('config', 'claude-code', '--json', '--data-dir', gw.dataDir);
    expect(JSON.parse(json.stdout)).toEqual({ mcpServers: { 'kraken-gate': { type: 'http', url: gw.url, headers: { Authorization: `Bearer ${gw.token}` } } } });
  });

  it('--write merges into a Claude Desktop config with other servers, after a backup of the old file', async () => {
    const file = sample('claude_desktop_config.json');
    const before = readFileSync(file, 'utf8');
    const run = await kg('config', 'claude-desktop', '--write', '--file', file, '--data-dir', gw.dataDir);
    expect(run.code).toBe(0);
    const backup = /the previous file is (.+\.bak-\d{8}T\d{6}Z)\./.exec(run.stdout)?.[1];
    expect(backup).toBeDefined();
    expect(readFileSync(backup!, 'utf8')).toBe(before);
    const after = JSON.parse(readFileSync(file, 'utf8')) as { mcpServers: Record<string, unknown>; globalShortcut: string };
    expect(Object.keys(after.mcpServers)).toEqual(['filesystem', 'github', 'kraken-gate']);
    expect(after.mcpServers.github).toEqual((JSON.parse(before) as typeof after).mcpServers.github);
    expect(after.globalShortcut).toBe('Ctrl+Space');
    expect(run.stdout).toMatch(/Quit and reopen Claude Desktop/);

    // Again: nothing to do, no second backup.
    const again = await kg('config', 'claude-desktop', '--write', '--file', file, '--data-dir', gw.dataDir);
    expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining('already has this kraken-gate entry') });
    expect(readdirSync(work).filter((f) => f.startsWith(`${file.split('/').pop()!}.bak-`))).toHaveLength(1);
  });

  it('--write keeps the comments of a VS Code mcp.json and the mode of the file', async () => {
    const file = sample('vscode-mcp.jsonc');
    chmodSync(file, 0o640);
    const run = await kg('config', 'vscode', '--write', '--file', file, '--data-dir', gw.dataDir);
    expect(run.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('// Secrets VS Code asks for once and keeps.');
    expect((parse(text) as { servers: Record<string, unknown> }).servers['kraken-gate']).toEqual({ type: 'http', url: gw.url, headers: { Authorization: `Bearer ${gw.token}` } });
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(run.stderr).toMatch(/now holds your gateway token and is readable by others \(mode 640\)/);
  });

  it('--write merges into Gemini CLI settings and Cursor files with other servers in them', async () => {
    for (const [client, name, key, others] of [
      ['gemini', 'gemini-settings.json', 'mcpServers', ['git', 'httpServerWithAuth']],
      ['cursor', 'cursor-mcp.json', 'mcpServers', ['context7', 'playwright']],
      ['claude-code', 'claude-code.mcp.json', 'mcpServers', ['sentry', 'postgres']],
    ] as const) {
      const file = sample(name);
      const run = await kg('config', client, '--write', '--file', file, '--data-dir', gw.dataDir);
      expect(run.code).toBe(0);
      expect(Object.keys((parse(readFileSync(file, 'utf8')) as Record<string, object>)[key]!)).toEqual([...others, 'kraken-gate']);
    }
  });

  it('--write creates a missing file (and its directory) with mode 600', async () => {
    const file = join(work, 'new-home', '.cursor', 'mcp.json');
    const run = await kg('config', 'cursor', '--write', '--file', file, '--data-dir', gw.dataDir);
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining(`Created ${file}`) });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ mcpServers: { 'kraken-gate': { url: gw.url, headers: { Authorization: `Bearer ${gw.token}` } } } });
  });

  it('refuses a config file that is not valid JSON, and leaves it (and the directory) untouched', async () => {
    for (const name of ['broken.json', 'with-comments.json']) {
      const file = sample(name);
      const before = readFileSync(file, 'utf8');
      const listing = readdirSync(work).length;
      const run = await kg('config', 'claude-desktop', '--write', '--file', file, '--data-dir', gw.dataDir);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`did not change .*${name.replace('.', '\\.')}: This file is not valid JSON: .* at line \\d+, column \\d+`));
      expect(readFileSync(file, 'utf8')).toBe(before);
      expect(readdirSync(work)).toHaveLength(listing);
    }
  });

  it('says what it needs: a known client, and a token for HTTP snippets', async () => {
    const unknown = await kg('config', 'netscape', '--data-dir', gw.dataDir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown client "netscape"\.\nUsage: kraken-gate config claude-desktop\|claude-code\|cursor\|vscode\|gemini/);
    const empty = mkdtempSync(join(tmpdir(), 'kraken-gate-config-empty-'));
    try {
      const noToken = await kg('config', 'cursor', '--data-dir', empty);
      expect(noToken.code).toBe(1);
      expect(noToken.stderr).toMatch(/no token in .* yet/);
      // The stdio snippet needs no token, nor a running gateway.
      const stdio = await kg('config', 'gemini', '--stdio', '--data-dir', empty);
      expect(stdio.code).toBe(0);
      expect(JSON.parse(stdio.stdout).mcpServers['kraken-gate'].args).toEqual([join(REPO, 'dist', 'main', 'cli', 'index.js'), 'connect', '--data-dir', empty]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
