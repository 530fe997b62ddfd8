// What a held order is worth in the caps' currency, on the card: the figure and how it was reached
// ("≈ 4 980 USD (100 ETH × 0.05 XBT = 5 XBT; XBT/USD 99 600; Kraken ticker 12:03:04)"), or why it
// could not be valued; and one place for the USD figure the notification's one-click limit and the
// app's Touch ID threshold compare with.
import { formatMoney } from '../../../preload/number-format.js';
import { inertSummary } from './summary.js';
import type { Summary } from './summary-types.js';

/** policy/worth.ts's OrderWorth, as the card needs it. */
export type CapWorth = { ok: true; value: number; currency: string; basis: string; firesAtOnce?: boolean } | { ok: false; reason: string };

/** Quote currencies counted as US dollars for these thresholds. */
export const USD_LIKE: ReadonlySet<string> = new Set(['USD', 'ZUSD', 'USDT', 'USDC']);

/** The call's worth in USD, or undefined when unknown or in another currency. */
export function worthUsd(summary: Pick<Summary, 'notional' | 'worth'>): number | undefined {
  if (summary.worth?.currency === 'USD') return summary.worth.value;
  const notional = summary.notional;
  return notional && USD_LIKE.has(notional.currency) ? notional.value : undefined;
}

/** The summary with the order's worth in the caps' currency: a field, and the headline's warning when a trigger fires at once. */
export function withWorth(summary: Summary, worth: CapWorth | undefined): Summary {
  if (worth === undefined || !summary.readable) return summary;
  if (!worth.ok) return inertSummary({ ...summary, fields: [...summary.fields, { label: 'Worth', value: `cannot be valued: ${worth.reason}` }] });
  const figure = `≈ ${formatMoney(worth.value)} ${worth.currency}`;
  const fields = [...summary.fields, { label: 'Worth', value: `${figure} (${worth.basis})` }];
  let { headline } = summary;
  if (worth.firesAtOnce) {
    fields.push({ label: 'Trigger', value: 'already reached: the order fires at once, as a market order' });
    headline = `${headline} — fires at once: a market order of ${figure}`;
  }
  return inertSummary({ ...summary, headline, fields, worth: { value: worth.value, currency: worth.currency, basis: worth.basis, ...(worth.firesAtOnce && { firesAtOnce: true }) } });
}
