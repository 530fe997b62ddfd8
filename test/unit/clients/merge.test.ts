// The config writer's core on real sample config files with other servers in them: the gateway's
// entry goes in, and everything else (servers, settings, comments, indentation) stays as it was.
import { readFileSync } from 'node:fs';
import { parse } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { CLIENTS, ConfigFileError, clientSnippet, mergeServerEntry, type ClientId, type GatewayTarget } from '../../../main/clients/index.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/client-configs/${name}`, import.meta.url), 'utf8');
const TARGET: GatewayTarget = {
  url: 'http://127.0.0.1:8787/mcp',
  token: 'tok_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  launcher: { command: '/usr/bin/node', args: ['/opt/kraken-gate/dist/main/cli/index.js', 'connect'] },
};

function merge(client: ClientId, text: string | undefined, target = TARGET) {
  const snippet = clientSnippet(client, target);
  return { snippet, result: mergeServerEntry(text, snippet, { jsonc: CLIENTS[client].jsonc }) };
}

const cases: Array<[ClientId, string, string[]]> = [
  ['claude-desktop', 'claude_desktop_config.json', ['filesystem', 'github']],
  ['claude-code', 'claude-code.mcp.json', ['sentry', 'postgres']],
  ['cursor', 'cursor-mcp.json', ['context7', 'playwright']],
  ['vscode', 'vscode-mcp.jsonc', ['github', 'perplexity']],
  ['gemini', 'gemini-settings.json', ['git', 'httpServerWithAuth']],
];

describe('mergeServerEntry on sample config files', () => {
  it.each(cases)('%s: adds kraken-gate to %s and keeps the other servers and settings as they were', (client, file, others) => {
    const before = fixture(file);
    const { snippet, result } = merge(client, before);
    expect(result).toMatchObject({ changed: true, replaced: false });
    const was = parse(before) as Record<string, Record<string, unknown>>;
    const now = parse(result.text) as Record<string, Record<string, unknown>>;
    expect(Object.keys(now[snippet.serversKey]!)).toEqual([...others, 'kraken-gate']);
    expect(now[snippet.serversKey]!['kraken-gate']).toEqual(snippet.entry);
    expect({ ...now, [snippet.serversKey]: undefined }).toEqual({ ...was, [snippet.serversKey]: undefined });
    for (const name of others) expect(now[snippet.serversKey]![name]).toEqual(was[snippet.serversKey]![name]);
    // A pure insertion: the original text is all still there, byte for byte, around the new entry.
    expect(commonPrefix(before, result.text) + commonSuffix(before, result.text)).toBeGreaterThanOrEqual(before.length);
  });

  it('keeps the comments and trailing commas of a VS Code mcp.json', () => {
    const { result } = merge('vscode', fixture('vscode-mcp.jsonc'));
    expect(result.text).toContain('// Secrets VS Code asks for once and keeps.');
    expect(result.text).toContain('/* The GitHub remote server, signed in through VS Code. */');
    expect(result.text).toContain('// trailing commas are fine');
    expect(result.text).toContain('"PERPLEXITY_API_KEY": "${input:perplexity-key}"');
  });

  it('keeps the comment in a Gemini CLI settings.json', () => {
    expect(merge('gemini', fixture('gemini-settings.json')).result.text).toContain('// milliseconds');
  });

  it('indents the new entry the way the file is indented (tabs here) and keeps CRLF line ends', () => {
    const tabbed = merge('cursor', fixture('cursor-mcp.json')).result.text;
    expect(tabbed).toMatch(/\n\t\t"kraken-gate": \{\n\t\t\t"url"/);
    const crlf = merge('claude-desktop', fixture('crlf.json')).result.text;
    expect(crlf.split('\n').every((line, i, all) => i === all.length - 1 || line.endsWith('\r'))).toBe(true);
    expect(Object.keys((parse(crlf) as { mcpServers: object }).mcpServers)).toEqual(['memory', 'kraken-gate']);
  });

  it('replaces an older kraken-gate entry, and reports no change when the entry is already there', () => {
    const first = merge('cursor', fixture('cursor-mcp.json')).result.text;
    const again = merge('cursor', first);
    expect(again.result).toEqual({ text: first, changed: false, replaced: false });
    const rotated = merge('cursor', first, { ...TARGET, url: 'http://127.0.0.1:9999/mcp' });
    expect(rotated.result).toMatchObject({ changed: true, replaced: true });
    const servers = (parse(rotated.result.text) as { mcpServers: Record<string, { url?: string }> }).mcpServers;
    expect(Object.keys(servers)).toEqual(['context7', 'playwright', 'kraken-gate']);
    expect(servers['kraken-gate']!.url).toBe('http://127.0.0.1:9999/mcp');
  });

  it('adds the servers object to a file that has other settings only', () => {
    const { result } = merge('gemini', '{\n  "theme": "Dracula"\n}\n');
    expect(parse(result.text)).toEqual({ theme: 'Dracula', mcpServers: { 'kraken-gate': { httpUrl: TARGET.url, headers: { Authorization: `Bearer ${TARGET.token}` } } } });
  });

  it('writes the bare snippet when there is no file, or an empty one', () => {
    for (const text of [undefined, '', '  \n']) {
      const { snippet, result } = merge('claude-desktop', text);
      expect(result).toEqual({ text: snippet.json, changed: true, replaced: false });
    }
  });

  it('leaves sibling servers written on one line as they were, and adds its own entry after them', () => {
    const before = fixture('one-line-siblings.json');
    const { result } = merge('claude-desktop', before);
    const lines = result.text.split('\n');
    for (const line of before.split('\n').filter((l) => l.includes('"command"'))) expect(lines).toContain(line.endsWith(',') ? line : `${line},`);
    expect(result.text).toContain('"fetch": { "command": "uvx", "args": ["mcp-server-fetch"] },\n    "kraken-gate": {\n      "command": "/usr/bin/node",');
    expect(commonPrefix(before, result.text) + commonSuffix(before, result.text)).toBeGreaterThanOrEqual(before.length - 1);
    // …and in a file with nothing but one-line entries under the servers key at the top level.
    const bare = '{\n  "theme": { "name": "dark", "size": 12 }\n}\n';
    expect(merge('gemini', bare).result.text).toMatch(/^\{\n {2}"theme": \{ "name": "dark", "size": 12 \},\n {2}"mcpServers": \{\n {4}"kraken-gate": \{\n/);
  });

  it('accepts a Cursor mcp.json with // comments (Cursor reads JSONC) and keeps them, after a comment ending the last line', () => {
    const before = fixture('cursor-with-comment.json');
    const { snippet, result } = merge('cursor', before);
    expect(result.text).toContain('// Cursor reads this file with comments; this one must survive a merge.');
    expect(result.text).toContain('"linear": { "url": "https://mcp.linear.app/mcp" }, // remote, signed in through Cursor');
    expect(result.text).toContain('"memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"] },\n    "kraken-gate": {');
    expect((parse(result.text) as { mcpServers: Record<string, unknown> }).mcpServers['kraken-gate']).toEqual(snippet.entry);
  });

  it('keeps a trailing comma after the last server as a trailing comma, and a comment on that line before the new entry', () => {
    const before = '{\n  "servers": {\n    "a": { "url": "x" }, // mine\n  },\n}\n';
    const text = merge('vscode', before).result.text;
    expect(text.startsWith('{\n  "servers": {\n    "a": { "url": "x" }, // mine\n    "kraken-gate": {\n')).toBe(true);
    expect(text).toMatch(/\n {4}\},\n {2}\},\n\}\n$/);
  });

  it('puts the entry inside an empty servers object, and replaces an older entry in place', () => {
    expect(merge('cursor', '{\n  "mcpServers": {}\n}\n').result.text).toBe(
      `{\n  "mcpServers": {\n    "kraken-gate": {\n      "url": "${TARGET.url}",\n      "headers": {\n        "Authorization": "Bearer ${TARGET.token}"\n      }\n    }\n  }\n}\n`,
    );
    const old = '{\n  "mcpServers": {\n    "kraken-gate": { "url": "http://127.0.0.1:1/mcp" },\n    "b": { "url": "y" }\n  }\n}\n';
    const text = merge('cursor', old).result.text;
    expect(text).toContain('    "kraken-gate": {\n      "url": "http://127.0.0.1:8787/mcp",');
    expect(text).toContain('\n    },\n    "b": { "url": "y" }\n');
  });

  it('keeps a byte-order mark', () => {
    const { result } = merge('claude-desktop', `\uFEFF${fixture('claude_desktop_config.json')}`);
    expect(result.text.startsWith('\uFEFF{')).toBe(true);
  });
});

describe('mergeServerEntry refuses what it cannot merge safely', () => {
  it('a file that is not valid JSON, saying where', () => {
    expect(() => merge('claude-desktop', fixture('broken.json'))).toThrow(ConfigFileError);
    expect(() => merge('claude-desktop', fixture('broken.json'))).toThrow(/not valid JSON: .* at line \d+, column \d+\. Fix it by hand/);
  });

  it('comments in a client file that is plain JSON (Claude Desktop, Claude Code)', () => {
    expect(() => merge('claude-desktop', fixture('with-comments.json'))).toThrow(/not valid JSON: invalid comment token at line 2, column 3/);
    expect(() => merge('claude-code', '{ "mcpServers": {}, }')).toThrow(/not valid JSON/);
    // …which Cursor, VS Code and Gemini CLI read fine.
    for (const client of ['cursor', 'vscode', 'gemini'] as const) expect(merge(client, fixture('with-comments.json')).result.changed).toBe(true);
  });

  it('a top level that is not an object, or a servers key that is not one', () => {
    expect(() => merge('cursor', '[]')).toThrow(/does not hold a JSON object at the top level/);
    expect(() => merge('cursor', '"x"')).toThrow(/does not hold a JSON object/);
    expect(() => merge('cursor', '{ "mcpServers": [] }')).toThrow(/"mcpServers" in this file is not an object/);
    expect(() => merge('vscode', '{ "servers": "none" }')).toThrow(/"servers" in this file is not an object/);
  });
});

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function commonSuffix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}
