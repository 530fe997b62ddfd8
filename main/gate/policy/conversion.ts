// An amount in one currency expressed in another through the exchange's own pairs: XBT → USD by
// XBT/USD, JPY → USD by USD/JPY (dividing), ETH → USD via XBT when nothing shorter is listed.
// Every step errs high, like the order's own estimate: multiplying takes the highest of bid, ask
// and last, dividing the lowest. Two steps at most: a longer chain compounds spreads and is more
// likely wrong than useful, and the order then waits for the person instead.
import { formatQuantity } from '../../../preload/number-format.js';
import type { PairFacts, Touch } from './market-facts.js';

export interface RouteStep {
  readonly pair: PairFacts;
  /** true: from the pair's base into its quote (multiply); false: from its quote into its base (divide). */
  readonly forward: boolean;
}

const MAX_STEPS = 2;

/** The shortest chain of listed pairs from one currency to another; [] when they are the same; undefined when none. */
export function routeBetween(pairs: Iterable<PairFacts>, from: string, to: string): RouteStep[] | undefined {
  if (from === to) return [];
  const unique = [...new Map([...pairs].map((p) => [p.key, p])).values()].sort((a, b) => a.key.localeCompare(b.key));
  let frontier: Array<{ at: string; steps: RouteStep[] }> = [{ at: from, steps: [] }];
  const seen = new Set([from]);
  for (let depth = 0; depth < MAX_STEPS; depth++) {
    const next: typeof frontier = [];
    for (const { at, steps } of frontier) {
      for (const pair of unique) {
        const forward = pair.base === at;
        if (!forward && pair.quote !== at) continue;
        const reached = forward ? pair.quote : pair.base;
        const path = [...steps, { pair, forward }];
        if (reached === to) return path;
        if (!seen.has(reached)) {
          seen.add(reached);
          next.push({ at: reached, steps: path });
        }
      }
    }
    frontier = next;
  }
  return undefined;
}

export type Conversion = { ok: true; rate: number; steps: string[] } | { ok: false; reason: string };

/** The rate from the route's first currency to its last, erring high, with each step in words ("XBT/USD 50 000"). */
export function convertAlong(route: readonly RouteStep[], touches: ReadonlyMap<string, Touch>): Conversion {
  let rate = 1;
  const steps: string[] = [];
  for (const { pair, forward } of route) {
    const touch = touches.get(pair.key);
    if (touch === undefined) return { ok: false, reason: `no price for ${pair.name}` };
    const price = forward ? Math.max(touch.bid, touch.ask, touch.last) : Math.min(...[touch.bid, touch.ask, touch.last].filter((p) => p > 0));
    if (!Number.isFinite(price) || price <= 0) return { ok: false, reason: `no usable price for ${pair.name}` };
    rate = forward ? rate * price : rate / price;
    steps.push(`${pair.name} ${formatQuantity(price)}`);
  }
  return { ok: true, rate, steps };
}
