// Restart delays for a crashing upstream: quick first retries (a one-off crash costs little),
// then capped so a broken install does not spin the CPU, and reset once it has stayed up.
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Uptime after which the next crash starts again from initialMs. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 200, maxMs: 10_000, stableMs: 30_000 };

export class Backoff {
  private attempt = 0;

  constructor(private readonly options: BackoffOptions = DEFAULT_BACKOFF) {}

  /** The delay before the next restart, given how long the process stayed up. */
  next(uptimeMs: number): number {
    if (uptimeMs >= this.options.stableMs) this.attempt = 0;
    const delay = Math.min(this.options.maxMs, this.options.initialMs * 2 ** this.attempt);
    this.attempt += 1;
    return delay;
  }
}
