// Typed events in the VS Code shape: subscribing returns the function that unsubscribes, so every
// subscriber owns its lifetime explicitly (a tray or window that closes calls its disposer).

export type Disposer = () => void;
export type Event<T> = (listener: (value: T) => void) => Disposer;

export class Emitter<T> {
  // Wrapper objects, not the functions themselves, so the same function may subscribe twice.
  private readonly listeners = new Set<{ fn: (value: T) => void }>();
  private readonly onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void = (error) => console.error('[events] a listener threw:', error)) {
    this.onListenerError = onListenerError;
  }

  readonly event: Event<T> = (fn) => {
    const entry = { fn };
    this.listeners.add(entry);
    return () => void this.listeners.delete(entry);
  };

  fire(value: T): void {
    for (const entry of [...this.listeners]) {
      if (!this.listeners.has(entry)) continue; // unsubscribed by an earlier listener of this fire
      // One crashing surface must not keep the others (or the service firing) from hearing about it.
      try {
        entry.fn(value);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
