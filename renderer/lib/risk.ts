// The window's side of the risk tiers the core puts on each held order (PendingApproval.risk):
// which friction a card shows, and the word the person types before approving an unusual order.
import type { DecideResult, PendingApproval } from '../../preload/api';

export type RiskTier = NonNullable<PendingApproval['risk']>['tier'];

/**
 * What the person types to approve an unusual order. The core's own constant is RISK_CONFIRMATION
 * in main/gate/approvals/risk.ts (the CLI asks for the same word); the renderer may not import
 * main/, so it is repeated here, and test/renderer/risk-tiers.test.tsx keeps the two equal.
 */
export const RISK_CONFIRMATION = 'CONFIRM';

/** Exactly the word, as the CLI takes it; surrounding spaces are forgiven, another case is not. */
export function isRiskConfirmed(typed: string): boolean {
  return typed.trim() === RISK_CONFIRMATION;
}

const ORDER: readonly RiskTier[] = ['normal', 'unusual', 'blocked'];

/** The stricter of two tiers: a card never shows less friction than the core asked for. */
export function stricter(a: RiskTier, b: RiskTier | undefined): RiskTier {
  return b !== undefined && ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a;
}

type Refusal = Extract<DecideResult, { ok: false }>['error'];

/**
 * The tier the core's refusal of an approval proves: a card priced before the core weighed the
 * order again (or before it knew the balance) learns it from the answer, and asks accordingly.
 */
export function tierOfRefusal(error: Refusal): RiskTier | undefined {
  return error === 'blocked' ? 'blocked' : error === 'needs-confirmation' ? 'unusual' : undefined;
}
