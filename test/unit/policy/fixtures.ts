// Small builders shared by the policy tests.
import { readFileSync } from 'node:fs';
import { compilePolicy, type CompiledPolicy, type EvaluationContext, parsePolicy, type Verdict, evaluatePolicy } from '../../../main/gate/policy/index.js';

/** Parses and compiles, failing the test with the parse errors when the policy is invalid. */
export function compile(json: unknown): CompiledPolicy {
  const parsed = parsePolicy(json);
  if (!parsed.ok) throw new Error(`policy rejected:\n${parsed.errors.join('\n')}`);
  return compilePolicy(parsed.policy);
}

export function context(overrides: Partial<EvaluationContext> = {}): EvaluationContext {
  return { paused: false, knownTools: undefined, limitCheck: () => undefined, ...overrides };
}

export function decide(policy: CompiledPolicy, tool: string, args: Record<string, unknown> = {}, ctx: Partial<EvaluationContext> = {}): Verdict {
  return evaluatePolicy(policy, { tool, arguments: args }, context(ctx));
}

/** A PolicyLayer file from test/fixtures/policylayer, read as it is. */
export function policyLayerFile(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../fixtures/policylayer/${name}`, import.meta.url), 'utf8'));
}

export const REAL_ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '50000', validate: false };
export const DRY_RUN_ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '50000' };
