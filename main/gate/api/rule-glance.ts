// A tool's running rule in a few words, for the Rules page's list: Allow / Ask me / Deny / Hidden,
// then what narrows it (conditions, caps, limits, pairs) in the engine's own order.
import type { ToolInfo } from '../../../preload/api.js';
import { ORDER_TOOLS, describeWindow, windowMs, type Condition, type CompiledPolicy, type Limit } from '../policy/index.js';

type Glance = ToolInfo['rule'];

const OPS: Record<Condition['op'], string> = {
  eq: '=', neq: '≠', in: 'in', not_in: 'not in', lt: '<', lte: '≤', gt: '>', gte: '≥', regex: 'matches', contains: 'contains', exists: 'exists',
};

export function describeCondition(c: Condition): string {
  const name = c.path.startsWith('args.') ? c.path.slice(5) : c.path;
  if (c.op === 'exists') return c.value === false ? `${name} is not given` : `${name} is given`;
  const value = Array.isArray(c.value) ? `[${c.value.map((v) => JSON.stringify(v)).join(', ')}]` : JSON.stringify(c.value);
  return `${name} ${OPS[c.op]} ${value}`;
}

function conditions(list: readonly Condition[]): string {
  return list.length ? list.map(describeCondition).join(' and ') : 'always';
}

function limit(l: Limit): string {
  return `at most ${l.max} per ${describeWindow(windowMs(l.window))}${l.sliding ? ' (sliding)' : ''}`;
}

export function ruleGlance(policy: CompiledPolicy, tool: string): Glance {
  if (policy.hideAll || policy.hidden.has(tool)) return { mode: 'hidden', details: [] };
  const rules = policy.policy.tools?.[tool];
  if (rules === undefined) {
    return policy.defaultAction === 'deny'
      ? { mode: 'deny', details: ['not named in the policy (default: deny)'] }
      : { mode: 'allow', details: ['not named in the policy (default: allow)'] };
  }
  if (rules.action === 'deny') return { mode: 'deny', details: [] };
  const details: string[] = [];
  if (rules.pairs?.allow) details.push(`pairs only ${rules.pairs.allow.join(', ')}`);
  if (rules.pairs?.deny) details.push(`never pairs ${rules.pairs.deny.join(', ')}`);
  if (rules.require?.length) details.push(`${rules.require.length} requirement${rules.require.length === 1 ? '' : 's'}`);
  for (const r of rules.deny_if ?? []) details.push(`deny when ${conditions(r.conditions)}`);
  if (rules.max_notional !== undefined) details.push(`order value at most ${rules.max_notional}`);
  if (policy.dailyNotionalCap !== undefined && ORDER_TOOLS.has(tool)) details.push(`daily cap ${policy.dailyNotionalCap}`);
  for (const l of rules.limits ?? []) details.push(limit(l));
  const asks = rules.approve_if ?? [];
  for (const r of asks) details.push(`ask me when ${conditions(r.conditions)}`);
  const mode = rules.action === 'approve' || asks.length > 0 ? 'ask' : 'allow';
  return { mode, details };
}
