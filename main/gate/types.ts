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

/** Which surface took the decision. `policy` for rules, `timeout` for expired approvals. */
export type Decider = 'policy' | 'notification' | 'tray' | 'window' | 'cli' | 'timeout' | 'client';
