import { editDistance } from '../../preload/edit-distance.js';
import { dataFiles, resolveDataDir } from '../gate/state/data-dir.js';
import { readToken } from '../gate/state/token.js';
import { CLIENT_IDS, CLIENTS, ConfigFileError, clientSnippet, connectLauncher, currentPlatform, defaultConfigPath, isClientId, launcherIsBuilt, type GatewayTarget } from '../clients/index.js';
import { writeClientConfig } from './client-config-write.js';
import { readRuntime } from './control-client.js';

export interface ConfigCommandOptions {
  write?: boolean;
  file?: string;
  stdio?: boolean;
  /** Claude Code: print the .mcp.json form instead of the `claude mcp add` command. */
  json?: boolean;
  port?: string;
}

const USAGE = `Usage: kraken-gate config ${CLIENT_IDS.join('|')} [--stdio] [--json] [--write [--file PATH]]`;

/**
 * `kraken-gate config CLIENT`: prints the client's snippet on stdout (notes on stderr, so the
 * output can be redirected as is), or with --write merges it into the client's config file.
 */
export function runConfigCommand(args: string[], dataDir: string, options: ConfigCommandOptions): number {
  const [client, extra] = args;
  if (!client || extra !== undefined || !isClientId(client)) {
    console.error(client && !isClientId(client) ? `kraken-gate: unknown client "${client}".${suggestClients(client)}\n${USAGE}` : USAGE);
    return 2;
  }
  if (options.file !== undefined && !options.write) {
    console.error('kraken-gate: --file goes with --write.');
    return 2;
  }
  const transport = options.stdio ? 'stdio' : CLIENTS[client].transports[0]!;
  const target: GatewayTarget = { url: gatewayUrl(dataDir, options.port, transport === 'http') };
  if (transport === 'http') {
    const token = readToken(dataFiles.gatewayToken(dataDir));
    if (!token) {
      console.error(`kraken-gate: no token in ${dataDir} yet; \`kraken-gate serve\` (or the desktop app) creates it on first run.`);
      return 1;
    }
    target.token = token;
  } else {
    // The bridge must find the same data dir when a client starts it with another environment.
    const isDefault = dataDir === resolveDataDir(undefined, {});
    target.launcher = connectLauncher({ dataDir: isDefault ? undefined : dataDir });
    if (!launcherIsBuilt(target.launcher)) console.error(`kraken-gate: note: ${target.launcher.args[0]} does not exist yet; run \`npm run build\` first.`);
  }
  const snippet = clientSnippet(client, target, { transport });

  if (!options.write) {
    const asCommand = snippet.command !== undefined && !options.json;
    console.log(asCommand ? snippet.command : snippet.json.trimEnd());
    for (const note of snippet.notes) console.error(note);
    if (asCommand) console.error('(--json prints the same as a .mcp.json entry.)');
    return 0;
  }

  const file = options.file ?? defaultConfigPath(client, currentPlatform());
  try {
    const outcome = writeClientConfig(file, snippet);
    if (!outcome.changed) console.log(`${file} already has this kraken-gate entry; nothing changed.`);
    else if (outcome.created) console.log(`Created ${file} with the kraken-gate entry (mode 600).`);
    else console.log(`${outcome.replaced ? 'Updated' : 'Added'} the kraken-gate entry in ${file}; the previous file is ${outcome.backup}.`);
    if (outcome.changed) console.log(CLIENTS[client].afterWrite);
    if (snippet.embedsToken && outcome.mode !== undefined && (outcome.mode & 0o077) !== 0) {
      console.error(`kraken-gate: note: ${file} now holds your gateway token and is readable by others (mode ${outcome.mode.toString(8)}); consider chmod 600.`);
    }
    return 0;
  } catch (error) {
    if (error instanceof ConfigFileError) {
      console.error(`kraken-gate: did not change ${file}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

/** The running gateway's endpoint; else where `kraken-gate serve` listens by default. (A stdio snippet does not hold it.) */
function gatewayUrl(dataDir: string, port: string | undefined, inSnippet: boolean): string {
  if (port !== undefined) {
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) throw new Error(`--port must be a port number, not "${port}".`);
    return `http://127.0.0.1:${port}/mcp`;
  }
  try {
    return readRuntime(dataDir).url;
  } catch {
    if (inSnippet) console.error('kraken-gate: note: Kraken Gate is not running; using the default endpoint http://127.0.0.1:8787/mcp (give --port if yours differs).');
    return 'http://127.0.0.1:8787/mcp';
  }
}

/** " Did you mean claude-desktop or claude-code?" for `config claude`, a typo, another spelling; empty when nothing is close. */
export function suggestClients(given: string): string {
  const plain = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');
  const asked = plain(given);
  if (!asked) return '';
  const close = CLIENT_IDS.filter((id) => plain(id).includes(asked) || asked.includes(plain(id)) || editDistance(plain(id), asked) <= 2);
  if (close.length === 0) return '';
  const names = close.length === 1 ? close[0] : `${close.slice(0, -1).join(', ')} or ${close[close.length - 1]}`;
  return ` Did you mean ${names}?`;
}
