// Runs tasks one at a time. The real kraken-mcp signs private calls with a millisecond nonce and
// runs calls in threads, so two concurrent private calls race and Kraken answers
// "EAPI:Invalid nonce"; private calls are forwarded through one of these.
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /**
   * Queues `task`. A `signal` aborted while the task still waits for its turn withdraws it at once
   * (rejecting with `cancelled()`) and the task never runs; once it runs, the task owns the signal.
   */
  run<T>(task: () => Promise<T>, signal?: AbortSignal, cancelled: () => Error = () => new Error('cancelled')): Promise<T> {
    if (!signal) return this.chain(task);
    return new Promise<T>((resolve, reject) => {
      let started = false;
      const onAbort = (): void => {
        if (!started) reject(cancelled());
      };
      if (signal.aborted) return reject(cancelled());
      signal.addEventListener('abort', onAbort, { once: true });
      this.chain(async () => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) return; // withdrawn while it waited: its turn passes to the next
        started = true;
        await task().then(resolve, reject);
      }).catch(() => undefined);
    });
  }

  private chain<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
