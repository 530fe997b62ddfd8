import { Argument, type Command } from 'commander';
import { CHANGE_OPTIONS } from './approve-options.js';
import type { ControlFlags } from './control-commands.js';
import type { PhoneFlags } from './phone-commands.js';
import { examples, jsonOption, onDataDir, type CommandContext } from './command-kit.js';

// Loaded when a command runs, so a typo or `--help` does not load the control client and zod.
const control = async (command: string, dataDir: string, flags: ControlFlags, args: string[] = []) =>
  (await import('./control-commands.js')).runControlCommand(command, args, dataDir, flags);

const CODE_HELP = 'the 6-digit code your authenticator app shows (asked for at a terminal when needed)';
const code = (o: Record<string, unknown>) => (typeof o.code === 'string' ? { code: o.code } : {});

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
    .argument('[id]', 'the id `kraken-gate pending` shows')
    .summary('Let a held call through, or --all of them.')
    .description(
      'Let a held call through: exactly the arguments you saw go upstream, once.\n' +
        'With changes (an order only): a smaller volume, a better limit price, a tighter time in force. ' +
        'The changed order is shown in words and approved once you confirm; the agent is told what you changed.\n' +
        '--all: every waiting call, with one question and one code, only when each is a normal order whose worth is known; otherwise none.',
    );
  for (const option of CHANGE_OPTIONS) approve.option(option.flag, option.help);
  approve
    .option('--allow-worse-price', "allow a limit price worse than the agent's (a buy's higher, a sell's lower)")
    .option('--all', 'approve every waiting call at once, or none of them (see above)')
    .option('--yes', 'approve with changes, or --all, without asking')
    .option('--confirm-risk', 'approve an unusual order (its reasons are in `kraken-gate pending`) without typing CONFIRM')
    .option('--code <code>', CODE_HELP)
    .addHelpText('after', examples(['kraken-gate approve K7Q2M9XD', 'kraken-gate approve K7Q2M9XD --volume 0.05 --price 49000', 'kraken-gate approve K7Q2M9XD --timeinforce IOC --yes', 'kraken-gate approve --all']));
  onDataDir(jsonOption(approve), context, async (dataDir, o, [id]) => {
    const { changesFromOptions } = await import('./approve-options.js');
    const changes = changesFromOptions(o);
    if (o.all === true) {
      // Usage errors, as commander words its own (one line, exit 2).
      if (id !== undefined || changes || o.confirmRisk || o.allowWorsePrice) approve.error('error: --all approves every waiting call as it is: give no id and no changes');
      return control('approve-all', dataDir, { json: o.json === true, yes: o.yes === true, ...code(o) });
    }
    if (id === undefined) approve.error("error: missing required argument 'id'");
    if (!changes && (o.allowWorsePrice || o.yes)) throw new Error('--allow-worse-price and --yes go with a change (--volume, --price, …)');
    return control('approve', dataDir, { json: o.json === true, changes, allowWorsePrice: o.allowWorsePrice === true, yes: o.yes === true, confirmRisk: o.confirmRisk === true, ...code(o) }, [id!]);
  });

  const deny = program
    .command('deny')
    .argument('<id>', 'the id `kraken-gate pending` shows')
    .description('Refuse a held call; the agent sees the reason.')
    .option('--reason <text>', 'why, for the agent (and the log)')
    .option('--pause-agent <for>', "also refuse this agent's orders and amendments for a while: 15m, 1h, 2d, or resumed (until you resume it)")
    .addHelpText('after', examples(['kraken-gate deny K7Q2M9XD', 'kraken-gate deny K7Q2M9XD --reason "too far from the market"', 'kraken-gate deny K7Q2M9XD --pause-agent 1h']));
  onDataDir(jsonOption(deny), context, (dataDir, o, [id]) =>
    control('deny', dataDir, { json: o.json === true, reason: o.reason as string | undefined, ...(typeof o.pauseAgent === 'string' && { pauseAgent: o.pauseAgent }) }, [id!]),
  );

  const pause = program
    .command('pause')
    .summary('Refuse new orders and amendments (cancelling still works).')
    .description(
      'Refuse new orders and amendments. Calls already waiting are refused too; it survives a restart, and set while Kraken Gate ' +
        "is stopped it starts paused.\nCancelling an order and disarming the dead man's switch (cancel_all_orders_after 0) still pass.",
    );
  onDataDir(jsonOption(pause), context, (dataDir, o) => control('pause', dataDir, { json: o.json === true }));
  const resume = program
    .command('resume')
    .summary('Lift the pause, or one agent\'s (with your code where presence is required).')
    .description(
      'Lift the pause. Where presence is required (a real exchange), it takes the code from your authenticator app.\n' +
        '--agent NAME lifts only the pause of that agent (Deny & pause agent), as `kraken-gate status` names it.',
    )
    .option('--agent <name>', "lift one agent's pause instead (its name in `kraken-gate status`)")
    .option('--code <code>', CODE_HELP)
    .addHelpText('after', examples(['kraken-gate resume', 'kraken-gate resume --code 492039', 'kraken-gate resume --agent claude-code']));
  onDataDir(jsonOption(resume), context, (dataDir, o) =>
    typeof o.agent === 'string' ? control('resume-agent', dataDir, { json: o.json === true, ...code(o) }, [o.agent]) : control('resume', dataDir, { json: o.json === true, ...code(o) }),
  );

  const accept = program
    .command('tools')
    .description('Upstream tools whose definition changed.')
    .command('accept')
    .argument('<name>', 'the tool, as `kraken-gate status` lists it')
    .description("Accept an upstream tool's changed definition; calls to it are blocked until then.")
    .option('--code <code>', CODE_HELP)
    .addHelpText('after', examples(['kraken-gate tools accept add_order']));
  onDataDir(accept, context, (dataDir, o, [name]) => control('tools', dataDir, { json: false, ...code(o) }, ['accept', name!]));

  const presence = program.command('presence').description('The proof that you, not an agent, approve: an authenticator app.');
  const setup = presence
    .command('setup')
    .description(
      'Set up an authenticator app (TOTP): shows a QR code and its key once.\n' +
        'Approvals, resume, looser rules and riskier settings then take the code it shows wherever presence is required. ' +
        'Replacing an authenticator takes a current code from it.',
    )
    .option('--code <code>', 'a current code of the authenticator being replaced')
    .addHelpText('after', examples(['kraken-gate presence setup', 'kraken-gate presence setup --json']));
  onDataDir(jsonOption(setup), context, async (dataDir, o) => (await import('./presence-commands.js')).runPresenceCommand('setup', dataDir, { json: o.json === true, ...code(o) }));
  const presenceStatus = presence.command('status').description('Whether riskier actions need a code here, and why.');
  onDataDir(jsonOption(presenceStatus), context, async (dataDir, o) => (await import('./presence-commands.js')).runPresenceCommand('status', dataDir, { json: o.json === true }));

  const rules = program.command('rules').description('Edits of policy.json that loosen the rules wait for you: see them, apply them.');
  const rulesDiff = rules.command('diff').description('What edits of policy.json and settings.json wait for you, and how they let more through.');
  onDataDir(jsonOption(rulesDiff), context, async (dataDir, o) => (await import('./presence-commands.js')).runPresenceCommand('rules diff', dataDir, { json: o.json === true }));
  const rulesApply = rules.command('apply').description('Put the edited policy.json in force (it loosens the rules: it takes your code).').option('--code <code>', CODE_HELP);
  onDataDir(jsonOption(rulesApply), context, async (dataDir, o) => (await import('./presence-commands.js')).runPresenceCommand('rules apply', dataDir, { json: o.json === true, ...code(o) }));
  const settingsApply = program
    .command('settings')
    .description('Riskier edits of settings.json wait for you.')
    .command('apply')
    .description("Put settings.json's riskier edits in force (upstream, approval timeout…; it takes your code).")
    .option('--code <code>', CODE_HELP);
  onDataDir(jsonOption(settingsApply), context, async (dataDir, o) => (await import('./presence-commands.js')).runPresenceCommand('settings apply', dataDir, { json: o.json === true, ...code(o) }));

  const keys = program
    .command('keys')
    .addArgument(new Argument('<action>', 'set | status | clear').choices(['set', 'status', 'clear']))
    .summary('Set, check or clear the Kraken API keys of the running app.')
    .description(
      'The Kraken API key and secret for the running desktop app, stored encrypted in the OS keychain.\n' +
        '`set` reads them from stdin (two lines: the key, then the secret) or asks at a prompt that does not show the secret; never from the command line.\n' +
        'The headless gateway takes them from KRAKEN_API_KEY / KRAKEN_API_SECRET in its environment instead, and kraken-mcp from the .env beside kraken-server.py; ' +
        '`status` says which of these the upstream gets its keys from (never the keys).',
    )
    .option('--code <code>', CODE_HELP)
    .addHelpText('after', examples(['kraken-gate keys set', 'kraken-gate keys status', 'printf "%s\\n%s\\n" "$KEY" "$SECRET" | kraken-gate keys set --code 492039']));
  onDataDir(keys, context, async (dataDir, o, args) => (await import('./keys-command.js')).runKeysCommand(args, dataDir, process, code(o)));

  const phone = program.command('phone').description('Approve from your phone: a Telegram bot of your own, paired with your account.');
  const phoneRun = async (sub: 'setup' | 'pair' | 'unpair' | 'status', dataDir: string, flags: PhoneFlags) =>
    (await import('./phone-commands.js')).runPhoneCommand(sub, dataDir, flags, process);
  const phoneSetup = phone
    .command('setup')
    .description(
      'Give Kraken Gate your Telegram bot: create one with @BotFather (/newbot), then paste its token here.\n' +
        'The token is read from stdin or a prompt that does not show it, never from the command line, and kept with the presence secrets. ' +
        'A new bot ends the old pairing. --api-root points at a self-hosted Bot API server.',
    )
    .option('--api-root <url>', 'a self-hosted Telegram Bot API server instead of https://api.telegram.org')
    .option('--code <code>', CODE_HELP)
    .addHelpText('after', examples(['kraken-gate phone setup', 'printf "%s\\n" "$BOT_TOKEN" | kraken-gate phone setup --code 492039']));
  onDataDir(jsonOption(phoneSetup), context, (dataDir, o) => phoneRun('setup', dataDir, { json: o.json === true, ...code(o), ...(typeof o.apiRoot === 'string' && { apiRoot: o.apiRoot }) }));
  const phonePair = phone
    .command('pair')
    .description('A one-time code (10 minutes) to send to your bot as /pair CODE from your own Telegram account; only that account is obeyed then.')
    .option('--code <code>', CODE_HELP)
    .addHelpText('after', examples(['kraken-gate phone pair']));
  onDataDir(jsonOption(phonePair), context, (dataDir, o) => phoneRun('pair', dataDir, { json: o.json === true, ...code(o) }));
  const phoneUnpair = phone
    .command('unpair')
    .description('Stop obeying the paired Telegram account (--forget-bot: also forget the bot token).')
    .option('--forget-bot', 'also forget the bot token: the phone channel is off')
    .option('--code <code>', CODE_HELP);
  onDataDir(jsonOption(phoneUnpair), context, (dataDir, o) => phoneRun('unpair', dataDir, { json: o.json === true, ...code(o), ...(o.forgetBot === true && { forgetBot: true }) }));
  const phoneStatus = phone.command('status').description('Whether the phone channel is online, and which account it obeys.');
  onDataDir(jsonOption(phoneStatus), context, (dataDir, o) => phoneRun('status', dataDir, { json: o.json === true }));

  const open = program
    .command('open')
    .summary('Open the window in your browser (a fresh one-time login link).')
    .description(
      'Open the Kraken Gate window of the running gateway in your browser, with a fresh one-time login link ' +
        '(the page and its API take only that session, never the agent token).\n--print only prints the link.',
    )
    .option('--print', 'print the link instead of opening a browser (e.g. to open it through an SSH tunnel)')
    .addHelpText('after', examples(['kraken-gate open', 'kraken-gate open --print']));
  onDataDir(open, context, async (dataDir, o) => (await import('./open-command.js')).runOpenCommand(dataDir, { print: o.print === true }));
}
