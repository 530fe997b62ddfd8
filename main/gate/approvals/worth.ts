// What a held call is worth in USD, where its summary can say: one place for the notification's
// one-click limit and the app's Touch ID threshold.
import type { Summary } from './summary-types.js';

/** Quote currencies counted as US dollars for these thresholds. */
export const USD_LIKE: ReadonlySet<string> = new Set(['USD', 'ZUSD', 'USDT', 'USDC']);

/** The call's worth in USD, or undefined when unknown or in another currency. */
export function worthUsd(summary: Pick<Summary, 'notional'>): number | undefined {
  const notional = summary.notional;
  return notional && USD_LIKE.has(notional.currency) ? notional.value : undefined;
}
