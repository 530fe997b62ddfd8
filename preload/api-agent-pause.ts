// Deny & pause agent (design rule 8), as surfaces see it: from a held call's card, deny it and
// refuse that agent's financial calls for a while; its reads still pass, other agents go on. Part
// of the contract in api.ts; runtime-neutral (zod only).
import { z } from 'zod';

const CodeSchema = z.string().trim().min(1).max(16);

/** One paused agent, as the status lists it. */
export const PausedAgentSchema = z.object({
  /** What resumeAgent (and `kraken-gate resume --agent`) takes: the client's name, or `session:<id>` for one that gave none. */
  agent: z.string(),
  /** The MCP client name (inert), when the agent gave one. */
  client: z.string().optional(),
  since: z.string(),
  /** ISO end; absent: until a person resumes it. */
  until: z.string().optional(),
  /** The surface it was paused from. */
  by: z.string(),
});
export type PausedAgent = z.infer<typeof PausedAgentSchema>;

/** How long a pause lasts, as the card offers it: minutes, or null for "until I resume it". */
export const AGENT_PAUSE_CHOICES = [
  { minutes: 15, label: '15 min' },
  { minutes: 60, label: '1 hour' },
  { minutes: null, label: 'Until I resume it' },
] as const;

export const agentPauseMethods = {
  /**
   * Safer, one step: denies the held call and refuses its agent's financial calls (the MCP client
   * name it came from, else its session) for `minutes`, or until resumed (null); the agent's other
   * waiting financial calls are refused with it. Cancels and reads still pass, as under the pause.
   */
  denyAndPauseAgent: {
    input: z.object({ id: z.string().min(1).max(64), reason: z.string().max(500).optional(), minutes: z.number().int().min(1).max(7 * 24 * 60).nullable() }).strict(),
    output: z.discriminatedUnion('ok', [
      z.object({
        ok: z.literal(true),
        id: z.string(),
        paused: PausedAgentSchema,
        /** The agent's other waiting financial calls refused with it. */
        alsoDenied: z.array(z.string()),
        message: z.string(),
      }),
      z.object({ ok: z.literal(false), id: z.string(), error: z.enum(['unknown-id', 'already-decided']), message: z.string() }),
    ]),
  },
  /** Riskier (like resume): lifts an agent's pause early, with a presence proof where one is required. */
  resumeAgent: {
    input: z.object({ agent: z.string().trim().min(1).max(256), code: CodeSchema.optional() }).strict(),
    output: z.object({ ok: z.boolean(), message: z.string() }),
  },
} as const;
