import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { PRODUCT, VERSION } from '../../version.js';
import type { CallOrigin } from '../types.js';
import type { GatewayBackend } from './backend.js';
import { answerWatchOf } from './request-scope.js';

/** What the endpoint tells a session, and learns from it. */
export interface SessionHooks {
  /**
   * A call started; `withdraw` aborts it (with AgentGone) when the session ends, at once if it has.
   * A session with calls running is never closed for being idle.
   */
  callStarted(withdraw: AbortController): void;
  callEnded(withdraw: AbortController): void;
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
    // One signal per call, aborted by whichever comes first: the agent's notifications/cancelled
    // (the SDK aborts extra.signal), the HTTP request carrying the call closing before its answer
    // (a killed agent sends nothing; the gateway watches the request), or the session's end.
    // (Linked in that order: when several have fired already, the session's reason is the one told.)
    const call = new AbortController();
    hooks.callStarted(call);
    const stopWatching = answerWatchOf(extra)?.onGone((reason) => call.abort(reason));
    const cancelled = (): void => call.abort(extra.signal.reason);
    if (extra.signal.aborted) cancelled();
    else extra.signal.addEventListener('abort', cancelled, { once: true });
    try {
      const result = await backend.callTool(
        { tool: request.params.name, arguments: request.params.arguments ?? {} },
        {
          origin: { sessionId: sessionId(), clientName: client?.name, clientVersion: client?.version, transport },
          signal: call.signal,
          onProgress,
        },
      );
      // Our ToolResult is the SDK's CallToolResult without the SDK type; the shapes are the same.
      return result as CallToolResult;
    } finally {
      extra.signal.removeEventListener('abort', cancelled);
      stopWatching?.();
      hooks.callEnded(call);
    }
  });
  return server;
}
