import { AsyncLocalStorage } from 'node:async_hooks';

// The signal of the HTTP request a JSON-RPC message arrived on, for the handler the SDK runs for it.
// The SDK gives handlers no handle on the HTTP exchange; it does run them in the async context of
// transport.handleRequest, so the signal travels there instead of through a table keyed by
// JSON-RPC id (which a handler that starts late could miss, and a client may reuse).
const scope = new AsyncLocalStorage<AbortSignal>();

/** Runs `fn` (a transport's handleRequest) so that handlers it starts see `signal`. */
export function withRequestSignal<T>(signal: AbortSignal, fn: () => T): T {
  return scope.run(signal, fn);
}

/** The signal of the HTTP request being handled, when the message came on one that carries its answer. */
export function currentRequestSignal(): AbortSignal | undefined {
  return scope.getStore();
}
