import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-file.js';

const DAY_MS = 86_400_000;
const StateSchema = z.object({ day: z.string(), total: z.number().nonnegative() });

/** One order's part of today's budget, from the moment it is let through until its fate is known. */
export interface NotionalShare {
  readonly amount: number;
}

class Share implements NotionalShare {
  state: 'reserved' | 'charged' | 'released' = 'reserved';
  /** The UTC day it was charged to. */
  day = '';
  constructor(readonly amount: number) {}
}

/**
 * The notional of real orders today (UTC), for `daily_notional_cap`. An order takes its share in
 * two steps, each checked against the cap where it happens:
 *  - reserved, in memory, the moment the rules (or a human) let it through: `total()` counts it,
 *    so orders racing each other cannot all fit in the same room;
 *  - charged, on disk, immediately before it is written to the upstream: a restart (even kill -9)
 *    does not hand the agent back the budget of orders that may have reached Kraken.
 * A share is released only when the order certainly did not reach the exchange.
 */
export class DailyNotional {
  private state: z.infer<typeof StateSchema>;
  private readonly reserved = new Set<Share>();
  private day: { name: string; startMs: number } | undefined;

  constructor(
    private readonly path: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    try {
      this.state = StateSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    } catch {
      this.state = { day: this.today(), total: 0 };
    }
  }

  /** Charged today plus reserved: what the daily cap is checked against. */
  total(): number {
    let total = this.charged();
    for (const share of this.reserved) total += share.amount;
    return total;
  }

  /** Orders sent (or placed) today, as kept on disk. */
  charged(): number {
    return this.state.day === this.today() ? this.state.total : 0;
  }

  /** Takes a share now; the caller has checked the cap against `total()` without an await since. */
  reserve(amount: number): NotionalShare {
    const share = new Share(amount);
    this.reserved.add(share);
    return share;
  }

  /**
   * Moves a reserved share onto today's charged total, on disk, before the order is sent. With a
   * `cap`, refuses (false, nothing charged) when the charged total would pass it: the policy may
   * have been reloaded with a lower cap while the order waited. Charging twice is a no-op.
   */
  charge(share: NotionalShare, cap?: number): boolean {
    if (!(share instanceof Share) || share.state !== 'reserved') return true;
    if (cap !== undefined && this.charged() + share.amount > cap) return false;
    this.write(this.charged() + share.amount); // first: a failed write leaves the share as it was
    this.reserved.delete(share);
    share.state = 'charged';
    share.day = this.today();
    return true;
  }

  /** The order certainly did not reach the exchange: its share is given back. A no-op once released. */
  release(share: NotionalShare): void {
    if (!(share instanceof Share) || share.state === 'released') return;
    const wasCharged = share.state === 'charged';
    share.state = 'released';
    this.reserved.delete(share);
    // Charged to an earlier day: that day's total is gone already.
    if (!wasCharged || share.day !== this.today()) return;
    try {
      this.write(Math.max(0, this.charged() - share.amount));
    } catch {
      // The disk refused: the share stays counted, here and on disk. Too much counted is safe.
    }
  }

  private write(total: number): void {
    const state = { day: this.today(), total };
    writeFileAtomic(this.path, `${JSON.stringify(state)}\n`);
    this.state = state;
  }

  /** Asked on every call's evaluation: the day's text is made again only once the day has changed. */
  private today(): string {
    const t = this.now().getTime();
    if (this.day === undefined || t < this.day.startMs || t >= this.day.startMs + DAY_MS) {
      const startMs = t - (((t % DAY_MS) + DAY_MS) % DAY_MS);
      this.day = { name: new Date(startMs).toISOString().slice(0, 10), startMs };
    }
    return this.day.name;
  }
}
