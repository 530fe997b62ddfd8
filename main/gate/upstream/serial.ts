// Runs tasks one at a time. The real kraken-mcp signs private calls with a millisecond nonce and
// runs calls in threads, so two concurrent private calls race and Kraken answers
// "EAPI:Invalid nonce"; private calls are forwarded through one of these.
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
