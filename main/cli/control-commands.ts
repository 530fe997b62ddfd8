import { describeExchange, type DecideResult, type Exchange, type OrderChanges, type PendingApproval, type Status } from '../../preload/api.js';
import { inert, INERT_LIMITS } from '../gate/inert.js';
import { stdoutColors, type Colors } from './colour.js';
import type { CliCommand } from '../host/console-report.js';
import { cliCommandFor } from './cli-command.js';
import { controlClient, ControlError } from './control-client.js';
import { setPauseWhileStopped } from './pause-offline.js';
import { limitPriceKey } from '../gate/approvals/add-order.js';
import { formatDuration } from './durations.js';

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
  const c = stdoutColors();
  const cli = cliCommandFor(dataDir);
  const out = (value: unknown, human: () => string): void => print(flags.json ? JSON.stringify(value, null, 2) : human());
  if (command === 'pause' || command === 'resume') {
    const status = await switchPause(dataDir, command === 'pause');
    out(status.json, () => {
      const stopped = status.running ? '' : ` Kraken Gate is not running: it will start with them ${status.paused ? 'paused' : 'active'}.`;
      if (status.changed === false) return `${status.paused ? `Financial tools are ${c.red('already paused')}.` : `Financial tools are ${c.green('already active')} (not paused).`}${stopped}`;
      return status.paused
        ? `Financial tools are ${c.bold(c.red('PAUSED'))}: orders, cancels and amends are refused.${stopped}`
        : `Financial tools are ${c.green('active')} again.${stopped}`;
    });
    return 0;
  }
  const api = controlClient(dataDir);
  switch (command) {
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
      if (command === 'approve' && flags.changes) {
        const { approveWithChanges } = await import('./approve-changes.js');
        return approveWithChanges(api, id, { json: flags.json, changes: flags.changes, allowWorsePrice: flags.allowWorsePrice, yes: flags.yes }, { print, error, c, confirm: flags.confirm });
      }
      const result: DecideResult =
        command === 'approve' ? await api.approve({ id, via: 'cli' }) : await api.deny({ id, via: 'cli', reason: flags.reason });
      if (flags.json) print(JSON.stringify(result, null, 2));
      else if (result.ok) print(`${result.id}: ${(result.decision === 'approved' ? c.green : c.red)(result.decision)}.`);
      else error(`kraken-gate: ${inert(result.message)}`);
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
async function switchPause(dataDir: string, paused: boolean): Promise<{ paused: boolean; changed?: boolean; running: boolean; json: unknown }> {
  try {
    const api = controlClient(dataDir);
    const status = paused ? await api.pause({ via: 'cli' }) : await api.resume({ via: 'cli' });
    // --json prints the running gateway's answer as it is (the whole status).
    return { paused: status.paused, changed: status.changed, running: true, json: status };
  } catch (error) {
    if (!(error instanceof ControlError)) throw error;
    const offline = setPauseWhileStopped(dataDir, paused);
    if (offline === undefined) throw error;
    return { ...offline, running: false, json: { ...offline, running: false } };
  }
}

function exchangeLine(exchange: Exchange, c: Colors): string {
  const line = describeExchange(exchange);
  return exchange === 'paper' ? line : c.bold(line);
}

function describeStatus(status: Status, c: Colors, cli: CliCommand): string {
  const upstream = status.upstream;
  const lastError = upstream.lastError ? ` (last error: ${inert(upstream.lastError)})` : '';
  const lines = [
    `endpoint:  ${status.endpoint}`,
    `financial: ${status.paused ? `${c.bold(c.red('PAUSED'))} (${cli('resume')} lifts it)` : c.green('active')}`,
    `pending:   ${status.pending ? c.yellow(`${status.pending} waiting (${cli('pending')})`) : '0'}`,
    `upstream:  ${upstream.state === 'ready' ? upstream.state : c.yellow(upstream.state)}, ${upstream.tools} tools${upstream.restarts ? `, ${upstream.restarts} restarts` : ''}${lastError}`,
    `exchange:  ${exchangeLine(upstream.exchange, c)}`,
  ];
  if (status.changedTools.length) {
    lines.push(`changed tool definitions (blocked until accepted): ${status.changedTools.map((t) => inert(t, INERT_LIMITS.name)).join(', ')}`);
  }
  if (status.callLogFull) lines.push(`call log:  ${c.bold(c.red('FULL'))}: ${inert(status.callLogFull.message)}`);
  if (status.policyRefused) {
    const { at, errors } = status.policyRefused;
    lines.push(`policy:    ${c.red('REFUSED')} your edit of policy.json at ${clock(at)} (${formatDuration(Date.now() - Date.parse(at))} ago); the previous rules still apply:`);
    for (const line of errors.slice(0, 10)) lines.push(`             ${inert(line)}`);
    if (errors.length > 10) lines.push(`             … ${errors.length - 10} more (kraken-gate policy check FILE)`);
  }
  return lines.join('\n');
}

/** A held call's id, headline and fields, as `pending` and `approve` with changes show it. */
export function describeSummary(p: PendingApproval, c: Colors): string[] {
  const lines = [`${c.bold(p.id)}  ${c.bold(inert(p.summary.headline))}`];
  for (const field of p.summary.fields) {
    const value = inert(field.value);
    lines.push(`    ${inert(field.label, INERT_LIMITS.name)}: ${value === 'REAL ORDER' ? c.bold(c.red(value)) : value}`);
  }
  return lines;
}

function describePending(p: PendingApproval, c: Colors, cli: CliCommand): string {
  const lines = describeSummary(p, c);
  if (!p.summary.readable) {
    lines.push(`    ${c.yellow('arguments (could not be put into words; read them before approving):')}`);
    lines.push(...p.argumentsText.split('\n').map((line) => `      ${line}`));
  }
  const left = Math.max(0, Date.parse(p.expiresAt) - Date.now());
  lines.push(`    from ${p.client === undefined ? 'an agent' : inert(p.client, INERT_LIMITS.name)}; denied automatically in ${formatDuration(left)} (at ${clock(p.expiresAt)})`);
  const edits = p.summary.readable ? editHints(p) : undefined;
  if (edits) lines.push(`    ${c.dim(`smaller or safer: ${cli('approve', p.id)} ${edits}`)}`);
  return lines.join('\n');
}

/** The changes `approve` takes for this order (approve-options.ts): a price only where it is the order's limit. */
function editHints(p: PendingApproval): string | undefined {
  if (p.tool === 'amend_order') return '--order-qty Q | --limit-price P | --post-only';
  if (p.tool !== 'add_order') return undefined;
  const limit = limitPriceKey(p.arguments.ordertype);
  return ['--volume N', limit && `--${limit} P`, '--timeinforce IOC'].filter(Boolean).join(' | ');
}

/** "14:02:07", local time. */
function clock(iso: string): string {
  return new Date(iso).toTimeString().slice(0, 8);
}
