// A tool's running rule in a few words, for the Rules page's list: Allow / Ask me / Deny / Hidden,
// then what narrows it (conditions, caps, limits, pairs) in the engine's own order.
import type { ToolInfo } from '../../../preload/api.js';
import { capWords, describeConditions } from '../../../preload/rule-words.js';
import { ORDER_TOOLS, type CompiledPolicy } from '../policy/index.js';

export { describeCondition } from '../../../preload/rule-words.js';

type Glance = ToolInfo['rule'];

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
  for (const r of rules.deny_if ?? []) details.push(`deny when ${describeConditions(r.conditions)}`);
  if (rules.max_notional !== undefined) details.push(`order value at most ${rules.max_notional}`);
  if (policy.dailyNotionalCap !== undefined && ORDER_TOOLS.has(tool)) details.push(`daily cap ${policy.dailyNotionalCap}`);
  for (const l of rules.limits ?? []) details.push(capWords(l));
  const asks = rules.approve_if ?? [];
  for (const r of asks) details.push(`ask me when ${describeConditions(r.conditions)}`);
  for (const r of rules.allow_if ?? []) details.push(`but not when ${describeConditions(r.conditions)}${r.limit ? `, ${capWords(r.limit)}` : ''}`);
  const mode = rules.action === 'approve' || asks.length > 0 ? 'ask' : 'allow';
  return { mode, details };
}
