import type { IncomingMessage } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { AgentGone } from '../types.js';

/**
 * The HTTP exchange a JSON-RPC request came on, as its handler sees it: says when the agent stopped
 * waiting for the answer (the request closed before the answer was written in full). A plain
 * callback list rather than an AbortController: every call has one, and the per-call signals were
 * a measurable part of what a call costs (docs/performance-history.md).
 */
export class AnswerWatch {
  private gone: AgentGone | undefined;
  private listeners: Array<(reason: AgentGone) => void> | undefined;

  /** Calls `listener` once the agent is gone (at once if it is already); returns how to stop listening. */
  onGone(listener: (reason: AgentGone) => void): () => void {
    if (this.gone) {
      listener(this.gone);
      return () => undefined;
    }
    (this.listeners ??= []).push(listener);
    return () => {
      const at = this.listeners?.indexOf(listener) ?? -1;
      if (at >= 0) this.listeners!.splice(at, 1);
    };
  }

  /** The request closed before its answer was written. */
  markGone(reason: AgentGone): void {
    if (this.gone) return;
    this.gone = reason;
    const listeners = this.listeners ?? [];
    this.listeners = undefined;
    for (const listener of listeners) listener(reason);
  }
}

// How the watch reaches the handler the SDK runs for the message. The SDK gives handlers no handle
// on the HTTP exchange, but it does hand them `extra.authInfo`, taken from `req.auth` of the request
// the message came on: the watch travels there (Kraken Gate uses no SDK auth; its bearer check runs
// before the SDK sees the request). Not a table keyed by JSON-RPC id (a handler that starts late
// could miss it, and a client may reuse ids), and not AsyncLocalStorage: on Node 20 that turns on
// promise hooks for the whole process, which made every await of every call several times dearer.
const KEY = 'krakenGateAnswerWatch';

/** Attaches `watch` to `req`, so that the handler the transport runs for its message sees it. */
export function attachAnswerWatch(req: IncomingMessage & { auth?: AuthInfo }, watch: AnswerWatch): void {
  req.auth = { token: '', clientId: '', scopes: [], extra: { [KEY]: watch } };
}

/** The watch of the HTTP request being handled, when the message came on one that carries its answer. */
export function answerWatchOf(extra: { authInfo?: AuthInfo }): AnswerWatch | undefined {
  const watch = extra.authInfo?.extra?.[KEY];
  return watch instanceof AnswerWatch ? watch : undefined;
}
