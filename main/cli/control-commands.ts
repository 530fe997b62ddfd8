import type { DecideResult, OrderChanges } from '../../preload/api.js';
import { inert } from '../gate/text/inert.js';
import { stdoutColors } from './colour.js';
import { cliCommandFor } from './cli-command.js';
import { controlClient, ControlError, endOnPresenceRefusal, type ControlClientOptions } from './control-client.js';
import { codeOptions } from './prompt.js';
import { describePending, describeStatus } from './describe.js';
import { confirmRiskFor } from './risk-confirm.js';
import { setPauseWhileStopped } from './pause-offline.js';

export interface ControlFlags {
  json: boolean;
  reason?: string;
  /** approve: approve with these changes (approve-changes.ts). */
  changes?: OrderChanges;
  allowWorsePrice?: boolean;
  /** approve with changes: no question before approving. */
  yes?: boolean;
  /** How approve with changes asks; stdin by default. */
  confirm?: (question: string) => Promise<boolean>;
  /** The person's authenticator code (--code) for a riskier action. */
  code?: string;
  /** approve: the person has read why the order is unusual and confirms it (--confirm-risk). */
  confirmRisk?: boolean;
  /** How an unusual order's confirmation is asked; the terminal by default. */
  askRisk?: (question: string) => Promise<string>;
  /** deny: also pause the call's agent for this long (15m, 1h, resumed). */
  pauseAgent?: string;
}

type Print = (line: string) => void;
const printError: Print = (line) => console.error(line);

/** status, pending, approve, deny, pause, resume: the CLI face of the control API. */
export async function runControlCommand(
  command: string,
  args: string[],
  dataDir: string,
  flags: ControlFlags,
  print: Print = console.log,
  error: Print = printError,
): Promise<number> {
  try {
    return await runChecked(command, args, dataDir, flags, print, error);
  } catch (failure) {
    // A riskier action without the person's code: the message says why and what to run.
    return endOnPresenceRefusal(failure, flags.json, print, error);
  }
}

async function runChecked(command: string, args: string[], dataDir: string, flags: ControlFlags, print: Print, error: Print): Promise<number> {
  const c = stdoutColors();
  const cli = cliCommandFor(dataDir);
  const out = (value: unknown, human: () => string): void => print(flags.json ? JSON.stringify(value, null, 2) : human());
  // The command to run again with --code, as the person typed it.
  const typed = command === 'resume-agent' ? ['resume', '--agent', ...args] : command === 'approve-all' ? ['approve', '--all'] : [command, ...args];
  const options = codeOptions(flags.code, cli(...typed));
  if (command === 'pause' || command === 'resume') {
    const status = await switchPause(dataDir, command === 'pause', options);
    out(status.json, () => {
      const stopped = status.running ? '' : ` Kraken Gate is not running: it will start with them ${status.paused ? 'paused' : 'active'}${status.paused ? '' : ' (unless you confirmed the pause on a real exchange: then it starts paused, and resuming needs your code)'}.`;
      if (status.changed === false) return `${status.paused ? `Financial tools are ${c.red('already paused')}.` : `Financial tools are ${c.green('already active')} (not paused).`}${stopped}`;
      return status.paused
        ? `Financial tools are ${c.bold(c.red('PAUSED'))}: new orders and amendments are refused; cancelling orders still works.${stopped}`
        : `Financial tools are ${c.green('active')} again.${stopped}`;
    });
    return 0;
  }
  const api = controlClient(dataDir, options);
  switch (command) {
    case 'approve-all':
      return (await import('./approve-all-command.js')).approveAllCommand(api, { json: flags.json, yes: flags.yes === true }, { print, error, c, confirm: flags.confirm });
    case 'resume-agent':
      return (await import('./agent-pause-command.js')).resumeAgent(api, args[0]!, flags, { print, error });
    case 'status': {
      const status = await api.status({});
      out(status, () => describeStatus(status, c, cli));
      return 0;
    }
    case 'pending': {
      const pending = await api.pending({});
      out(pending, () => (pending.length === 0 ? 'Nothing is waiting for approval.' : pending.map((p) => describePending(p, c, cli)).join('\n\n')));
      return 0;
    }
    case 'approve':
    case 'deny': {
      const id = args[0];
      if (!id) {
        error(`Usage: kraken-gate ${command} ID${command === 'deny' ? ' [--reason TEXT]' : ''}   (IDs: ${cli('pending')})`);
        return 2;
      }
      let confirmRisk: boolean | string = false;
      if (command === 'approve') {
        const answer = await confirmRiskFor(api, id, flags.confirmRisk === true, c, flags.askRisk);
        if ('declined' in answer) {
          error(answer.declined);
          return 1;
        }
        confirmRisk = answer.confirmRisk;
      }
      if (command === 'deny' && flags.pauseAgent !== undefined) {
        return (await import('./agent-pause-command.js')).denyAndPauseAgent(api, id, { json: flags.json, reason: flags.reason, pauseAgent: flags.pauseAgent }, { print, error, c });
      }
      if (command === 'approve' && flags.changes) {
        const { approveWithChanges } = await import('./approve-changes.js');
        return approveWithChanges(api, id, { json: flags.json, changes: flags.changes, allowWorsePrice: flags.allowWorsePrice, yes: flags.yes, confirmRisk }, { print, error, c, confirm: flags.confirm });
      }
      const result: DecideResult = command === 'approve' ? await api.approve({ id, ...(confirmRisk && { confirmRisk }) }) : await api.deny({ id, reason: flags.reason });
      if (flags.json) print(JSON.stringify(result, null, 2));
      else if (result.ok) print(`${result.id}: ${(result.decision === 'approved' ? c.green : c.red)(result.decision)}.`);
      else error(`kraken-gate: ${inert(result.message)}${!result.ok && result.error === 'needs-confirmation' ? `\nRead why, then: ${cli('approve', result.id, '--confirm-risk')}` : ''}`);
      return result.ok ? 0 : 1;
    }
    case 'tools': {
      // `tools accept NAME`: a changed definition is accepted with the person's code.
      const result = await api.acceptTool({ name: args[1]! });
      if (flags.json) print(JSON.stringify(result, null, 2));
      else (result.ok ? print : error)(result.message);
      return result.ok ? 0 : 1;
    }
    default:
      throw new Error(`not a control command: ${command}`);
  }
}


/**
 * The running gateway's switch, or (when none runs on the data dir) the file it starts from: the
 * brake must work before a start too. A gateway that holds the dir but does not answer keeps its word.
 */
async function switchPause(dataDir: string, paused: boolean, options: ControlClientOptions): Promise<{ paused: boolean; changed?: boolean; running: boolean; json: unknown }> {
  try {
    const api = controlClient(dataDir, options);
    const status = paused ? await api.pause({}) : await api.resume({});
    // --json prints the running gateway's answer as it is (the whole status).
    return { paused: status.paused, changed: status.changed, running: true, json: status };
  } catch (error) {
    if (!(error instanceof ControlError)) throw error;
    const offline = setPauseWhileStopped(dataDir, paused);
    if (offline === undefined) throw error;
    return { ...offline, running: false, json: { ...offline, running: false } };
  }
}

