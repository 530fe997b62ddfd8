// Does a new policy let through anything the old one did not? Each way it does is one line, in the
// words a person checks before confirming ("add_order: allow instead of ask"). Conservative on
// purpose: a change that is not recognised as tightening counts as loosening, so the worst an odd
// edit costs is a confirmation, never a silent widening. Pure: both documents in, lines out.
import { canonicalJson } from '../text/canonical-json.js';
import { windowMs } from './limits.js';
import type { Limit, Policy, ToolRules } from './schema.js';

type Action = 'allow' | 'approve' | 'deny';
const ACTION_RANK: Record<Action, number> = { deny: 0, approve: 1, allow: 2 };
const ACTION_WORDS: Record<Action, string> = { deny: 'deny', approve: 'ask', allow: 'allow' };

/** The lines saying how `after` lets more through than `before`; empty when it does not. */
export function loosenings(before: Policy, after: Policy): string[] {
  const out: string[] = [];
  const defaultBefore = before.default ?? 'deny';
  const defaultAfter = after.default ?? 'deny';
  if (defaultBefore === 'deny' && defaultAfter === 'allow') out.push('default: allow instead of deny, for every tool the policy does not name');

  const hiddenAfter = new Set(after.hide ?? []);
  const hideAllBefore = (before.hide ?? []).includes('*');
  if (hideAllBefore && !hiddenAfter.has('*')) out.push('hide: "*" removed (every tool was hidden)');
  for (const name of before.hide ?? []) {
    if (name !== '*' && !hiddenAfter.has(name) && !hiddenAfter.has('*')) out.push(`${name}: no longer hidden`);
  }

  const capBefore = before.daily_notional_cap;
  const capAfter = after.daily_notional_cap;
  if (capBefore !== undefined && (capAfter === undefined || capAfter > capBefore)) {
    out.push(`daily_notional_cap: ${capBefore} → ${capAfter ?? 'none'}`);
  }
  // A cap of 1000 means something else in another currency; which way is a matter of exchange rates.
  const currencyBefore = (before.cap_currency ?? 'USD').toUpperCase();
  const currencyAfter = (after.cap_currency ?? 'USD').toUpperCase();
  if (currencyBefore !== currencyAfter && hasCaps(before)) out.push(`cap_currency: ${currencyBefore} → ${currencyAfter} (the caps count in another currency)`);
  out.push(...limitLoosenings('limits (every tool)', globalLimits(before), globalLimits(after)));

  const names = new Set([...Object.keys(before.tools ?? {}), ...Object.keys(after.tools ?? {})]);
  for (const name of [...names].sort()) {
    // A hidden tool cannot be called at all, before or after: its rules do not matter.
    if (hideAllBefore || (before.hide ?? []).includes(name)) continue;
    if (hiddenAfter.has('*') || hiddenAfter.has(name)) continue;
    out.push(...toolLoosenings(name, effective(before, name), effective(after, name)));
  }
  return out;
}

/** A tool's rules as they apply: the named rules, or what the default gives a tool not named. */
function effective(policy: Policy, name: string): ToolRules {
  const named = policy.tools?.[name];
  if (named !== undefined) return named;
  return (policy.default ?? 'deny') === 'allow' ? {} : { action: 'deny' };
}

function toolLoosenings(name: string, before: ToolRules, after: ToolRules): string[] {
  const actionBefore = before.action ?? 'allow';
  const actionAfter = after.action ?? 'allow';
  // Denied before: anything that is not a deny now lets more through, and nothing else matters.
  if (actionBefore === 'deny') return actionAfter === 'deny' ? [] : [`${name}: ${ACTION_WORDS[actionAfter]} instead of deny`];
  if (actionAfter === 'deny') return [];
  const out: string[] = [];
  if (ACTION_RANK[actionAfter] > ACTION_RANK[actionBefore]) out.push(`${name}: ${ACTION_WORDS[actionAfter]} instead of ${ACTION_WORDS[actionBefore]}`);
  out.push(...missing(`${name}: deny_if rule removed or changed`, before.deny_if, after.deny_if));
  out.push(...missing(`${name}: approve_if rule removed or changed`, before.approve_if, after.approve_if));
  out.push(...missing(`${name}: require entry removed or changed`, before.require, after.require));
  // An exception to asking lets more through: each one the old rules did not have exactly.
  out.push(...missing(`${name}: allow_if rule added or changed`, after.allow_if, before.allow_if).map((line) => line.replace('(was [', '(now [')));
  out.push(...limitLoosenings(`${name}: limits`, before.limits ?? [], after.limits ?? []));
  if (before.max_notional !== undefined && (after.max_notional === undefined || after.max_notional > before.max_notional)) {
    out.push(`${name}: max_notional ${before.max_notional} → ${after.max_notional ?? 'none'}`);
  }
  const allowBefore = before.pairs?.allow;
  const allowAfter = after.pairs?.allow;
  if (allowBefore !== undefined) {
    if (allowAfter === undefined) out.push(`${name}: pairs.allow removed (was ${allowBefore.join(', ')})`);
    else {
      const added = allowAfter.filter((pair) => !allowBefore.includes(pair));
      if (added.length) out.push(`${name}: pairs.allow adds ${added.join(', ')}`);
    }
  }
  const denyAfter = after.pairs?.deny ?? [];
  const unDenied = (before.pairs?.deny ?? []).filter((pair) => !denyAfter.includes(pair));
  if (unDenied.length) out.push(`${name}: pairs.deny no longer lists ${unDenied.join(', ')}`);
  return out;
}

/**
 * One line per entry of `before` that `after` does not keep exactly (compared as canonical JSON,
 * without its id: naming a rule, as the editor does when it saves, changes nothing it does).
 */
function missing(line: string, before: readonly unknown[] | undefined, after: readonly unknown[] | undefined): string[] {
  const kept = new Set((after ?? []).map(withoutId));
  return (before ?? []).flatMap((item, i) => (kept.has(withoutId(item)) ? [] : [`${line} (was [${i}]: ${withoutId(item)})`]));
}

function withoutId(item: unknown): string {
  if (item === null || typeof item !== 'object' || Array.isArray(item) || !('id' in item)) return canonicalJson(item);
  const { id: _id, ...rest } = item as Record<string, unknown>;
  return canonicalJson(rest);
}

function globalLimits(policy: Policy): Limit[] {
  return [...(policy.limits ?? []), ...(policy.all_tools?.limits ?? [])];
}

/** Each old limit must still be held by a new one over the same window, no higher, no less strict. */
function limitLoosenings(at: string, before: readonly Limit[], after: readonly Limit[]): string[] {
  return before.flatMap((limit) => {
    const window = windowMs(limit.window);
    const held = after.some((l) => windowMs(l.window) === window && l.max <= limit.max && (l.sliding ?? false) >= (limit.sliding ?? false));
    return held ? [] : [`${at}: ${limit.max} per ${describe(limit.window)}${limit.sliding ? ' (sliding)' : ''} no longer held`];
  });
}

function describe(window: Limit['window']): string {
  return typeof window === 'number' ? `${window} s` : window;
}

function hasCaps(policy: Policy): boolean {
  return policy.daily_notional_cap !== undefined || Object.values(policy.tools ?? {}).some((rules) => rules.max_notional !== undefined);
}
