// Long polling with backoff: Telegram is asked for updates in a loop; when it cannot be reached the
// loop waits 1 s, 2 s, 4 s … up to a minute and tries again, and says when it went offline and why.
// Nothing else waits on it: calls, decisions and shutdown never do.
import { failureReason, isPermanent, type BotApi, type Update } from './bot-api.js';

export interface PollerOptions {
  /** Seconds Telegram holds a poll open (25 by default). */
  pollTimeoutS?: number;
  firstBackoffMs?: number;
  maxBackoffMs?: number;
  onUpdate(update: Update): Promise<void>;
  /** online, or offline with the reason (never the token). */
  onState(online: boolean, reason?: string): void;
  log(line: string): void;
}

export class Poller {
  private readonly abort = new AbortController();
  private offset = 0;
  private done: Promise<void> | undefined;

  constructor(
    private readonly bot: BotApi,
    private readonly options: PollerOptions,
  ) {}

  start(): void {
    this.done ??= this.loop();
  }

  /** Ends the current poll at once; resolves when the loop has stopped. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.done;
  }

  private async loop(): Promise<void> {
    const { signal } = this.abort;
    let backoff = this.options.firstBackoffMs ?? 1000;
    while (!signal.aborted) {
      let updates: Update[];
      try {
        updates = await this.bot.getUpdates(this.offset, this.options.pollTimeoutS ?? 25, signal);
      } catch (error) {
        if (signal.aborted) return;
        const permanent = isPermanent(error);
        this.options.onState(false, failureReason(error));
        await pause(permanent ? (this.options.maxBackoffMs ?? 60_000) : backoff, signal);
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs ?? 60_000);
        continue;
      }
      backoff = this.options.firstBackoffMs ?? 1000;
      this.options.onState(true);
      for (const update of updates) {
        // Confirmed at the next poll whatever happens to it: one bad update must not come back forever.
        this.offset = Math.max(this.offset, update.update_id + 1);
        await this.options.onUpdate(update).catch((error: unknown) => this.options.log(`phone: could not handle an update: ${error instanceof Error ? error.message : String(error)}`));
      }
    }
  }
}

/** Waits `ms`, or less when the loop is stopped. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
