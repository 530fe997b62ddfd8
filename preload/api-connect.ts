// What the Settings page needs to connect things: try an upstream before switching to it, the
// agent's token (copy, regenerate) and ready-made client configs. Part of the contract in api.ts;
// runtime-neutral (zod only).
import { z } from 'zod';

export const TestUpstreamResultSchema = z.object({
  ok: z.boolean(),
  /** "kraken-mcp answered: 17 tools in 1.2 s", or why it did not. */
  message: z.string(),
  tools: z.number().optional(),
});

export const AgentTokenSchema = z.object({
  /** The agent's bearer token (never the control token). */
  token: z.string(),
  /** The agent endpoint it opens. */
  endpoint: z.string(),
});

export const ClientConfigSchema = z.object({
  client: z.string(),
  title: z.string(),
  transport: z.enum(['http', 'stdio']),
  /** The smallest whole config file that holds the entry, as pretty JSON. */
  json: z.string(),
  /** A shell command that registers the server instead (Claude Code). */
  command: z.string().optional(),
  /** True when it holds the agent token: a secret. */
  embedsToken: z.boolean(),
  notes: z.array(z.string()),
});
export type ClientConfig = z.infer<typeof ClientConfigSchema>;

export const connectMethods = {
  agentToken: { input: z.object({}).strict(), output: AgentTokenSchema },
  /** A new agent token; the old one stops working at once (connected agents must be reconfigured). */
  regenerateAgentToken: { input: z.object({}).strict(), output: AgentTokenSchema },
  clientConfigs: { input: z.object({}).strict(), output: z.array(ClientConfigSchema) },
} as const;
