import type { DecideResult, PendingApproval, Status } from '../../preload/api.js';
import { controlClient } from './control-client.js';

export interface ControlFlags {
  json: boolean;
  reason?: string;
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
  const api = controlClient(dataDir);
  const out = (value: unknown, human: () => string): void => print(flags.json ? JSON.stringify(value, null, 2) : human());
  switch (command) {
    case 'status': {
      const status = await api.status({});
      out(status, () => describeStatus(status));
      return 0;
    }
    case 'pending': {
      const pending = await api.pending({});
      out(pending, () => (pending.length === 0 ? 'Nothing is waiting for approval.' : pending.map(describePending).join('\n\n')));
      return 0;
    }
    case 'approve':
    case 'deny': {
      const id = args[0];
      if (!id) {
        error(`Usage: kraken-gate ${command} ID${command === 'deny' ? ' [--reason TEXT]' : ''}   (IDs: kraken-gate pending)`);
        return 2;
      }
      const result: DecideResult =
        command === 'approve' ? await api.approve({ id, via: 'cli' }) : await api.deny({ id, via: 'cli', reason: flags.reason });
      if (flags.json) print(JSON.stringify(result, null, 2));
      else if (result.ok) print(`${result.id}: ${result.decision}.`);
      else error(`kraken-gate: ${result.message}`);
      return result.ok ? 0 : 1;
    }
    case 'pause':
    case 'resume': {
      const status = command === 'pause' ? await api.pause({ via: 'cli' }) : await api.resume({ via: 'cli' });
      out(status, () => (status.paused ? 'Financial tools are paused: orders, cancels and amends are refused.' : 'Financial tools are active again.'));
      return 0;
    }
    default:
      throw new Error(`not a control command: ${command}`);
  }
}

function describeStatus(status: Status): string {
  const upstream = status.upstream;
  return [
    `endpoint:  ${status.endpoint}`,
    `financial: ${status.paused ? 'PAUSED' : 'active'}`,
    `pending:   ${status.pending}`,
    `upstream:  ${upstream.state}, ${upstream.tools} tools${upstream.restarts ? `, ${upstream.restarts} restarts` : ''}${upstream.lastError ? ` (last error: ${upstream.lastError})` : ''}`,
    ...(status.changedTools.length ? [`changed tool definitions (blocked until accepted): ${status.changedTools.join(', ')}`] : []),
  ].join('\n');
}

function describePending(p: PendingApproval): string {
  const lines = [`${p.id}  ${p.summary.headline}`];
  for (const field of p.summary.fields) lines.push(`    ${field.label}: ${field.value}`);
  if (!p.summary.readable) lines.push(`    arguments: ${JSON.stringify(p.arguments)}`);
  const left = Math.max(0, Math.round((Date.parse(p.expiresAt) - Date.now()) / 1000));
  lines.push(`    from ${p.client ?? 'an agent'}; denied automatically in ${left} s (${new Date(p.expiresAt).toLocaleTimeString()})`);
  return lines.join('\n');
}
