// Which settings changes are riskier (need a presence proof, or are staged when made on disk), and
// when a proof is needed at all. Lowering a limit or turning presence stricter stays one step.
import { EXCHANGE_NAMES, describeExchange, type Exchange, type PresenceMode, type UpstreamSetting } from '../../../preload/api.js';
import { canonicalJson } from '../text/canonical-json.js';
import { exchangeOf } from '../upstream/command.js';
import type { Requirement } from './caller.js';
import type { GuardedSettings } from './confirmed.js';

const PRESENCE_RANK: Record<PresenceMode, number> = { off: 0, auto: 1, always: 2 };

/** Whether riskier actions need a proof on this exchange under this mode, and why, in words. */
export function requirementFor(mode: PresenceMode, exchange: Exchange): Requirement {
  if (mode === 'off') return { required: false, why: 'presence is turned off in Settings' };
  if (mode === 'always') return { required: true, why: 'Settings ask for it on every exchange' };
  if (exchange === 'paper') return { required: false, why: `${EXCHANGE_NAMES.paper}: no real money can move` };
  return { required: true, why: describeExchange(exchange) };
}

function describeUpstream(upstream: UpstreamSetting): string {
  if (upstream.kind === 'paper') return 'the paper exchange';
  if (upstream.kind === 'kraken-mcp') return `kraken-mcp (${upstream.python} ${upstream.script})`;
  return `the command ${[upstream.command, ...upstream.args].join(' ')}`;
}

/** The lines saying how `after` is riskier than `before`; empty when it is not. */
export function riskierSettings(before: GuardedSettings, after: GuardedSettings): string[] {
  const out: string[] = [];
  if (canonicalJson(before.upstream) !== canonicalJson(after.upstream)) out.push(`upstream: ${describeUpstream(before.upstream)} → ${describeUpstream(after.upstream)}`);
  if (before.approvalTimeoutSeconds !== after.approvalTimeoutSeconds) out.push(`approval timeout: ${before.approvalTimeoutSeconds} s → ${after.approvalTimeoutSeconds} s`);
  if (after.inlineApproveMaxUsd > before.inlineApproveMaxUsd) out.push(`approve from the notification up to: ${before.inlineApproveMaxUsd} → ${after.inlineApproveMaxUsd} USD`);
  if (after.phoneApproveMaxUsd > before.phoneApproveMaxUsd) out.push(`approve from Telegram up to: ${before.phoneApproveMaxUsd} → ${after.phoneApproveMaxUsd} USD`);
  if (PRESENCE_RANK[after.presence] < PRESENCE_RANK[before.presence]) out.push(`presence: ${before.presence} → ${after.presence}`);
  if (after.logKeepDays < before.logKeepDays) out.push(`call log kept: ${before.logKeepDays} → ${after.logKeepDays} days`);
  if (before.touchIdAboveUsd !== null && (after.touchIdAboveUsd === null || after.touchIdAboveUsd > before.touchIdAboveUsd)) {
    out.push(`Touch ID for approvals from: ${before.touchIdAboveUsd} USD → ${after.touchIdAboveUsd === null ? 'never' : `${after.touchIdAboveUsd} USD`}`);
  }
  const names = { distancePercent: 'a limit past the market', dailyCapPercent: 'a share of the daily cap', balancePercent: 'a share of the balance' } as const;
  for (const key of Object.keys(names) as Array<keyof typeof names>) {
    if (after.riskThresholds[key] > before.riskThresholds[key]) out.push(`unusual from ${names[key]}: ${before.riskThresholds[key]} % → ${after.riskThresholds[key]} %`);
  }
  return out;
}

/**
 * The requirement for changing settings from `before` to `after`: the strictest of the two and of
 * the exchange actually `running` (which `serve -- CMD` sets apart from the settings), so a move
 * onto a real exchange, or turning presence off on one, needs what the riskier side needs.
 */
export function changeRequirement(before: GuardedSettings, after: GuardedSettings, running?: Exchange): Requirement {
  const now = running === undefined ? undefined : requirementFor(before.presence, running);
  const was = requirementFor(before.presence, exchangeOf(before.upstream));
  const will = requirementFor(after.presence, exchangeOf(after.upstream));
  return [now, was].find((requirement) => requirement?.required) ?? will;
}
