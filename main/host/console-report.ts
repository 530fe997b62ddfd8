// What a person running the gateway in a terminal wants to see happen: the upstream coming and
// going, policy reloads, a full call log, changed tools, calls held and decided. Every name,
// headline and reason here came from an agent or the upstream, so it is printed only once inert.
import type { Status } from '../../preload/api.js';
import { toContract, type Gate } from '../gate/gate.js';
import { shellQuote } from '../clients/index.js';
import { INERT_LIMITS, inert } from '../gate/text/inert.js';

/** How a person runs `kraken-gate ARGS…` here, for the commands the console suggests. */
export type CliCommand = (...args: string[]) => string;

/** `kraken-gate ARGS…`, as installed (npm link, a global install, the desktop app's CLI). */
export const plainCliCommand: CliCommand = (...args) => ['kraken-gate', ...args.map(shellQuote)].join(' ');

/** What a person running `serve` in a terminal wants to see happen. */
export function reportToConsole(gate: Gate, log: (line: string) => void, command: CliCommand): void {
  let lastState = '';
  gate.onDidChangeUpstream((status) => {
    if (status.state === lastState) return;
    lastState = status.state;
    const detail = status.state === 'ready' ? `${status.tools} tools` : (status.lastError ?? '');
    log(`upstream: ${status.state}${detail ? ` (${detail})` : ''}`);
  });
  // The call log refuses calls rather than delete history: say so when it fills and when it no longer is.
  let logFull = false;
  const reportLog = (status: Status): void => {
    if (Boolean(status.callLogFull) === logFull) return;
    logFull = Boolean(status.callLogFull);
    log(status.callLogFull ? `call log: FULL — ${status.callLogFull.message}` : 'call log: below its size limit again; calls are accepted.');
  };
  reportLog(gate.status());
  gate.onDidChange((event) => event.type === 'status' && reportLog(event.status));
  gate.onDidReloadPolicy((result) => {
    if (!result.ok) return log(`policy: REFUSED the change to ${result.path}; the previous policy stays:\n  ${result.errors.join('\n  ')}`);
    if (!result.staged) return log(`policy: reloaded ${result.path}`);
    // An edit that lets more through is not in force: say what it would loosen and how to apply it.
    log(`policy: NOT APPLIED: ${result.path} was edited to let more through; the rules you confirmed stay in force until you run ${command('rules', 'apply')}:`);
    for (const line of result.staged.loosenings) log(`  - ${inert(line)}`);
  });
  // A riskier action refused for want of the person's code: somebody (an agent?) tried.
  gate.onDidRecord((record) => {
    if (record.rule === 'presence' && record.decision === 'denied') log(`presence: REFUSED ${record.tool.replace(/^kraken-gate\//, '')} from ${record.decidedBy} without your code${record.reason ? `: ${inert(record.reason)}` : ''}`);
  });
  // Names, headlines and reasons came from the agent or the upstream: printed only once inert.
  gate.onDidChangePins((changes) => {
    for (const change of changes.filter((c) => c.kind === 'changed')) {
      const tool = inert(change.tool, INERT_LIMITS.name);
      log(`tools: the upstream changed the definition of ${tool}; calls to it are blocked until you run: ${command('tools', 'accept', change.tool)}`);
    }
  });
  gate.approvals.onDidAdd((held) => {
    const pending = toContract(held);
    log(`approval needed [${pending.id}] from ${pending.client ?? 'an agent'}: ${pending.summary.headline}  (${command('approve', pending.id)} | ${command('deny', pending.id)})`);
  });
  gate.approvals.onDidDecide(({ approval, outcome }) => log(`[${approval.id}] ${outcome.decision} by ${outcome.by}${outcome.reason ? `: ${inert(outcome.reason)}` : ''}`));
}
