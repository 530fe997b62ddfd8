import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { PRODUCT, VERSION } from '../../version.js';
import type { CallOrigin } from '../types.js';
import type { GatewayBackend } from './backend.js';
import { requestSignalOf } from './request-scope.js';

/** What the endpoint tells a session, and learns from it. */
export interface SessionHooks {
  /** Aborted (with AgentGone) when the session ends: every call still running in it is withdrawn. */
  ended: AbortSignal;
  /** A call started or finished; a session with calls running is never closed as idle. */
  callStarted(): void;
  callEnded(): void;
}

/** One agent's MCP session: an SDK Server whose tools are the upstream's, filtered by the gate. */
export function createSessionServer(backend: GatewayBackend, transport: CallOrigin['transport'], sessionId: () => string, hooks: SessionHooks): Server {
  const server = new Server(
    { name: PRODUCT, version: VERSION },
    {
      capabilities: { tools: { listChanged: true } },
      instructions:
        'Kraken Gate forwards these kraken-mcp tools under the user\'s rules. Some calls wait for the user to approve them; a refused call returns isError with the reason.',
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: (await backend.listTools()) as Tool[] }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const client = server.getClientVersion();
    // The agent's progressToken is ours to answer; the upstream hop gets its own from the SDK.
    const progressToken = request.params._meta?.progressToken;
    const onProgress =
      progressToken === undefined
        ? undefined
        : (p: { progress: number; total?: number; message?: string }) =>
            void extra.sendNotification({ method: 'notifications/progress', params: { progressToken, ...p } }).catch(() => undefined);
    // The SDK aborts extra.signal when the agent sends notifications/cancelled or the session
    // closes; not when the HTTP request carrying the call goes away (a killed agent sends nothing).
    // The gateway watches that request, and the session's end, itself.
    const exchange = requestSignalOf(extra);
    const { signal, unlink } = firstOf(exchange ? [hooks.ended, exchange, extra.signal] : [hooks.ended, extra.signal]);
    hooks.callStarted();
    try {
      const result = await backend.callTool(
        { tool: request.params.name, arguments: request.params.arguments ?? {} },
        {
          origin: { sessionId: sessionId(), clientName: client?.name, clientVersion: client?.version, transport },
          signal,
          onProgress,
        },
      );
      // Our ToolResult is the SDK's CallToolResult without the SDK type; the shapes are the same.
      return result as CallToolResult;
    } finally {
      unlink();
      hooks.callEnded();
    }
  });
  return server;
}

/**
 * A signal that aborts (with its reason) when the first of `sources` does. Not AbortSignal.any:
 * the session's signal lives as long as the session, and Node versions differ in when they let
 * go of the composites such a signal has fed; here the links are cut when the call ends.
 */
function firstOf(sources: AbortSignal[]): { signal: AbortSignal; unlink: () => void } {
  const combined = new AbortController();
  const links = sources.map((source) => {
    const follow = (): void => combined.abort(source.reason);
    if (source.aborted) follow();
    else source.addEventListener('abort', follow, { once: true });
    return () => source.removeEventListener('abort', follow);
  });
  return { signal: combined.signal, unlink: () => links.forEach((cut) => cut()) };
}
