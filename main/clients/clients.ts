// What each MCP client wants in its config file to reach Kraken Gate. Pure data and functions (no
// file I/O), shared by `kraken-gate config` and the desktop app's "Copy client config".
// Formats checked against each client's documentation (see README, "Connect your agent").

/** The key every snippet uses for the gateway inside a client's server list. */
export const SERVER_NAME = 'kraken-gate';

export const CLIENT_IDS = ['claude-desktop', 'claude-code', 'cursor', 'vscode', 'gemini'] as const;
export type ClientId = (typeof CLIENT_IDS)[number];

/** Streamable HTTP straight to the gateway (URL + bearer header), or `kraken-gate connect` over stdio. */
export type ClientTransport = 'http' | 'stdio';

/** How a client starts `kraken-gate connect`: an absolute command, since GUI apps get a minimal PATH. */
export interface Launcher {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

/** Where the gateway is and how to get in. */
export interface GatewayTarget {
  /** The agent endpoint, e.g. http://127.0.0.1:8787/mcp. */
  url: string;
  /** The agent's bearer token; needed for HTTP entries only (the stdio bridge reads it itself). */
  token?: string;
  /** Needed for stdio entries. */
  launcher?: Launcher;
}

export type ServerEntry = Record<string, unknown>;

export interface ClientSpec {
  id: ClientId;
  title: string;
  /** The top-level key that holds the servers in this client's file. */
  serversKey: 'mcpServers' | 'servers';
  /** The transports the client speaks; the first is what `kraken-gate config` gives by default. */
  transports: readonly ClientTransport[];
  /** The client reads its file as JSON with comments (and trailing commas); else strict JSON. */
  jsonc: boolean;
  /** Where the file is, in words, for the printed hint. */
  fileHint: string;
  /** What to do after the file changed. */
  afterWrite: string;
  entry(transport: ClientTransport, target: GatewayTarget): ServerEntry;
}

function headers(target: GatewayTarget): { Authorization: string } {
  if (!target.token) throw new Error('An HTTP client config needs the gateway token.');
  return { Authorization: `Bearer ${target.token}` };
}

function launch(target: GatewayTarget): ServerEntry {
  if (!target.launcher) throw new Error('A stdio client config needs the command that starts `kraken-gate connect`.');
  const { command, args, env } = target.launcher;
  return env && Object.keys(env).length > 0 ? { command, args: [...args], env: { ...env } } : { command, args: [...args] };
}

export const CLIENTS: Record<ClientId, ClientSpec> = {
  'claude-desktop': {
    id: 'claude-desktop',
    title: 'Claude Desktop',
    serversKey: 'mcpServers',
    // Its config file only launches local (stdio) servers.
    transports: ['stdio'],
    jsonc: false,
    fileHint: 'claude_desktop_config.json (Settings → Developer → Edit Config)',
    afterWrite: 'Quit and reopen Claude Desktop to load it.',
    entry: (_transport, target) => launch(target),
  },
  'claude-code': {
    id: 'claude-code',
    title: 'Claude Code',
    serversKey: 'mcpServers',
    transports: ['http', 'stdio'],
    jsonc: false,
    fileHint: '.mcp.json in your project (or run the `claude mcp add` command)',
    afterWrite: 'Restart Claude Code in that project and approve the server when it asks; /mcp shows its status.',
    entry: (transport, target) =>
      transport === 'http' ? { type: 'http', url: target.url, headers: headers(target) } : { type: 'stdio', ...launch(target) },
  },
  cursor: {
    id: 'cursor',
    title: 'Cursor',
    serversKey: 'mcpServers',
    transports: ['http', 'stdio'],
    // Cursor reads mcp.json with comments (it is VS Code underneath).
    jsonc: true,
    fileHint: '~/.cursor/mcp.json (or .cursor/mcp.json in a project)',
    afterWrite: 'Restart Cursor (or toggle the server in its MCP settings).',
    entry: (transport, target) => (transport === 'http' ? { url: target.url, headers: headers(target) } : launch(target)),
  },
  vscode: {
    id: 'vscode',
    title: 'VS Code',
    serversKey: 'servers',
    transports: ['http', 'stdio'],
    jsonc: true,
    fileHint: 'your user mcp.json (command "MCP: Open User Configuration"), or .vscode/mcp.json',
    afterWrite: 'VS Code picks the change up; start the server from the MCP view if it does not.',
    entry: (transport, target) =>
      transport === 'http' ? { type: 'http', url: target.url, headers: headers(target) } : { type: 'stdio', ...launch(target) },
  },
  gemini: {
    id: 'gemini',
    title: 'Gemini CLI',
    serversKey: 'mcpServers',
    transports: ['http', 'stdio'],
    jsonc: true,
    fileHint: '~/.gemini/settings.json (or .gemini/settings.json in a project)',
    afterWrite: 'Restart Gemini CLI; /mcp shows the server and its tools.',
    // httpUrl is Streamable HTTP; Gemini CLI reads a plain `url` as the legacy SSE transport.
    entry: (transport, target) => (transport === 'http' ? { httpUrl: target.url, headers: headers(target) } : launch(target)),
  },
};

export function isClientId(value: string): value is ClientId {
  return (CLIENT_IDS as readonly string[]).includes(value);
}
