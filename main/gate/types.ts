// Vocabulary shared by the pipeline, the policy engine, the approvals queue and the call log.

/** A tool call as the agent sent it. `arguments` is exactly what would be forwarded upstream. */
export interface ToolCall {
  tool: string;
  arguments: Record<string, unknown>;
}

/** Who the call came from, as far as the gateway knows. */
export interface CallOrigin {
  sessionId: string;
  /** clientInfo.name from the MCP initialize request, when the client sent one. */
  clientName?: string;
  clientVersion?: string;
  transport: 'streamable-http' | 'sse' | 'stdio';
}

/** How a call ended up, from the gateway's side. One of these is recorded for every call. */
export type DecisionKind = 'allowed' | 'denied' | 'approved' | 'rejected' | 'expired' | 'cancelled';

/**
 * Which surface took the decision (`web`: the window served as a local page). `policy` for rules, `timeout` for expired approvals, `client`
 * when the agent withdrew the call (or went away), `shutdown` when Kraken Gate stopped under it,
 * `restart` for a call still held when the gateway was killed (recorded at the next start).
 */
export type Decider = 'policy' | 'notification' | 'tray' | 'window' | 'cli' | 'web' | 'telegram' | 'timeout' | 'client' | 'shutdown' | 'restart';

/**
 * A tool as the upstream lists it. Kept structural (not the SDK's type) so the core does not
 * depend on one SDK major; extra fields (`_meta`, `annotations`) pass through untouched.
 */
export interface ToolDefinition {
  name: string;
  title?: string;
  description?: string;
  inputSchema: { type: 'object'; properties?: Record<string, unknown>; [key: string]: unknown };
  outputSchema?: { type: 'object'; [key: string]: unknown };
  [key: string]: unknown;
}

/** A `tools/call` result, forwarded to the agent as the upstream sent it. */
export interface ToolResult {
  content: Array<{ type: string; [key: string]: unknown }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  [key: string]: unknown;
}

/** Progress of a long call (the upstream's, or a call held for approval). */
export interface Progress {
  progress: number;
  total?: number;
  message?: string;
}

/**
 * The reason on a call's signal when the gateway saw its agent go away (the HTTP request or the
 * session that carried the call closed) rather than hearing it cancel the call.
 */
export class AgentGone extends Error {
  override readonly name = 'AgentGone';
}

/** What the pipeline knows about one call besides its arguments. */
export interface CallContext {
  origin: CallOrigin;
  /** Aborted when the client cancels the request or its session ends. */
  signal: AbortSignal;
  /** Present when the client asked for progress (sent a progressToken). */
  onProgress?: (progress: Progress) => void;
}
