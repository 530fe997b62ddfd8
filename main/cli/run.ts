import { Command, CommanderError } from 'commander';
import { dataFiles, resolveDataDir } from '../gate/data-dir.js';
import { readToken } from '../gate/token.js';
import { VERSION } from '../version.js';
import type { ControlFlags } from './control-commands.js';
import { describeDataDirError } from './data-dir-errors.js';
import { parseDuration } from './durations.js';
import type { LogFlags } from './log-command.js';
import { npmSwallowedOptions } from './npm-swallowed.js';

// Each command loads what it needs when it runs (the gateway, the MCP SDK, the call log reader),
// so `kraken-gate pending` or a typo answers without loading all of them.
const runControlCommand = async (command: string, dataDir: string, flags: ControlFlags, args: string[] = []) =>
  (await import('./control-commands.js')).runControlCommand(command, args, dataDir, flags);

const SERVE_OPTIONS = ['port', 'data-dir', 'approval-timeout', 'log-keep-days', 'log-max-mb'] as const;
const CLIENTS = 'claude-desktop|claude-code|cursor|vscode|gemini';

/**
 * `kraken-gate ARGS…`. Resolves the exit code, or undefined while something keeps running
 * (serve, connect, paper). Usage errors exit 2 with one line, and a suggestion for a typo.
 */
export async function runCli(argv: string[]): Promise<number | undefined> {
  // Everything after the first `--` is the upstream's command line, untouched: its own flags
  // (`python server.py --help`) must never be read as ours.
  const split = argv.indexOf('--');
  const ours = split === -1 ? argv : argv.slice(0, split);
  const upstreamArgv = split === -1 ? [] : argv.slice(split + 1);

  if (ours[0] === 'serve') {
    const swallowed = npmSwallowedOptions(SERVE_OPTIONS, ours.slice(1));
    if (swallowed) {
      console.error(`kraken-gate: ${swallowed}`);
      return 2;
    }
  }

  let result: number | undefined = 0;
  const program = buildProgram(upstreamArgv, split !== -1, (code) => (result = code));
  if (ours.length === 0) {
    program.outputHelp();
    return 0;
  }
  try {
    await program.parseAsync(ours, { from: 'user' });
  } catch (error) {
    // Help and --version end the parse this way too, with exit code 0.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  return result;
}

type Done = (code: number | undefined) => void;

function buildProgram(upstreamArgv: string[], separator: boolean, done: Done): Command {
  const program = new Command('kraken-gate')
    .description('A human-in-the-loop gateway between AI agents and kraken-mcp.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .exitOverride()
    .addHelpText(
      'after',
      `
Data dir: --data-dir DIR, else KRAKEN_GATE_DATA_DIR, else the OS convention (~/.config/kraken-gate on Linux).
Each command has its own help: kraken-gate COMMAND --help (or kraken-gate help COMMAND).
Start with: kraken-gate serve     then, in another terminal: kraken-gate pending`,
    );

  const run = (command: Command, action: (dataDir: string, options: Record<string, unknown>, args: string[]) => Promise<number | undefined> | number | undefined): void => {
    command.action(async (...params: unknown[]) => {
      const self = params[params.length - 1] as Command;
      const options = self.opts();
      const dataDir = resolveDataDir(options.dataDir as string | undefined);
      try {
        done(await action(dataDir, options, self.args));
      } catch (error) {
        const described = describeDataDirError(error, dataDir);
        if (described) throw new Error(described, { cause: error });
        throw error;
      }
    });
  };

  const serve = program
    .command('serve')
    .summary('Run the gateway headless (paper exchange, or the upstream after --).')
    .description(
      'Run the gateway headless. Without an upstream command it runs the built-in paper exchange (fake balances, nothing real).\n' +
        'Everything after -- is the upstream command, e.g. the real kraken-mcp. KRAKEN_API_KEY / KRAKEN_API_SECRET go to the upstream only.',
    )
    .usage('[options] [-- UPSTREAM COMMAND...]')
    .option('--port <port>', 'port on 127.0.0.1, 0 for any free one (default 8787)')
    .option('--approval-timeout <duration>', 'deny a held call nobody decided after this long: seconds, or 90s, 5m (default 120)')
    .option('--log-keep-days <days>', 'keep the call log this many days (default 90)')
    .option('--log-max-mb <mb>', 'and at most this many MiB (default 1024)')
    .addHelpText(
      'after',
      examples([
        'kraken-gate serve',
        'kraken-gate serve --port 8803 --approval-timeout 5m',
        'kraken-gate serve -- ~/kraken-mcp/.venv/bin/python ~/kraken-mcp/kraken-server.py',
        'npm run serve -- --port 8803            (from the repository: note the --)',
      ]),
    );
  dataDirOption(serve);
  run(serve, async (dataDir, o) => {
    const { approvalTimeout: approval, logKeepDays: keepDays, logMaxMb: maxMb } = o as Record<string, string | undefined>;
    const { parsePort, runServe } = await import('./serve-command.js');
    return runServe(dataDir, parsePort(o.port as string | undefined), upstreamArgv, {
      approvalTimeoutMs: approval === undefined ? undefined : parseDuration('--approval-timeout', approval, 1000),
      retention: {
        maxAgeDays: keepDays === undefined ? undefined : positive('--log-keep-days', keepDays),
        maxTotalBytes: maxMb === undefined ? undefined : positive('--log-max-mb', maxMb) * 1024 * 1024,
      },
    });
  });

  const status = program.command('status').summary('Upstream, pause, pending count, policy file.').description('Upstream state, pause, pending approvals, the policy file.');
  jsonOption(dataDirOption(status));
  run(status, (dataDir, o) => runControlCommand('status', dataDir, { json: o.json === true }));

  const pending = program
    .command('pending')
    .description('Calls waiting for your decision, in words.')
    .addHelpText('after', examples(['kraken-gate pending', 'kraken-gate pending --json']));
  jsonOption(dataDirOption(pending));
  run(pending, (dataDir, o) => runControlCommand('pending', dataDir, { json: o.json === true }));

  const approve = program
    .command('approve')
    .argument('<id>', 'the id `kraken-gate pending` shows')
    .summary('Let a held call through.')
    .description('Let a held call through: exactly the arguments you saw go upstream, once.')
    .addHelpText('after', examples(['kraken-gate approve K7Q2M9XD']));
  jsonOption(dataDirOption(approve));
  run(approve, (dataDir, o, [id]) => runControlCommand('approve', dataDir, { json: o.json === true }, [id!]));

  const deny = program
    .command('deny')
    .argument('<id>', 'the id `kraken-gate pending` shows')
    .description('Refuse a held call; the agent sees the reason.')
    .option('--reason <text>', 'why, for the agent (and the log)')
    .addHelpText('after', examples(['kraken-gate deny K7Q2M9XD', 'kraken-gate deny K7Q2M9XD --reason "too far from the market"']));
  jsonOption(dataDirOption(deny));
  run(deny, (dataDir, o, [id]) => runControlCommand('deny', dataDir, { json: o.json === true, reason: o.reason as string | undefined }, [id!]));

  for (const [name, text] of [
    ['pause', 'Refuse every financial tool (orders, cancels, amends), including calls already waiting. Survives a restart.'],
    ['resume', 'Lift the pause.'],
  ] as const) {
    const command = program.command(name).summary(text.replace(/,? including.*$/, '.')).description(text);
    jsonOption(dataDirOption(command));
    run(command, (dataDir, o) => runControlCommand(name, dataDir, { json: o.json === true }));
  }

  const log = program
    .command('log')
    .summary('Recorded calls, newest first.')
    .description('Recorded calls, newest first. Reads the log files, so it works whether or not the gateway runs.')
    .option('--json', 'JSON (exact values, as recorded)')
    .option('--csv', 'CSV (for a spreadsheet)')
    .option('--since <time>', 'from a time (2026-11-25T10:00Z) or a span back from now (30m, 2h, 7d)')
    .option('--until <time>', 'up to a time or span')
    .option('--tool <names>', 'only these tools, comma-separated')
    .option('--decision <kinds>', 'only these decisions: allowed,denied,approved,rejected,expired,cancelled')
    .option('--text <words>', 'only calls whose record contains this text')
    .option('--limit <n>', 'at most this many', '50')
    .addHelpText(
      'after',
      examples(['kraken-gate log --since 2h', 'kraken-gate log --decision rejected,expired', 'kraken-gate log --tool add_order --csv > orders.csv']),
    );
  dataDirOption(log);
  run(log, async (dataDir, o) => (await import('./log-command.js')).runLogCommand(dataDir, o as LogFlags));

  const policy = program.command('policy').description('Work with policy files.');
  policy
    .command('check')
    .argument('<file>', 'a policy file (yours, or a PolicyLayer one)')
    .description('Validate a policy file; errors name the place in it.')
    .addHelpText('after', examples(['kraken-gate policy check ~/.config/kraken-gate/policy.json']))
    .action(async (file: string) => {
      const { checkPolicyFile } = await import('../gate/policy/index.js');
      const result = await checkPolicyFile(file);
      for (const line of result.lines) (result.ok ? console.log : console.error)(line);
      done(result.ok ? 0 : 1);
    });

  const tools = program.command('tools').description("Upstream tools whose definition changed.");
  const accept = tools
    .command('accept')
    .argument('<name>', 'the tool, as `kraken-gate status` lists it')
    .description("Accept an upstream tool's changed definition; calls to it are blocked until then.")
    .addHelpText('after', examples(['kraken-gate tools accept add_order']));
  dataDirOption(accept);
  run(accept, async (dataDir, _o, [name]) => {
    const { controlClient } = await import('./control-client.js');
    const result = await controlClient(dataDir).acceptTool({ name: name! });
    (result.ok ? console.log : console.error)(result.message);
    return result.ok ? 0 : 1;
  });

  const token = program.command('token').description("Print the agents' bearer token (a secret).");
  dataDirOption(token);
  run(token, (dataDir) => {
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
  dataDirOption(connect);
  run(connect, async (dataDir) => (await import('./connect.js')).runConnect(dataDir));

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
  dataDirOption(config);
  run(config, async (dataDir, o, args) =>
    (await import('./client-config-command.js')).runConfigCommand(args, dataDir, {
      write: o.write as boolean | undefined,
      file: o.file as string | undefined,
      stdio: o.stdio as boolean | undefined,
      json: o.json as boolean | undefined,
      port: o.port as string | undefined,
    }),
  );

  program
    .command('paper')
    .description('Run the paper exchange alone (MCP over stdio).')
    .action(async () => {
      const { runPaperServer } = await import('../paper/server.js');
      await runPaperServer();
      done(undefined);
    });

  program.hook('preAction', (_program, command) => {
    if (separator && command.name() !== 'serve') command.error(`error: -- and an upstream command go with serve only, not ${command.name()}.`);
  });
  routeOutput(program);
  return program;
}

function dataDirOption(command: Command): Command {
  return command.option('--data-dir <dir>', 'the data dir (default: KRAKEN_GATE_DATA_DIR, else the OS convention)');
}

function jsonOption(command: Command): Command {
  return command.option('--json', 'JSON instead of text');
}

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}`;
}

function positive(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} must be a positive number, not "${value}".`);
  return n;
}

/**
 * Help through console.log (stdout) and errors through console.error (stderr), as the rest of
 * the CLI writes; an error is one line: "kraken-gate: unknown command 'aprove'. Did you mean approve?"
 */
function routeOutput(command: Command, path: string[] = []): void {
  const name = [...path, command.name()].join(' ');
  command.configureOutput({
    writeOut: (text) => console.log(text.replace(/\n$/, '')),
    writeErr: (text) => console.error(text.replace(/\n$/, '')),
    outputError: (text, write) => {
      const line = text
        .trim()
        .replace(/^error: /, 'kraken-gate: ')
        .replace(/\n\(Did you mean (.+)\?\)$/, '. Did you mean $1?');
      const hint = name === 'kraken-gate serve' && /too many arguments/.test(line) ? ' An upstream command goes after --: kraken-gate serve -- CMD ARGS…' : '';
      write(`${line}${hint}${/Did you mean/.test(line) ? '' : ` (see: ${name} --help)`}\n`);
    },
  });
  for (const sub of command.commands) routeOutput(sub, [...path, command.name()]);
}
