import { Argument, type Command } from 'commander';
import { CHANGE_OPTIONS } from './approve-options.js';
import type { ControlFlags } from './control-commands.js';
import { examples, jsonOption, onDataDir, type CommandContext } from './command-kit.js';

// Loaded when a command runs, so a typo or `--help` does not load the control client and zod.
const control = async (command: string, dataDir: string, flags: ControlFlags, args: string[] = []) =>
  (await import('./control-commands.js')).runControlCommand(command, args, dataDir, flags);

/** status, pending, approve, deny, pause, resume, tools accept: the human's side of a running gateway. */
export function addControlCommands(program: Command, context: CommandContext): void {
  const status = program
    .command('status')
    .summary('Upstream, pause, pending count, policy file.')
    .description('Upstream state, pause, pending approvals, and a refused edit of policy.json.');
  onDataDir(jsonOption(status), context, (dataDir, o) => control('status', dataDir, { json: o.json === true }));

  const pending = program
    .command('pending')
    .description('Calls waiting for your decision, in words.')
    .addHelpText('after', examples(['kraken-gate pending', 'kraken-gate pending --json']));
  onDataDir(jsonOption(pending), context, (dataDir, o) => control('pending', dataDir, { json: o.json === true }));

  const approve = program
    .command('approve')
    .argument('<id>', 'the id `kraken-gate pending` shows')
    .summary('Let a held call through.')
    .description(
      'Let a held call through: exactly the arguments you saw go upstream, once.\n' +
        'With changes (an order only): a smaller volume, a better limit price, a tighter time in force. The changed order is\n' +
        'shown in words and approved once you confirm; the agent is told what you changed.',
    );
  for (const option of CHANGE_OPTIONS) approve.option(option.flag, option.help);
  approve
    .option('--allow-worse-price', "allow a limit price worse than the agent's (a buy's higher, a sell's lower)")
    .option('--yes', 'approve with changes without asking')
    .addHelpText('after', examples(['kraken-gate approve K7Q2M9XD', 'kraken-gate approve K7Q2M9XD --volume 0.05 --price 49000', 'kraken-gate approve K7Q2M9XD --timeinforce IOC --yes']));
  onDataDir(jsonOption(approve), context, async (dataDir, o, [id]) => {
    const { changesFromOptions } = await import('./approve-options.js');
    const changes = changesFromOptions(o);
    if (!changes && (o.allowWorsePrice || o.yes)) throw new Error('--allow-worse-price and --yes go with a change (--volume, --price, …)');
    return control('approve', dataDir, { json: o.json === true, changes, allowWorsePrice: o.allowWorsePrice === true, yes: o.yes === true }, [id!]);
  });

  const deny = program
    .command('deny')
    .argument('<id>', 'the id `kraken-gate pending` shows')
    .description('Refuse a held call; the agent sees the reason.')
    .option('--reason <text>', 'why, for the agent (and the log)')
    .addHelpText('after', examples(['kraken-gate deny K7Q2M9XD', 'kraken-gate deny K7Q2M9XD --reason "too far from the market"']));
  onDataDir(jsonOption(deny), context, (dataDir, o, [id]) => control('deny', dataDir, { json: o.json === true, reason: o.reason as string | undefined }, [id!]));

  for (const [name, summary, more] of [
    ['pause', 'Refuse every financial tool (orders, cancels, amends).', ' Calls already waiting are refused too; it survives a restart, and set while Kraken Gate is stopped it starts paused.'],
    ['resume', 'Lift the pause.', ''],
  ] as const) {
    const command = program.command(name).summary(summary).description(summary + more);
    onDataDir(jsonOption(command), context, (dataDir, o) => control(name, dataDir, { json: o.json === true }));
  }

  const accept = program
    .command('tools')
    .description('Upstream tools whose definition changed.')
    .command('accept')
    .argument('<name>', 'the tool, as `kraken-gate status` lists it')
    .description("Accept an upstream tool's changed definition; calls to it are blocked until then.")
    .addHelpText('after', examples(['kraken-gate tools accept add_order']));
  onDataDir(accept, context, async (dataDir, _o, [name]) => {
    const { controlClient } = await import('./control-client.js');
    const result = await controlClient(dataDir).acceptTool({ name: name! });
    (result.ok ? console.log : console.error)(result.message);
    return result.ok ? 0 : 1;
  });

  const keys = program
    .command('keys')
    .addArgument(new Argument('<action>', 'set | status | clear').choices(['set', 'status', 'clear']))
    .summary('Set, check or clear the Kraken API keys of the running app.')
    .description(
      'The Kraken API key and secret for the running desktop app, stored encrypted in the OS keychain. `set` reads them from stdin\n' +
        '(two lines: the key, then the secret) or asks at a prompt that does not show the secret; never from the command line.\n' +
        'The headless gateway takes them from KRAKEN_API_KEY / KRAKEN_API_SECRET in its environment instead.',
    )
    .addHelpText('after', examples(['kraken-gate keys set', 'kraken-gate keys status', 'printf "%s\\n%s\\n" "$KEY" "$SECRET" | kraken-gate keys set']));
  onDataDir(keys, context, async (dataDir, _o, args) => (await import('./keys-command.js')).runKeysCommand(args, dataDir, process));

  const open = program
    .command('open')
    .summary('Open the window in your browser (a fresh one-time login link).')
    .description(
      'Open the Kraken Gate window of the running gateway in your browser, with a fresh one-time login link\n' +
        '(the page and its API take only that session, never the agent token). --print only prints the link.',
    )
    .option('--print', 'print the link instead of opening a browser (e.g. to open it through an SSH tunnel)')
    .addHelpText('after', examples(['kraken-gate open', 'kraken-gate open --print']));
  onDataDir(open, context, async (dataDir, o) => (await import('./open-command.js')).runOpenCommand(dataDir, { print: o.print === true }));
}
