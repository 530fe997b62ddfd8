import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import type { CommandContext, ExitCode } from './command-kit.js';
import { addControlCommands } from './commands-control.js';
import { addGatewayCommands } from './commands-gateway.js';
import { addLogCommands } from './commands-log.js';
import { npmSwallowedOptions } from './npm-swallowed.js';

const SERVE_OPTIONS = ['port', 'data-dir', 'approval-timeout', 'log-keep-days', 'log-max-mb'] as const;

/**
 * `kraken-gate ARGS…` on commander. Resolves the exit code, or undefined while something keeps
 * running (serve, connect, paper). Usage errors exit 2 with one line, and a suggestion for a typo.
 */
export async function runCli(argv: string[]): Promise<ExitCode> {
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

  let result: ExitCode = 0;
  const program = buildProgram({ upstreamArgv, done: (code) => (result = code) });
  program.hook('preAction', (_program, command) => {
    if (split !== -1 && command.name() !== 'serve') command.error(`error: -- and an upstream command go with serve only, not ${command.name()}.`);
  });
  if (ours.length === 0) {
    program.outputHelp();
    return 0;
  }
  // Commander answers `help aprove` with the whole help and exit 1; a typo there deserves what
  // `kraken-gate aprove` gets: "unknown command 'aprove'. Did you mean approve?".
  const [first, asked] = ours;
  const unknownHelp = first === 'help' && asked !== undefined && !asked.startsWith('-') && !program.commands.some((c) => c.name() === asked || c.aliases().includes(asked));
  try {
    await program.parseAsync(unknownHelp ? [asked] : ours, { from: 'user' });
  } catch (error) {
    // Help and --version end the parse this way too, with exit code 0.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  return result;
}

/** The whole command tree, as `kraken-gate` parses it (tests read its commands and options). */
export function buildProgram(context: CommandContext): Command {
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
  addGatewayCommands(program, context);
  addControlCommands(program, context);
  addLogCommands(program, context);
  routeOutput(program);
  return program;
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
