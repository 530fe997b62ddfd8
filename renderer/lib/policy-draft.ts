// The draft policy the Rules page edits. Its text is the one truth (the JSON tab edits it as is);
// the form reads the parsed document and writes back a whole new text. Keys the form has no
// control for (`require`, a limit's `counter`, anything unknown) are carried through untouched,
// and the form says so instead of dropping them (Cloudflare's rule for its expression builder).
import { newRuleId, ruleEntries } from '../../preload/rule-ref';
import { describeAllowance } from '../../preload/rule-words';
import type { Op } from './schema-fields';

export interface Condition {
  path: string;
  op: Op;
  value?: unknown;
}
export interface DenyRule {
  id?: string;
  conditions: Condition[];
  on_deny?: string;
}
export interface ApproveRule {
  id?: string;
  conditions: Condition[];
  reason?: string;
}
/** An exception to asking, with a cap (main/gate/policy/schema.ts AllowRuleSchema). */
export interface AllowCap {
  max: number;
  window: 'minute' | 'hour' | 'day' | number;
  sliding?: boolean;
}
export interface AllowRule {
  id?: string;
  conditions: Condition[];
  limit?: AllowCap;
  reason?: string;
}
export interface Limit {
  id?: string;
  max: number;
  window: 'minute' | 'hour' | 'day' | number;
  sliding?: boolean;
  [key: string]: unknown;
}
export interface ToolRules {
  action?: 'allow' | 'deny' | 'approve';
  require?: unknown[];
  deny_if?: DenyRule[];
  approve_if?: ApproveRule[];
  allow_if?: AllowRule[];
  limits?: Limit[];
  max_notional?: number;
  pairs?: { allow?: string[]; deny?: string[] };
  [key: string]: unknown;
}
export interface PolicyDoc {
  version: '1';
  default?: 'allow' | 'deny';
  description?: string;
  hide?: string[];
  tools?: Record<string, ToolRules>;
  limits?: Limit[];
  daily_notional_cap?: number;
  [key: string]: unknown;
}

export type Mode = 'allow' | 'ask' | 'deny' | 'hidden' | 'default';

const FORM_KEYS = new Set(['action', 'deny_if', 'approve_if', 'allow_if', 'limits', 'max_notional', 'pairs']);

export type Parsed = { ok: true; doc: PolicyDoc } | { ok: false; message: string };

/** The draft text as a document the form can show; a text that is not a JSON object is left to the JSON tab. */
export function parseDraft(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'The policy must be a JSON object.' };
  return { ok: true, doc: value as PolicyDoc };
}

export function serialize(doc: PolicyDoc): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function modeOf(doc: PolicyDoc, tool: string): Mode {
  if (doc.hide?.includes(tool) || doc.hide?.includes('*')) return 'hidden';
  const rules = doc.tools?.[tool];
  if (rules === undefined) return 'default';
  if (rules.action === 'deny') return 'deny';
  if (rules.action === 'approve') return 'ask';
  return 'allow';
}

/** Sets how a tool is treated; its conditional rules, limits and caps stay. */
export function setMode(doc: PolicyDoc, tool: string, mode: Mode): PolicyDoc {
  const next: PolicyDoc = { ...doc };
  const hidden = (doc.hide ?? []).filter((t) => t !== tool);
  if (mode === 'hidden') hidden.push(tool);
  if (hidden.length) next.hide = hidden;
  else delete next.hide;
  if (mode === 'hidden') return next;
  const tools = { ...(doc.tools ?? {}) };
  if (mode === 'default') delete tools[tool];
  else {
    const rules: ToolRules = { ...(tools[tool] ?? {}) };
    if (mode === 'allow') delete rules.action;
    else rules.action = mode === 'ask' ? 'approve' : 'deny';
    tools[tool] = rules;
  }
  next.tools = tools;
  return next;
}

/** Replaces a tool's rules (creating its entry); empty optional lists are removed. */
export function setToolRules(doc: PolicyDoc, tool: string, rules: ToolRules): PolicyDoc {
  const clean: ToolRules = {};
  for (const [key, value] of Object.entries(rules)) {
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length === 0 && FORM_KEYS.has(key)) continue;
    if (key === 'pairs' && typeof value === 'object' && value !== null && Object.keys(value).length === 0) continue;
    clean[key] = value;
  }
  return { ...doc, tools: { ...(doc.tools ?? {}), [tool]: clean } };
}

/** Parts of a tool's rules the form cannot show; they stay as they are and the form says so. */
export function unshownKeys(rules: ToolRules | undefined): string[] {
  const keys = Object.keys(rules ?? {}).filter((k) => !FORM_KEYS.has(k));
  for (const l of rules?.limits ?? []) for (const k of Object.keys(l)) if (!['id', 'max', 'window', 'sliding'].includes(k)) keys.push(`limits.${k}`);
  return [...new Set(keys)];
}

/** What "Allow similar…" proposes as the cap: a handful an hour, so a runaway agent is stopped soon. */
export const SIMILAR_CAP: AllowCap = { max: 5, window: 'hour' };

/** Whether any call to the tool waits for a person now: an "ask me" rule, or "always ask". */
export function asks(doc: PolicyDoc, tool: string): boolean {
  const rules = doc.tools?.[tool];
  return rules?.action === 'approve' || (rules?.action !== 'deny' && (rules?.approve_if?.length ?? 0) > 0);
}

/**
 * "Allow similar": one exception to asking (allow_if), in the words a person reads: calls inside
 * `scope` go through without asking, at most `cap` of them per window; every other call that asked
 * still asks, and so do similar ones once the cap is used. Undefined when nothing asks for the tool.
 */
export function allowSimilar(doc: PolicyDoc, tool: string, scope: readonly Condition[], cap: AllowCap = SIMILAR_CAP, draw?: (n: number) => string): PolicyDoc | undefined {
  if (!asks(doc, tool)) return undefined;
  const taken = new Set(ruleEntries(doc).flatMap((e) => (e.id === undefined ? [] : [e.id])));
  const rule: AllowRule = { id: newRuleId(taken, draw), conditions: [...scope], limit: { ...cap } };
  const rules: ToolRules = { ...(doc.tools?.[tool] ?? {}) };
  rules.allow_if = [...(rules.allow_if ?? []), rule];
  return setToolRules(doc, tool, rules);
}

/**
 * The scope "Allow similar" proposes for a call: its pair, side and order type as they are, and
 * its size and price as upper bounds (lower bound for a sell's price). Arguments not named here
 * are left out, so the scope is what a person would call "orders like this one".
 */
export function scopeFromCall(tool: string, args: Record<string, unknown>): Condition[] {
  const scope: Condition[] = [];
  const add = (name: string, op: Op, value: unknown) => scope.push({ path: `args.${name}`, op, value });
  for (const name of ['pair', 'pairs', 'side', 'ordertype', 'timeinforce']) {
    if (typeof args[name] === 'string') add(name, 'eq', args[name]);
  }
  const number = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : undefined);
  const volume = number(args.volume);
  if (volume !== undefined) add('volume', 'lte', volume);
  const price = number(args.price);
  if (price !== undefined && (args.ordertype ?? 'limit') === 'limit') add('price', args.side === 'sell' ? 'gte' : 'lte', price);
  if (tool === 'cancel_all_orders_after' && typeof args.timeout_seconds === 'number') add('timeout_seconds', 'lte', args.timeout_seconds);
  return scope;
}

/** The exception in words, as the card states it before anything is saved. */
export function describeSimilar(tool: string, scope: readonly Condition[], cap: AllowCap): string {
  return `${describeAllowance(tool, { conditions: scope, limit: cap })} Every other ${tool} call that asks you now still will.`;
}
