import { describe, expect, it } from 'vitest';
import { CLIENT_IDS, clientSnippet, shellQuote, type GatewayTarget } from '../../../main/clients/index.js';

const TOKEN = 'tok_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const TARGET: GatewayTarget = {
  url: 'http://127.0.0.1:8787/mcp',
  token: TOKEN,
  launcher: { command: '/usr/local/bin/node', args: ['/opt/kraken-gate/dist/main/cli/index.js', 'connect'] },
};
const AUTH = { Authorization: `Bearer ${TOKEN}` };

describe('clientSnippet', () => {
  it('Claude Desktop: a stdio server that starts `kraken-gate connect` by absolute path, with no secret in it', () => {
    const snippet = clientSnippet('claude-desktop', TARGET);
    expect(snippet.transport).toBe('stdio');
    expect(snippet.document).toEqual({
      mcpServers: { 'kraken-gate': { command: '/usr/local/bin/node', args: ['/opt/kraken-gate/dist/main/cli/index.js', 'connect'] } },
    });
    expect(snippet.embedsToken).toBe(false);
    expect(snippet.json).not.toContain(TOKEN);
    expect(() => clientSnippet('claude-desktop', TARGET, { transport: 'http' })).toThrow(/Claude Desktop cannot use Streamable HTTP/);
  });

  it('Claude Code: an http entry for .mcp.json, and the equivalent `claude mcp add` command', () => {
    const snippet = clientSnippet('claude-code', TARGET);
    expect(snippet.document).toEqual({ mcpServers: { 'kraken-gate': { type: 'http', url: TARGET.url, headers: AUTH } } });
    expect(snippet.command).toBe(`claude mcp add --transport http --scope user kraken-gate http://127.0.0.1:8787/mcp --header "Authorization: Bearer ${TOKEN}"`);
    expect(snippet.embedsToken).toBe(true);
    expect(snippet.notes.join(' ')).toMatch(/gateway token: keep it private/);
  });

  it('Claude Code over stdio: options before the name, the command after --', () => {
    const snippet = clientSnippet('claude-code', { ...TARGET, launcher: { command: '/Applications/My Tools/node', args: ['/x/index.js', 'connect', '--data-dir', '/d'] } }, { transport: 'stdio' });
    expect(snippet.entry).toEqual({ type: 'stdio', command: '/Applications/My Tools/node', args: ['/x/index.js', 'connect', '--data-dir', '/d'] });
    expect(snippet.command).toBe('claude mcp add --transport stdio --scope user kraken-gate -- "/Applications/My Tools/node" /x/index.js connect --data-dir /d');
  });

  it('Cursor: url and headers under mcpServers', () => {
    expect(clientSnippet('cursor', TARGET).document).toEqual({ mcpServers: { 'kraken-gate': { url: TARGET.url, headers: AUTH } } });
    expect(clientSnippet('cursor', TARGET, { transport: 'stdio' }).entry).toEqual(TARGET.launcher);
  });

  it('VS Code: type http under "servers"', () => {
    expect(clientSnippet('vscode', TARGET).document).toEqual({ servers: { 'kraken-gate': { type: 'http', url: TARGET.url, headers: AUTH } } });
    expect(clientSnippet('vscode', TARGET, { transport: 'stdio' }).entry).toEqual({ type: 'stdio', ...TARGET.launcher });
  });

  it('Gemini CLI: httpUrl (its plain `url` means SSE) and headers', () => {
    expect(clientSnippet('gemini', TARGET).document).toEqual({ mcpServers: { 'kraken-gate': { httpUrl: TARGET.url, headers: AUTH } } });
  });

  it('passes a launcher environment on (the desktop app runs its Electron binary as Node)', () => {
    const launcher = { command: '/Applications/Kraken Gate.app/Contents/MacOS/Kraken Gate', args: ['/app/cli.js', 'connect'], env: { ELECTRON_RUN_AS_NODE: '1' } };
    expect(clientSnippet('claude-desktop', { url: TARGET.url, launcher }).entry).toEqual(launcher);
  });

  it('prints every snippet as pretty JSON that parses back to the document', () => {
    for (const client of CLIENT_IDS) {
      const snippet = clientSnippet(client, TARGET);
      expect(JSON.parse(snippet.json)).toEqual(snippet.document);
      expect(snippet.json.endsWith('}\n')).toBe(true);
    }
  });

  it('refuses an HTTP snippet without a token, and a stdio one without a launcher', () => {
    expect(() => clientSnippet('cursor', { url: TARGET.url })).toThrow(/needs the gateway token/);
    expect(() => clientSnippet('claude-desktop', { url: TARGET.url, token: TOKEN })).toThrow(/needs the command/);
  });
});

describe('shellQuote', () => {
  it('leaves plain words alone and double-quotes the rest', () => {
    expect(shellQuote('http://127.0.0.1:8787/mcp')).toBe('http://127.0.0.1:8787/mcp');
    expect(shellQuote('Authorization: Bearer x')).toBe('"Authorization: Bearer x"');
    expect(shellQuote('a "b" $c `d` \\e')).toBe('"a \\"b\\" \\$c \\`d\\` \\\\e"');
  });
});
