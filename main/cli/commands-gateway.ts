import type { Command } from 'commander';
import { dataFiles } from '../gate/state/data-dir.js';
import { readToken } from '../gate/state/token.js';
import { examples, onDataDir, type CommandContext } from './command-kit.js';
import { parseDuration } from './durations.js';

const CLIENTS = 'claude-desktop|claude-code|cursor|vscode|gemini';

/** serve, paper, token, connect, config: running the gateway and reaching it from an agent. */
export function addGatewayCommands(program: Command, context: CommandContext): void {
  const serve = program
    .command('serve')
    .summary('Run the gateway headless (paper exchange, or the upstream after --).')
    .description(
      'Run the gateway headless.\n' +
        'Without an upstream command it runs the upstream of settings.json (the Settings page\'s), by default the built-in paper exchange (fake balances, nothing real). ' +
        'Flags override settings.json for this run.\n' +
        'Everything after -- is the upstream command, e.g. the real kraken-mcp. KRAKEN_API_KEY / KRAKEN_API_SECRET go to the upstream only.',
    )
    .usage('[options] [-- UPSTREAM COMMAND...]')
    .option('--port <port>', 'port on 127.0.0.1, 0 for any free one (default: settings.json\'s, else 8787)')
    .option('--approval-timeout <duration>', 'deny a held call nobody decided after this long: seconds, or 90s, 5m (default: settings.json\'s, else 120)')
    .option('--log-keep-days <days>', 'keep the call log this many days (default: settings.json\'s, else 90)')
    .option('--log-max-mb <mb>', 'and at most this many MiB (default: settings.json\'s, else 1024)')
    .option('--notify', 'desktop notifications for held calls, with Approve/Deny where the OS offers buttons')
    .addHelpText(
      'after',
      examples([
        'kraken-gate serve',
        'kraken-gate serve --port 8803 --approval-timeout 5m',
        'kraken-gate serve --notify',
        'kraken-gate serve -- ~/kraken-mcp/.venv/bin/python ~/kraken-mcp/kraken-server.py',
        'npm run serve -- --port 8803            (from the repository: note the --)',
      ]),
    );
  onDataDir(serve, context, async (dataDir, o) => {
    const { approvalTimeout, logKeepDays, logMaxMb, port } = o as Record<string, string | undefined>;
    const notify = o.notify === true;
    const { parsePort, runServe } = await import('./serve-command.js');
    return runServe(dataDir, [...context.upstreamArgv], {
      port: parsePort(port),
      approvalTimeoutMs: approvalTimeout === undefined ? undefined : parseDuration('--approval-timeout', approvalTimeout, 1000),
      retention: {
        maxAgeDays: logKeepDays === undefined ? undefined : positive('--log-keep-days', logKeepDays),
        maxTotalBytes: logMaxMb === undefined ? undefined : positive('--log-max-mb', logMaxMb) * 1024 * 1024,
      },
      notify,
    });
  });

  program
    .command('paper')
    .description('Run the paper exchange alone (MCP over stdio).')
    .action(async () => {
      const { runPaperServer } = await import('../paper/server.js');
      await runPaperServer();
      context.done(undefined);
    });

  onDataDir(program.command('token').description("Print the agents' bearer token (a secret)."), context, (dataDir) => {
    const value = readToken(dataFiles.gatewayToken(dataDir));
    if (value) {
      console.log(value);
      return 0;
    }
    console.error(`kraken-gate: no token in ${dataDir} yet; \`kraken-gate serve\` creates it on first run.`);
    return 1;
  });

  const connect = program
    .command('connect')
    .summary('A stdio MCP server forwarding to the running gateway.')
    .description('A stdio MCP server that forwards to the running gateway, for clients that only launch local servers (Claude Desktop, …). Exits 1 if none runs.');
  onDataDir(connect, context, async (dataDir) => (await import('./connect.js')).runConnect(dataDir));

  const config = program
    .command('config')
    .argument('[client]', CLIENTS)
    .summary("Print (or --write) an MCP client's config for Kraken Gate.")
    .description("Print a client's config snippet (it may hold the token), or merge it into the client's config file after a backup.")
    .option('--stdio', 'the `kraken-gate connect` form (no token in the file)')
    .option('--json', 'Claude Code: the .mcp.json entry instead of the `claude mcp add` command')
    .option('--write', "merge it into the client's config file")
    .option('--file <path>', 'that file instead of the default one (with --write)')
    .option('--port <port>', 'the endpoint port, when the gateway is not running')
    .addHelpText('after', examples(['kraken-gate config cursor', 'kraken-gate config claude-desktop --write', 'kraken-gate config gemini --stdio']));
  onDataDir(config, context, async (dataDir, o, args) =>
    (await import('./client-config-command.js')).runConfigCommand(args, dataDir, {
      write: o.write as boolean | undefined,
      file: o.file as string | undefined,
      stdio: o.stdio as boolean | undefined,
      json: o.json as boolean | undefined,
      port: o.port as string | undefined,
    }),
  );
}

function positive(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} must be a positive number, not "${value}".`);
  return n;
}
