// fetch for the SDK's Streamable HTTP client transport. The transport hands the same AbortSignal
// (its own, aborted at close) to every request, and Node's fetch (undici) adds an 'abort' listener
// to the signal it is given that goes away only when the request is garbage-collected. With many
// calls on one session (16 in flight) the transport's signal collects thousands of listeners
// between collections: a MaxListenersExceededWarning past 1 500, and memory held meanwhile. Each
// request here gets its own signal that follows the transport's (AbortSignal.any): Node tracks
// such dependants by weak reference, not as listeners, so the shared signal keeps none.
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

export const fetchWithOwnSignal: FetchLike = (url, init) =>
  fetch(url, init?.signal ? { ...init, signal: AbortSignal.any([init.signal]) } : init);
