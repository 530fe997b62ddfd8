// THE contract between the core and every surface that controls it: the desktop IPC handlers,
// the preload bridge, the headless HTTP control API, the CLI and the React UI. Each method has a
// zod schema for its input (parsed before any handler runs) and its output; the TypeScript types
// are derived from them. Runtime-neutral on purpose: zod only, no Node, no DOM, no Electron.
import { z } from 'zod';

/** The surfaces a human decides from. The agent's side is never one of them. */
export const SurfaceSchema = z.enum(['notification', 'tray', 'window', 'cli']);
export type Surface = z.infer<typeof SurfaceSchema>;

export const SummarySchema = z.object({
  headline: z.string(),
  fields: z.array(z.object({ label: z.string(), value: z.string() })),
  /** false: the summarizer could not render the arguments; show raw JSON, no one-click approve. */
  readable: z.boolean(),
  notional: z.object({ value: z.number(), currency: z.string(), estimated: z.boolean() }).optional(),
});
export type Summary = z.infer<typeof SummarySchema>;

export const PendingApprovalSchema = z.object({
  id: z.string(),
  tool: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  argsHash: z.string(),
  summary: SummarySchema,
  createdAt: z.string(),
  expiresAt: z.string(),
  client: z.string().optional(),
});
export type PendingApproval = z.infer<typeof PendingApprovalSchema>;

export const UpstreamStatusSchema = z.object({
  state: z.enum(['starting', 'ready', 'restarting', 'stopped']),
  command: z.string(),
  pid: z.number().optional(),
  restarts: z.number(),
  tools: z.number(),
  lastError: z.string().optional(),
});

export const StatusSchema = z.object({
  paused: z.boolean(),
  pending: z.number(),
  upstream: UpstreamStatusSchema,
  endpoint: z.string(),
  /** Tools whose upstream definition changed since it was accepted; calls to them are blocked. */
  changedTools: z.array(z.string()),
  /** The last edit of policy.json was refused (the previous rules still apply): when, and why. Gone once an edit applies. */
  policyRefused: z.object({ at: z.string(), errors: z.array(z.string()) }).optional(),
});
export type Status = z.infer<typeof StatusSchema>;

const IdSchema = z.string().min(1).max(64);

export const DecideResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), id: z.string(), decision: z.enum(['approved', 'rejected']) }),
  z.object({
    ok: z.literal(false),
    id: z.string(),
    error: z.enum(['unknown-id', 'already-decided', 'args-mismatch']),
    message: z.string(),
    /** With already-decided: how the call ended, who decided, and when (ISO). */
    decided: z.object({ decision: z.string(), by: z.string(), at: z.string() }).optional(),
  }),
]);
export type DecideResult = z.infer<typeof DecideResultSchema>;

const Empty = z.object({}).strict();

/** pause/resume: the status after, and `changed: false` when it already was paused (resumed). */
const SwitchResultSchema = StatusSchema.extend({ changed: z.boolean().optional() });

export const gateApi = {
  status: { input: Empty, output: StatusSchema },
  pending: { input: Empty, output: z.array(PendingApprovalSchema) },
  approve: {
    input: z.object({ id: IdSchema, via: SurfaceSchema.default('window'), argsHash: z.string().optional() }).strict(),
    output: DecideResultSchema,
  },
  deny: {
    input: z.object({ id: IdSchema, via: SurfaceSchema.default('window'), reason: z.string().max(500).optional() }).strict(),
    output: DecideResultSchema,
  },
  pause: { input: z.object({ via: SurfaceSchema.default('window') }).strict(), output: SwitchResultSchema },
  resume: { input: z.object({ via: SurfaceSchema.default('window') }).strict(), output: SwitchResultSchema },
  acceptTool: {
    input: z.object({ name: z.string().min(1).max(128) }).strict(),
    output: z.object({ ok: z.boolean(), message: z.string() }),
  },
} as const;

export type GateApiMethod = keyof typeof gateApi;
export type GateApiInput<M extends GateApiMethod> = z.input<(typeof gateApi)[M]['input']>;
export type GateApiOutput<M extends GateApiMethod> = z.output<(typeof gateApi)[M]['output']>;

/** What `window.gate` is in the renderer, and what the HTTP bridge and CLI client implement. */
export type GateApi = { [M in GateApiMethod]: (input: GateApiInput<M>) => Promise<GateApiOutput<M>> };

/** Events pushed to surfaces (IPC in the desktop app, Server-Sent Events in headless mode). */
export const GateEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: StatusSchema }),
  z.object({ type: z.literal('pending-added'), pending: PendingApprovalSchema }),
  z.object({ type: z.literal('pending-decided'), id: z.string(), decision: z.string(), by: z.string() }),
]);
export type GateEvent = z.infer<typeof GateEventSchema>;
