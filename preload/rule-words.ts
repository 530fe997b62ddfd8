// A rule in a person's words, for the Rules page's list (main/gate/api/rule-glance.ts) and for what
// "Allow similar…" proposes: "pair = "XBTUSD" and volume ≤ 0.1", "at most 5 per hour".
// Runtime-neutral, so the core and the window say a rule the same way.

export interface WordsCondition {
  path: string;
  op: string;
  value?: unknown;
}

export interface WordsCap {
  max: number;
  window: 'minute' | 'hour' | 'day' | number;
  sliding?: boolean | undefined;
}

const OPS: Record<string, string> = {
  eq: '=', neq: '≠', in: 'in', not_in: 'not in', lt: '<', lte: '≤', gt: '>', gte: '≥', regex: 'matches', contains: 'contains', exists: 'exists',
};

export function describeCondition(c: WordsCondition): string {
  const name = c.path.startsWith('args.') ? c.path.slice(5) : c.path;
  if (c.op === 'exists') return c.value === false ? `${name} is not given` : `${name} is given`;
  const value = Array.isArray(c.value) ? `[${c.value.map((v) => JSON.stringify(v)).join(', ')}]` : JSON.stringify(c.value);
  return `${name} ${OPS[c.op] ?? c.op} ${value}`;
}

export function describeConditions(list: readonly WordsCondition[]): string {
  return list.length ? list.map(describeCondition).join(' and ') : 'always';
}

/** "hour", "10 minutes", "90 seconds". */
export function windowWords(window: WordsCap['window']): string {
  if (typeof window === 'string') return window;
  const units: [number, string][] = [[86_400, 'day'], [3_600, 'hour'], [60, 'minute'], [1, 'second']];
  for (const [size, name] of units) if (window % size === 0) return window === size ? name : `${window / size} ${name}s`;
  return `${window} seconds`;
}

/** "at most 5 per hour", "at most 1 per 10 minutes (sliding)". */
export function capWords(cap: WordsCap): string {
  return `at most ${cap.max} per ${windowWords(cap.window)}${cap.sliding ? ' (sliding)' : ''}`;
}

/**
 * An allow_if rule as a sentence: "add_order calls with pair = "XBTUSD" and volume ≤ 0.1 go through
 * without asking you, at most 5 such orders per hour; past that, they ask you again."
 */
export function describeAllowance(tool: string, rule: { conditions: readonly WordsCondition[]; limit?: WordsCap | undefined }): string {
  const parts = rule.conditions.map(describeCondition);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
  const which = list ? `${tool} calls with ${list} go` : `Every ${tool} call goes`;
  if (rule.limit === undefined) return `${which} through without asking you.`;
  const noun = tool === 'add_order' ? 'order' : 'call';
  const such = `${rule.limit.max} such ${rule.limit.max === 1 ? noun : `${noun}s`}`;
  return `${which} through without asking you, at most ${such} per ${windowWords(rule.limit.window)}${rule.limit.sliding ? ' (sliding)' : ''}; past that, they ask you again.`;
}
