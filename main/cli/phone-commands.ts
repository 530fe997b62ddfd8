// `kraken-gate phone setup|pair|unpair|status`: approvals from the person's Telegram. The bot token
// is read from stdin or a prompt that does not echo it, never from argv (ps and shell history keep
// that); setup, pair and unpair are riskier (whoever pairs approves orders) and take the code.
import type { PhoneStatus } from '../../preload/api.js';
import { formatClock } from '../../preload/clock.js';
import { inert } from '../gate/text/inert.js';
import type { CliCommand } from '../host/console-report.js';
import { cliCommandFor } from './cli-command.js';
import { stdoutColors, type Colors } from './colour.js';
import { controlClient, ControlError, endOnPresenceRefusal, PresenceError } from './control-client.js';
import { readLines, type KeysCommandIo } from './keys-command.js';
import { codeOptions } from './prompt.js';

export type PhoneSubcommand = 'setup' | 'pair' | 'unpair' | 'status';

export interface PhoneFlags {
  json: boolean;
  code?: string;
  apiRoot?: string;
  forgetBot?: boolean;
}

export async function runPhoneCommand(sub: PhoneSubcommand, dataDir: string, flags: PhoneFlags, io: KeysCommandIo): Promise<number> {
  const print = (line: string) => io.stdout.write(`${line}\n`);
  const error = (line: string) => io.stderr.write(`${line}\n`);
  const cli = cliCommandFor(dataDir);
  const api = controlClient(dataDir, codeOptions(flags.code, cli('phone', sub)));
  const done = (result: { ok: boolean; message: string }) => {
    if (flags.json) print(JSON.stringify(result, null, 2));
    else (result.ok ? print : error)(result.ok ? result.message : `kraken-gate: ${result.message}`);
    return result.ok ? 0 : 1;
  };
  try {
    switch (sub) {
      case 'setup': {
        const [token = ''] = await readLines(io, [{ prompt: 'Bot token from @BotFather (not shown): ', secret: true }]);
        if (!token) {
          error('kraken-gate: give the bot token on stdin (or type it at the prompt); never on the command line.');
          return 2;
        }
        return done(await api.phoneSetup({ token, ...(flags.apiRoot && { apiRoot: flags.apiRoot }) }));
      }
      case 'pair': {
        const result = await api.phonePair({});
        if (flags.json || !result.ok) return done(result);
        const c = stdoutColors();
        print(`Pairing code: ${c.bold(result.pairCode)}  (valid until ${formatClock(result.expiresAt)})`);
        print(`From your own Telegram account, open a private chat with ${result.bot} and send:`);
        print(`  /pair ${result.pairCode}`);
        print(`Then \`${cli('phone', 'status')}\` says who is paired. Only that account will be obeyed.`);
        return 0;
      }
      case 'unpair':
        return done(await api.phoneUnpair({ ...(flags.forgetBot && { forgetBot: true }) }));
      case 'status': {
        const status = (await api.status({})).phone;
        if (flags.json) print(JSON.stringify(status ?? { state: 'off' }, null, 2));
        else print(`phone:     ${describePhone(status ?? { state: 'off' }, stdoutColors(), cli)}`);
        return 0;
      }
    }
  } catch (failure) {
    if (failure instanceof ControlError && !(failure instanceof PresenceError)) {
      error(`kraken-gate: ${failure.message}`);
      return 1;
    }
    return endOnPresenceRefusal(failure, flags.json, print, error);
  }
}

/** One line for `status` and `phone status`: "online, paired with Alice (@alice) through @kg_bot". */
export function describePhone(phone: PhoneStatus, c: Colors, cli: CliCommand): string {
  const through = phone.bot ? ` through ${inert(phone.bot)}` : '';
  const since = phone.since ? formatClock(phone.since) : undefined;
  switch (phone.state) {
    case 'off':
      return `off (${cli('phone', 'setup')} to approve from Telegram)`;
    case 'not-paired':
      return `${c.yellow('not paired')}${through}${phone.pairingUntil ? '; a pairing code waits to be sent to the bot' : ` (${cli('phone', 'pair')})`}`;
    case 'connecting':
      return `connecting to Telegram${through}, paired with ${inert(phone.pairedWith ?? '?')}`;
    case 'online':
      return `${c.green('online')}, paired with ${inert(phone.pairedWith ?? '?')}${through}`;
    case 'offline':
      return `${c.yellow(`offline since ${since}`)} (${inert(phone.reason ?? 'unknown')}), paired with ${inert(phone.pairedWith ?? '?')}; held calls still wait on every other surface`;
  }
}
