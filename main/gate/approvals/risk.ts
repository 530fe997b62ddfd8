// How much friction a held order gets, decided once in the core so every surface (window, CLI,
// notification, phone) shows and enforces the same tier (design rule 4: the friction follows the
// risk). normal: one step. unusual: said why, and approved only with a typed confirmation.
// blocked: the account clearly cannot pay; approving is refused, with the reason.
import { formatMoney, formatQuantity } from '../../../preload/number-format.js';

export type RiskTier = 'normal' | 'unusual' | 'blocked';

export interface Risk {
  tier: RiskTier;
  /** Why, in words a person checks: "needs ≈ 25 000 USD; the account holds 10 000 USD". Empty when normal. */
  reasons: string[];
}

export interface RiskThresholds {
  /** A limit this far (in %) past the market on the side that costs the person is unusual. */
  distancePercent: number;
  /** One order using this share (in %) of the daily cap is unusual. */
  dailyCapPercent: number;
  /** One order needing this share (in %) of what the account holds of the currency it spends is unusual. */
  balancePercent: number;
}

export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = { distancePercent: 3, dailyCapPercent: 50, balancePercent: 90 };

/** What is known of one held order and its account; anything unknown is left out and weighs nothing. */
export interface RiskFacts {
  side: 'buy' | 'sell';
  /** What the order spends at most: the quote for a buy (its worst-case notional), the base for a sell (its volume). */
  spends: { amount: number; currency: string };
  /** What the account holds of that currency, when the balance could be read. */
  holds?: number;
  /** The order's own limit price, and the market's touch, for its distance from the market. */
  limit?: number;
  touch?: { bid: number; ask: number };
  quoteCurrency?: string;
  /** Its worth against the caps, the daily cap and what today already used, in the cap currency. */
  worth?: { value: number; currency: string };
  dailyCap?: number;
}

export function assessRisk(facts: RiskFacts, thresholds: RiskThresholds = DEFAULT_RISK_THRESHOLDS): Risk {
  const { spends, holds } = facts;
  const amount = (n: number) => `${formatMoney(n)} ${spends.currency}`;
  if (holds !== undefined && spends.amount > holds * (1 + 1e-9)) {
    return { tier: 'blocked', reasons: [`needs ≈ ${amount(spends.amount)}; the account holds ${amount(holds)}`] };
  }
  const reasons: string[] = [];
  if (holds !== undefined && holds > 0 && spends.amount >= (holds * thresholds.balancePercent) / 100) {
    reasons.push(`uses ${Math.round((spends.amount / holds) * 100)} % of the ${amount(holds)} the account holds`);
  }
  const distance = distanceWords(facts, thresholds.distancePercent);
  if (distance) reasons.push(distance);
  const { worth, dailyCap } = facts;
  if (worth && dailyCap !== undefined && worth.value >= (dailyCap * thresholds.dailyCapPercent) / 100) {
    reasons.push(`is ${Math.round((worth.value / dailyCap) * 100)} % of the daily cap of ${formatMoney(dailyCap)} ${worth.currency}`);
  }
  return { tier: reasons.length ? 'unusual' : 'normal', reasons };
}

// Only the costly side counts: a buy limit above the ask fills at once at up to the limit, a sell
// below the bid likewise; a limit resting away from the market costs nothing until it is reached.
function distanceWords({ side, limit, touch, quoteCurrency }: RiskFacts, threshold: number): string | undefined {
  if (limit === undefined || touch === undefined) return undefined;
  const market = side === 'buy' ? touch.ask : touch.bid;
  if (!(market > 0)) return undefined;
  const percent = ((side === 'buy' ? limit - market : market - limit) / market) * 100;
  if (percent < threshold) return undefined;
  const where = side === 'buy' ? 'above the ask' : 'below the bid';
  return `fills at once, ${Math.round(percent)} % ${where} (${formatQuantity(market)}${quoteCurrency ? ` ${quoteCurrency}` : ''})`;
}

// What a person types to approve an unusual order (CONFIRM, or the order's amount): shared with
// the surfaces, which ask for it before the queue checks it.
export { isRiskConfirmation, orderAmount, RISK_CONFIRMATION } from '../../../preload/risk-confirmation.js';
