// The order in which the paired chat is written to: a new card or an answer to the person first, a
// receipt or a re-priced card after them. Jobs go to grammY one at a time, so its throttler (which
// keeps to Telegram's pace) never holds a queue of ours in which a held order's card would wait
// behind the receipts of orders already decided.
type Job = () => Promise<unknown>;

export class Outbox {
  private readonly urgent: Job[] = [];
  private readonly later: Job[] = [];
  private running = false;

  constructor(private readonly onError: (error: unknown) => void) {}

  /** A card or an answer: ahead of everything not yet sent. Resolves when sent (or failed). */
  now<T>(job: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.urgent.push(() => job().then(resolve, reject));
      this.drain();
    });
  }

  /** A receipt or a refresh: sent when nothing urgent waits; its failure is only logged. */
  soon(job: Job): void {
    this.later.push(() => job().catch(this.onError));
    this.drain();
  }

  private drain(): void {
    if (this.running) return;
    this.running = true;
    void (async () => {
      for (let job = this.urgent.shift() ?? this.later.shift(); job; job = this.urgent.shift() ?? this.later.shift()) await job().catch(() => undefined);
      this.running = false;
    })();
  }
}
