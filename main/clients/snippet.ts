import { CLIENTS, SERVER_NAME, type ClientId, type ClientTransport, type GatewayTarget, type ServerEntry } from './clients.js';

export interface ClientSnippet {
  client: ClientId;
  title: string;
  transport: ClientTransport;
  serversKey: string;
  name: string;
  /** The value under `serversKey.name`. */
  entry: ServerEntry;
  /** The smallest whole file that holds the entry: what to paste into an empty config. */
  document: Record<string, Record<string, ServerEntry>>;
  /** `document` as pretty JSON, with a final newline. */
  json: string;
  /** A shell command that registers the server instead (Claude Code's `claude mcp add`). */
  command?: string;
  /** The snippet holds the bearer token: it is a secret. */
  embedsToken: boolean;
  /** Where it goes and what to do next, one line each. */
  notes: string[];
}

export interface SnippetOptions {
  /** Defaults to the first transport the client speaks (HTTP where it can). */
  transport?: ClientTransport;
}

/** The exact config for one client. Throws when the client cannot use the transport asked for. */
export function clientSnippet(client: ClientId, target: GatewayTarget, options: SnippetOptions = {}): ClientSnippet {
  const spec = CLIENTS[client];
  const transport = options.transport ?? spec.transports[0]!;
  if (!spec.transports.includes(transport)) {
    throw new Error(`${spec.title} cannot use ${transport === 'http' ? 'Streamable HTTP' : 'stdio'} servers here; it takes ${spec.transports.join(' or ')}.`);
  }
  const entry = spec.entry(transport, target);
  const document = { [spec.serversKey]: { [SERVER_NAME]: entry } };
  const embedsToken = transport === 'http';
  const notes = [`${spec.title}: ${spec.fileHint}. ${spec.afterWrite}`];
  if (embedsToken) notes.push('It contains your gateway token: keep it private, and out of version control.');
  else notes.push('It starts `kraken-gate connect`, which reads the token from the data dir (no secret in the file). Kraken Gate must be running.');
  return {
    client,
    title: spec.title,
    transport,
    serversKey: spec.serversKey,
    name: SERVER_NAME,
    entry,
    document,
    json: `${JSON.stringify(document, null, 2)}\n`,
    command: client === 'claude-code' ? claudeMcpAdd(transport, target, entry) : undefined,
    embedsToken,
    notes,
  };
}

/** `claude mcp add …` for user scope: options before the name, the stdio command after `--`. */
function claudeMcpAdd(transport: ClientTransport, target: GatewayTarget, entry: ServerEntry): string {
  if (transport === 'http') {
    const auth = (entry.headers as Record<string, string>).Authorization;
    return ['claude mcp add --transport http --scope user', SERVER_NAME, shellQuote(target.url), '--header', shellQuote(`Authorization: ${auth}`)].join(' ');
  }
  const env = Object.entries((entry.env as Record<string, string> | undefined) ?? {}).flatMap(([k, v]) => ['--env', shellQuote(`${k}=${v}`)]);
  const argv = [entry.command as string, ...(entry.args as string[])].map(shellQuote);
  return ['claude mcp add --transport stdio --scope user', ...env, SERVER_NAME, '--', ...argv].join(' ');
}

/** Quotes a word for a POSIX shell (and, for the words we produce, cmd.exe and PowerShell too). */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_\-./:=@%+,]+$/.test(word)) return word;
  return `"${word.replace(/(["\\$`])/g, '\\$1')}"`;
}
