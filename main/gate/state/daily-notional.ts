import { closeSync, fdatasyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-file.js';

const DAY_MS = 86_400_000;
// `currency` came with caps in one currency: a line without it was written when every capped
// order was counted in its own quote, which the caps then took to be USD.
const StateSchema = z.object({ day: z.string(), total: z.number().nonnegative(), currency: z.string().default('USD') });
type State = z.infer<typeof StateSchema>;

/** Past this size the file is rewritten as its one current line (some 1 600 orders). */
const REWRITE_AT_BYTES = 64 * 1024;

/** One order's part of today's budget, from the moment it is let through until its fate is known. */
export interface NotionalShare {
  readonly amount: number;
  /** The cap currency it is counted in. */
  readonly currency: string;
}

class Share implements NotionalShare {
  state: 'reserved' | 'charged' | 'released' = 'reserved';
  /** The UTC day it was charged to. */
  day = '';
  constructor(
    readonly amount: number,
    readonly currency: string,
  ) {}
}

/**
 * The notional of real orders today (UTC), for `daily_notional_cap`. An order takes its share in
 * two steps, each checked against the cap where it happens:
 *  - reserved, in memory, the moment the rules (or a human) let it through: `total()` counts it,
 *    so orders racing each other cannot all fit in the same room;
 *  - charged, on disk, immediately before it is written to the upstream: a restart (even kill -9)
 *    does not hand the agent back the budget of orders that may have reached Kraken.
 * A share is released only when the order certainly did not reach the exchange.
 *
 * On disk, one JSON line per change of the total, the last one current: appending a line and one
 * fdatasync is a fraction of replacing a file atomically (two fsyncs, a rename and a directory
 * sync), and it runs before every real order is sent. A line cut short by a crash is skipped by the
 * reader, and then stands for a total that was never acted on: the order it was charging had not
 * been sent. The file starts afresh (atomically) at the first change after a start, after a failed
 * write, and past REWRITE_AT_BYTES, so a torn line never has another appended to it.
 */
export class DailyNotional {
  private state: State;
  private readonly reserved = new Set<Share>();
  private day: { name: string; startMs: number } | undefined;
  /** Open for appending once the file has been started afresh; undefined until then and after a failure. */
  private fd: number | undefined;
  private bytes = 0;

  constructor(
    private readonly path: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.state = readLastState(path) ?? { day: this.today(), total: 0, currency: 'USD' };
  }

  /**
   * Charged today plus reserved, in `currency`: what the daily cap is checked against. Undefined
   * when part of today's total was counted in another currency (the policy's cap_currency changed
   * today): amounts in two currencies cannot be added without a rate, and guessing one could let
   * orders past the cap.
   */
  total(currency: string): number | undefined {
    if (this.charged() > 0 && this.state.currency !== currency) return undefined;
    let total = this.charged();
    for (const share of this.reserved) {
      if (share.currency !== currency) return undefined;
      total += share.amount;
    }
    return total;
  }

  /** Orders sent (or placed) today, as kept on disk, in `currency()`. */
  charged(): number {
    return this.state.day === this.today() ? this.state.total : 0;
  }

  /** The currency today's charged total is counted in. */
  currency(): string {
    return this.state.currency;
  }

  /** Takes a share now; the caller has checked the cap against `total()` without an await since. */
  reserve(amount: number, currency: string): NotionalShare {
    const share = new Share(amount, currency);
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
    // Today's total is in another currency (cap_currency changed while the order waited): refused
    // when the cap still applies, counted beside it otherwise (too much counted is safe).
    const sameCurrency = this.charged() === 0 || this.state.currency === share.currency;
    if (cap !== undefined && (!sameCurrency || this.charged() + share.amount > cap)) return false;
    this.write(this.charged() + share.amount, sameCurrency ? share.currency : this.state.currency); // first: a failed write leaves the share as it was
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
      if (share.currency === this.state.currency) this.write(Math.max(0, this.charged() - share.amount), this.state.currency);
    } catch {
      // The disk refused: the share stays counted, here and on disk. Too much counted is safe.
    }
  }

  /** Lets go of the file (the gate's stop). A later change opens it again. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** The new total is on disk (fdatasync'd) when this returns; it throws, changing nothing, when it is not. */
  private write(total: number, currency: string): void {
    const state = { day: this.today(), total, currency };
    const line = `${JSON.stringify(state)}\n`;
    const bytes = Buffer.byteLength(line);
    if (this.fd === undefined || this.bytes + bytes > REWRITE_AT_BYTES) this.startAfresh(line);
    else this.append(this.fd, line, bytes);
    this.state = state;
  }

  private startAfresh(line: string): void {
    this.close();
    writeFileAtomic(this.path, line);
    this.fd = openSync(this.path, 'a');
    this.bytes = Buffer.byteLength(line);
  }

  private append(fd: number, line: string, bytes: number): void {
    try {
      if (writeSync(fd, line) !== bytes) throw new Error(`daily notional: short write to ${this.path}`);
      fdatasyncSync(fd);
      this.bytes += bytes;
    } catch (error) {
      // Part of the line may be in the file: the next change starts the file afresh.
      try {
        this.close();
      } catch {
        this.fd = undefined;
      }
      throw error;
    }
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

/** The last whole, valid line of the file; undefined when there is none (no file yet, or nothing readable). */
function readLastState(path: string): State | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (!line) continue;
    try {
      return StateSchema.parse(JSON.parse(line));
    } catch {
      // cut short by a crash, or damaged: the one before it
    }
  }
  return undefined;
}
