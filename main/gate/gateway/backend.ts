import type { Event } from '../events.js';
import type { CallContext, ToolCall, ToolDefinition, ToolResult } from '../types.js';

/** What the agent-facing endpoint needs from the core. Gate implements it; tests may too. */
export interface GatewayBackend {
  listTools(): Promise<ToolDefinition[]>;
  callTool(call: ToolCall, context: CallContext): Promise<ToolResult>;
  readonly onDidChangeTools: Event<unknown>;
}
