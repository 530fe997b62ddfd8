// The window's side of the risk tiers the core puts on each held order (PendingApproval.risk):
// which friction a card shows, and the word the person types before approving an unusual order.
import type { DecideResult, PendingApproval } from '../../preload/api';
import { isRiskConfirmation } from '../../preload/risk-confirmation';

export { orderAmount, RISK_CONFIRMATION } from '../../preload/risk-confirmation';

export type RiskTier = NonNullable<PendingApproval['risk']>['tier'];

/** CONFIRM or the order's amount, by the rule the core checks what the card sends (confirmRisk). */
export function isRiskConfirmed(typed: string, pending: PendingApproval): boolean {
  return isRiskConfirmation(typed, pending);
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
