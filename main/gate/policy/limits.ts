// Rate-limit state, the only stateful part of the policy engine. The evaluation stays pure by
// asking `peek`; the pipeline then `reserve`s, and settles the reservation once it knows whether
// the call went through: a call rejected by a human, expired, cancelled or failed upstream gives
// its budget back (PolicyLayer's reserve-and-rollback).
//
// Fixed windows are aligned to the Unix epoch, which puts minute, hour and day windows on UTC
// boundaries as PolicyLayer does, and makes `window: "minute"` and `window: 60` the same window.
// Sliding windows count the calls of the last `window` up to now.

export type LimitWindow = 'minute' | 'hour' | 'day' | number;

const NAMED_WINDOWS: Record<'minute' | 'hour' | 'day', number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** Window length in milliseconds; a number is seconds. */
export function windowMs(window: LimitWindow): number {
  return typeof window === 'number' ? window * 1000 : NAMED_WINDOWS[window];
}

/** "minute", "10 minutes", "90 seconds": for reasons an agent reads. */
export function describeWindow(ms: number): string {
  const units: [number, string][] = [[86_400_000, 'day'], [3_600_000, 'hour'], [60_000, 'minute'], [1000, 'second']];
  for (const [size, name] of units) {
    if (ms % size === 0) return ms === size ? name : `${ms / size} ${name}s`;
  }
  return `${ms / 1000} seconds`;
}

export interface LimitSpec {
  /** The limit's place, e.g. "tools.ticker.limits[0]" or "limits[0]". */
  readonly rule: string;
  /** Its own id, when it has one: what its counter is kept by across reloads (reordering keeps it). */
  readonly ruleId?: string;
  readonly ruleHash?: string;
  /** The tool the limit counts, or undefined for a limit across all tools. */
  readonly tool: string | undefined;
  readonly max: number;
  readonly windowMs: number;
  readonly sliding: boolean;
}

export interface LimitHit {
  readonly rule: string;
  readonly ruleId?: string;
  readonly ruleHash?: string;
  readonly tool: string | undefined;
  readonly max: number;
  readonly windowMs: number;
  /** When the next call would fit, counted from the `now` of the check. */
  readonly retryAfterMs: number;
}

/** Where the limiter finds the limits that apply to a tool (a CompiledPolicy is one). */
export interface LimitSource {
  limitsFor(tool: string): readonly LimitSpec[];
  /** Every limit in the policy, per-tool and across all tools. */
  readonly allLimits: readonly LimitSpec[];
}

interface Counter {
  // The spec of the policy in force: a limit kept by its id across a reload names its new place.
  spec: LimitSpec;
  // Fixed window: the count of the window starting at windowStart.
  windowStart: number;
  count: number;
  // Sliding window: reservation times, oldest first, with the reservation that made each one.
  times: number[];
  owners: number[];
}

interface Claim {
  readonly counter: Counter;
  readonly windowStart: number;
}

export type ReservationState = 'pending' | 'committed' | 'released';

/** A held slot in every limit that applies to one call. Settle it with commit or release. */
export interface Reservation {
  readonly tool: string;
  readonly state: ReservationState;
}

class Slot implements Reservation {
  state: ReservationState = 'pending';
  constructor(
    readonly id: number,
    readonly tool: string,
    readonly claims: readonly Claim[],
  ) {}
}

export type ReserveResult = { ok: true; reservation: Reservation } | { ok: false; hit: LimitHit };

function specKey(spec: LimitSpec): string {
  return `${spec.ruleId ?? spec.rule}|${spec.max}|${spec.windowMs}|${spec.sliding ? 's' : 'f'}`;
}

export class RateLimiter {
  private readonly counters = new Map<string, Counter>();
  // Spec objects are stable per compiled policy: skip building the key on every call.
  private bySpec = new WeakMap<LimitSpec, Counter>();
  private source: LimitSource;
  private nextId = 1;

  constructor(source: LimitSource) {
    this.source = source;
  }

  /**
   * Swaps in a reloaded policy. Counters of limits whose id (their place, when they have none),
   * max and window are unchanged keep their state, so editing one rule does not hand every other
   * limit a fresh budget, nor does moving a limit that has an id.
   */
  setSource(source: LimitSource): void {
    this.source = source;
    this.bySpec = new WeakMap();
    const live = new Set(source.allLimits.map(specKey));
    for (const key of this.counters.keys()) if (!live.has(key)) this.counters.delete(key);
  }

  /** The first limit a call to `tool` would exceed now, without taking anything. */
  peek(tool: string, now: number = Date.now()): LimitHit | undefined {
    for (const spec of this.source.limitsFor(tool)) {
      const hit = this.check(this.counter(spec), now);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  /**
   * Whether this one limit (an allowance's cap) is full now, without taking anything. A limit
   * never counted (a draft's, in a dry run) is empty, and is not given a counter by asking.
   */
  peekSpec(spec: LimitSpec, now: number = Date.now()): LimitHit | undefined {
    const counter = this.bySpec.get(spec) ?? this.counters.get(specKey(spec));
    return this.check(counter ?? { spec, windowStart: 0, count: 0, times: [], owners: [] }, now);
  }

  /** Takes one slot in every limit that applies to `tool` (and in `extra`), or none when any is full. */
  reserve(tool: string, now: number = Date.now(), extra: readonly LimitSpec[] = []): ReserveResult {
    const specs = extra.length ? [...this.source.limitsFor(tool), ...extra] : this.source.limitsFor(tool);
    const counters = specs.map((spec) => this.counter(spec));
    for (const counter of counters) {
      const hit = this.check(counter, now);
      if (hit !== undefined) return { ok: false, hit };
    }
    const id = this.nextId++;
    const claims = counters.map((counter): Claim => {
      if (counter.spec.sliding) {
        insertSorted(counter, now, id);
        return { counter, windowStart: now };
      }
      counter.count += 1;
      return { counter, windowStart: counter.windowStart };
    });
    return { ok: true, reservation: new Slot(id, tool, claims) };
  }

  /** The call went through: its slots stay used until they age out. */
  commit(reservation: Reservation): void {
    if (reservation instanceof Slot && reservation.state === 'pending') reservation.state = 'committed';
  }

  /** The call did not go through: give its slots back. A no-op once settled. */
  release(reservation: Reservation): void {
    if (!(reservation instanceof Slot) || reservation.state !== 'pending') return;
    reservation.state = 'released';
    for (const { counter, windowStart } of reservation.claims) {
      if (counter.spec.sliding) {
        const i = counter.owners.indexOf(reservation.id);
        if (i >= 0) {
          counter.times.splice(i, 1);
          counter.owners.splice(i, 1);
        }
      } else if (counter.windowStart === windowStart && counter.count > 0) {
        counter.count -= 1;
      }
    }
  }

  /** Calls counted now against the limit with this place or id (for the UI and tests). */
  used(rule: string, now: number = Date.now()): number {
    for (const counter of this.counters.values()) {
      if (counter.spec.rule !== rule && counter.spec.ruleId !== rule) continue;
      this.advance(counter, now);
      return counter.spec.sliding ? counter.times.length : counter.count;
    }
    return 0;
  }

  private counter(spec: LimitSpec): Counter {
    const cached = this.bySpec.get(spec);
    if (cached !== undefined) return cached;
    const key = specKey(spec);
    let counter = this.counters.get(key);
    if (counter === undefined) {
      counter = { spec, windowStart: 0, count: 0, times: [], owners: [] };
      this.counters.set(key, counter);
    } else counter.spec = spec;
    this.bySpec.set(spec, counter);
    return counter;
  }

  // Drops what has aged out; this is what keeps memory bounded by each limit's max.
  private advance(counter: Counter, now: number): void {
    const { windowMs: size, sliding } = counter.spec;
    if (sliding) {
      const cutoff = now - size;
      let drop = 0;
      while (drop < counter.times.length && (counter.times[drop] as number) <= cutoff) drop++;
      if (drop > 0) {
        counter.times.splice(0, drop);
        counter.owners.splice(0, drop);
      }
    } else {
      const start = Math.floor(now / size) * size;
      if (start !== counter.windowStart) {
        counter.windowStart = start;
        counter.count = 0;
      }
    }
  }

  private check(counter: Counter, now: number): LimitHit | undefined {
    this.advance(counter, now);
    const { spec } = counter;
    const used = spec.sliding ? counter.times.length : counter.count;
    if (used < spec.max) return undefined;
    let retryAfterMs: number;
    if (spec.max === 0) retryAfterMs = spec.windowMs;
    else if (spec.sliding) retryAfterMs = (counter.times[counter.times.length - spec.max] as number) + spec.windowMs - now;
    else retryAfterMs = counter.windowStart + spec.windowMs - now;
    return { rule: spec.rule, ...(spec.ruleId !== undefined && { ruleId: spec.ruleId }), ...(spec.ruleHash !== undefined && { ruleHash: spec.ruleHash }), tool: spec.tool, max: spec.max, windowMs: spec.windowMs, retryAfterMs: Math.max(0, retryAfterMs) };
  }
}

// Clocks can step back (NTP); keep the times ordered so pruning from the front stays correct.
function insertSorted(counter: Counter, time: number, owner: number): void {
  let i = counter.times.length;
  while (i > 0 && (counter.times[i - 1] as number) > time) i--;
  counter.times.splice(i, 0, time);
  counter.owners.splice(i, 0, owner);
}
