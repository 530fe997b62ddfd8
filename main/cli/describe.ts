// The control commands' words: `status` and a held call (`pending`, `approve` with changes), from
// the contract's types. Printing only; the commands that fetch and decide are in control-commands.ts.
import { describeExchange, type Exchange, type PendingApproval, type Status } from '../../preload/api.js';
import { formatClock } from '../../preload/clock.js';
import { limitPriceKey } from '../gate/approvals/add-order.js';
import { isRealOrderLine } from '../gate/approvals/money-line.js';
import { inert, INERT_LIMITS } from '../gate/text/inert.js';
import type { CliCommand } from '../host/console-report.js';
import type { Colors } from './colour.js';
import { formatDuration } from './durations.js';
import { untilWords } from '../gate/state/agent-pauses.js';
import { describePhone } from './phone-commands.js';

function exchangeLine(exchange: Exchange, c: Colors): string {
  const line = describeExchange(exchange);
  return exchange === 'paper' ? line : c.bold(line);
}

export function describeStatus(status: Status, c: Colors, cli: CliCommand): string {
  const upstream = status.upstream;
  const lastError = upstream.lastError ? ` (last error: ${inert(upstream.lastError)})` : '';
  const lines = [
    `endpoint:  ${status.endpoint}`,
    `financial: ${status.paused ? `${c.bold(c.red('PAUSED'))} (${cli('resume')} lifts it)` : c.green('active')}`,
    `pending:   ${status.pending ? c.yellow(`${status.pending} waiting (${cli('pending')})`) : '0'}`,
    `upstream:  ${upstream.state === 'ready' ? upstream.state : c.yellow(upstream.state)}, ${upstream.tools} tools${upstream.restarts ? `, ${upstream.restarts} restarts` : ''}${lastError}`,
    `exchange:  ${exchangeLine(upstream.exchange, c)}`,
  ];
  for (const agent of (status.pausedAgents ?? []).filter((p) => p.until === undefined || Date.parse(p.until) > Date.now())) {
    const name = inert(agent.agent, INERT_LIMITS.name);
    lines.push(`agents:    ${c.bold(c.red(name))} paused ${untilWords(agent.until)} (${cli('resume', '--agent', agent.agent)} lifts it)`);
  }
  if (status.changedTools.length) {
    lines.push(`changed tool definitions (blocked until accepted): ${status.changedTools.map((t) => inert(t, INERT_LIMITS.name)).join(', ')}`);
  }
  if (status.callLogFull) lines.push(`call log:  ${c.bold(c.red('FULL'))}: ${inert(status.callLogFull.message)}`);
  if (status.policyRefused) {
    const { at, errors } = status.policyRefused;
    lines.push(`policy:    ${c.red('REFUSED')} your edit of policy.json at ${formatClock(at)} (${formatDuration(Date.now() - Date.parse(at))} ago); the previous rules still apply:`);
    for (const line of errors.slice(0, 10)) lines.push(`             ${inert(line)}`);
    if (errors.length > 10) lines.push(`             … ${errors.length - 10} more (kraken-gate policy check FILE)`);
  }
  const { presence } = status;
  const authenticator = presence.configured ? 'authenticator set up' : `no authenticator yet (${cli('presence', 'setup')})`;
  lines.push(`presence:  ${presence.required ? `${c.bold('required')} for approvals, resume and looser rules (${inert(presence.why)}); ${authenticator}` : `not required (${inert(presence.why)})`}`);
  if (status.phone) lines.push(`phone:     ${describePhone(status.phone, c, cli)}`);
  if (status.staged.rules) lines.push(`waiting:   ${c.yellow('an edit of policy.json that lets more through, not in force')} (${cli('rules', 'diff')})`);
  if (status.staged.settings) lines.push(`waiting:   ${c.yellow('riskier edits of settings.json, not in force')} (${cli('rules', 'diff')})`);
  if (status.confirmationProblem) lines.push(`${c.bold(c.red('confirm:'))}   ${inert(status.confirmationProblem)}`);
  for (const attempt of status.refusedAttempts) {
    lines.push(`${c.red('refused:')}   ${attempt.count}× ${inert(attempt.action, INERT_LIMITS.name)} from ${attempt.channel} without your code (last at ${formatClock(attempt.lastAt)})`);
  }
  return lines.join('\n');
}

/** A held call's id, headline and fields, as `pending` and `approve` with changes show it. */
export function describeSummary(p: PendingApproval, c: Colors): string[] {
  const lines = [`${c.bold(p.id)}  ${c.bold(inert(p.summary.headline))}`];
  for (const field of p.summary.fields) {
    const value = inert(field.value);
    lines.push(`    ${inert(field.label, INERT_LIMITS.name)}: ${isRealOrderLine(field) ? c.bold(c.red(value)) : value}`);
  }
  return lines;
}

export function describePending(p: PendingApproval, c: Colors, cli: CliCommand): string {
  const lines = describeSummary(p, c);
  if (p.risk?.tier === 'blocked') lines.push(`    ${c.bold(c.red('BLOCKED:'))} ${p.risk.reasons.map((r) => inert(r)).join('; ')} — it cannot be approved as it is`);
  else if (p.risk?.tier === 'unusual') lines.push(`    ${c.bold(c.yellow('UNUSUAL:'))} ${p.risk.reasons.map((r) => inert(r)).join('; ')} — approving asks you to type CONFIRM`);
  if (!p.summary.readable) {
    lines.push(`    ${c.yellow('arguments (could not be put into words; read them before approving):')}`);
    lines.push(...p.argumentsText.split('\n').map((line) => `      ${line}`));
  }
  const left = Math.max(0, Date.parse(p.expiresAt) - Date.now());
  lines.push(`    from ${p.client === undefined ? 'an agent' : inert(p.client, INERT_LIMITS.name)}; denied automatically in ${formatDuration(left)} (at ${formatClock(p.expiresAt)})`);
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

