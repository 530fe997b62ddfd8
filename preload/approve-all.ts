// Approve all (design rule 10): which waiting calls one action may approve together. Decided here
// once, for the core (which enforces it, all or nothing) and the surfaces (the window's button, the
// CLI's `approve --all`), so none offers what another refuses. Only orders a person can approve in
// one step qualify: put into words, weighed normal, worth known. Anything else needs its own look.

interface Batchable {
  tool: string;
  summary: { readable: boolean; worth?: { value: number; currency: string } };
  risk?: { tier: 'normal' | 'unusual' | 'blocked'; reasons: readonly string[] };
}

/** Why `call` cannot be approved with the others ("unusual: fills at once, 60 % above the ask"), or undefined when it can. */
export function batchBlocker(call: Batchable): string | undefined {
  if (call.tool !== 'add_order') return `not an order (${call.tool}): decide it on its own`;
  if (!call.summary.readable) return 'its arguments cannot be put into words';
  if (call.risk === undefined) return 'it could not be weighed against the account and the market';
  if (call.risk.tier !== 'normal') return `${call.risk.tier}: ${call.risk.reasons.join('; ')}`;
  if (call.summary.worth === undefined) return 'its worth is not known';
  return undefined;
}

/** What the batch is worth in all, in the caps' currency; undefined when a worth is missing or in another currency. */
export function batchTotal(calls: readonly Batchable[]): { value: number; currency: string } | undefined {
  const worths = calls.map((c) => c.summary.worth);
  const currency = worths[0]?.currency;
  if (currency === undefined || worths.some((w) => w?.currency !== currency)) return undefined;
  return { value: worths.reduce((sum, w) => sum + w!.value, 0), currency };
}

/** "Approve all 3 orders (≈ 1 250 USD in all)?", with the surface's own way of writing an amount. */
export function approveAllQuestion(calls: readonly Batchable[], money: (value: number) => string): string {
  const total = batchTotal(calls);
  const worth = total ? ` (≈ ${money(total.value)} ${total.currency} in all)` : '';
  return `Approve all ${calls.length} ${calls.length === 1 ? 'order' : 'orders'}${worth}?`;
}
