// Whether money is real, in one line on the card: "Real order on the paper exchange (no real
// money)" instead of "Mode: REAL ORDER" beside a separate "Paper exchange: no real money", which
// read as a contradiction. Surfaces highlight a line that starts with REAL_ORDER_PREFIX.
import type { Exchange } from '../../../preload/api.js';
import { inertSummary } from './summary.js';
import type { Summary } from './summary-types.js';

export const REAL_ORDER_PREFIX = 'Real order';

const WHERE: Readonly<Record<Exchange, string>> = {
  paper: 'on the paper exchange (no real money)',
  kraken: 'on Kraken (real money)',
  unknown: 'on a custom upstream (treat it as real money)',
};

/** The summary with its order mode saying on which exchange, and whether money is real. */
export function withMoneyLine(summary: Summary, exchange: Exchange): Summary {
  if (!summary.fields.some((f) => f.label === 'Mode' && f.value === 'REAL ORDER')) return summary;
  const fields = summary.fields.map((f) => (f.label === 'Mode' && f.value === 'REAL ORDER' ? { label: 'Mode', value: `${REAL_ORDER_PREFIX} ${WHERE[exchange]}` } : f));
  return inertSummary({ ...summary, fields });
}

/** Whether a summary field is the line a surface shows as a warning. */
export function isRealOrderLine(field: { label: string; value: string }): boolean {
  return field.label === 'Mode' && (field.value === 'REAL ORDER' || field.value.startsWith(REAL_ORDER_PREFIX));
}
