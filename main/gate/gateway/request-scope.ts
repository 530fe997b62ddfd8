import type { IncomingMessage } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';

// The signal of the HTTP request a JSON-RPC message arrived on, for the handler the SDK runs for it.
// The SDK gives handlers no handle on the HTTP exchange, but it does hand them `extra.authInfo`,
// taken from `req.auth` of the request the message came on: the signal travels there (Kraken Gate
// uses no SDK auth; its bearer check runs before the SDK sees the request). Not a table keyed by
// JSON-RPC id (a handler that starts late could miss it, and a client may reuse ids), and not
// AsyncLocalStorage: on Node 20 that turns on promise hooks for the whole process, which made
// every await of every call several times dearer.
const KEY = 'krakenGateRequestSignal';

/** Attaches `signal` to `req`, so that the handler the transport runs for its message sees it. */
export function attachRequestSignal(req: IncomingMessage & { auth?: AuthInfo }, signal: AbortSignal): void {
  req.auth = { token: '', clientId: '', scopes: [], extra: { [KEY]: signal } };
}

/** The signal of the HTTP request being handled, when the message came on one that carries its answer. */
export function requestSignalOf(extra: { authInfo?: AuthInfo }): AbortSignal | undefined {
  const signal = extra.authInfo?.extra?.[KEY];
  return signal instanceof AbortSignal ? signal : undefined;
}
