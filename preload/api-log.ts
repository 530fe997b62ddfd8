// The call log as surfaces read it: one page of records, the same filters as `kraken-gate log`,
// and what the window adds to each record (the headline in words, the order's txid). Part of the
// contract in api.ts; runtime-neutral (zod only).
import { z } from 'zod';

export const DECISION_KINDS = ['allowed', 'denied', 'approved', 'rejected', 'expired', 'cancelled'] as const;
export const DecisionKindSchema = z.enum(DECISION_KINDS);
export type DecisionKindName = z.infer<typeof DecisionKindSchema>;

/** How a person proved they were there for a decision or riskier action (main/gate/presence/). */
export const PROOFS = ['click', 'touch-id', 'code', 'unlocked', 'not-required'] as const;
export type Proof = (typeof PROOFS)[number];

export const DeciderSchema = z.enum(['policy', 'notification', 'tray', 'window', 'cli', 'web', 'telegram', 'timeout', 'client', 'shutdown', 'restart']);

/** A record of the call log, with every string that came from an agent or the upstream made inert. */
export const LogRecordSchema = z.object({
  id: z.string(),
  ts: z.string(),
  session: z.string(),
  client: z.string().optional(),
  tool: z.string(),
  decision: DecisionKindSchema,
  /** The rule that decided or held the call, by its place ("tools.add_order.approve_if[0]", "pause"). */
  rule: z.string(),
  /** Its own id, when the rule had one ("r-7kq2"), and its fingerprint then (preload/rule-ref.ts). */
  ruleId: z.string().optional(),
  ruleHash: z.string().optional(),
  /** A held call: what the rule that held it said. */
  ruleReason: z.string().optional(),
  decidedBy: DeciderSchema,
  waitedMs: z.number().optional(),
  upstreamMs: z.number().optional(),
  argsHash: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  /** Arguments too large to keep whole: their first bytes (inert) and full size; `arguments` is then `{}`. */
  argumentsCut: z.object({ prefix: z.string(), bytes: z.number() }).optional(),
  /** `unknown`: sent, but whether it took effect could not be known (it may have been placed: check open orders). */
  outcome: z.object({ status: z.enum(['ok', 'error', 'not-forwarded', 'unknown']), message: z.string().optional(), summary: z.string().optional() }),
  reason: z.string().optional(),
  /**
   * Approved with changes: `arguments` are what went to the exchange; these are what the agent
   * sent (redacted, inert), who changed them, and each change with its words ("volume 0.10 → 0.05").
   */
  edited: z
    .object({
      agentArguments: z.record(z.string(), z.unknown()),
      agentArgsHash: z.string(),
      by: DeciderSchema,
      changes: z.array(z.object({ field: z.string(), from: z.union([z.string(), z.number(), z.boolean(), z.null()]), to: z.union([z.string(), z.number(), z.boolean(), z.null()]) })),
      /** "volume 0.10 → 0.05, price 50000 → 49000". */
      text: z.string(),
    })
    .optional(),
  /** A person's decision or action: how they proved they were there (a click, a code, an unlocked window). */
  presence: z.enum(PROOFS).optional(),
  /** The call in words, built from its (redacted) arguments as an approval card would be. */
  headline: z.string(),
  /** Kraken's order id when the upstream's answer names one. */
  txid: z.string().optional(),
  /** An order's worth against the caps, in the cap currency, with how it was reached. */
  worth: z.string().optional(),
  /** A held call: the approval id its card showed. */
  approvalId: z.string().optional(),
});
export type LogRecord = z.infer<typeof LogRecordSchema>;

const TimeSchema = z.string().trim().min(1).max(64);

/** The filters of `kraken-gate log`: a time is ISO ("2026-11-25T10:00Z") or a span back from now ("2h", "7d"). */
export const LogFilterSchema = z
  .object({
    since: TimeSchema.optional(),
    until: TimeSchema.optional(),
    tool: z.array(z.string().min(1).max(128)).max(64).optional(),
    decision: z.array(DecisionKindSchema).max(DECISION_KINDS.length).optional(),
    text: z.string().max(200).optional(),
  })
  .strict();
export type LogFilter = z.infer<typeof LogFilterSchema>;

export const LogQueryInputSchema = LogFilterSchema.extend({
  /** Page size. */
  limit: z.number().int().min(1).max(5000).default(200),
  /** `nextCursor` of the previous page: the next (older) page, stable while records arrive. */
  cursor: z.string().max(64).optional(),
}).strict();

export const LogPageSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), records: z.array(LogRecordSchema), nextCursor: z.string().optional() }),
  /** A filter could not be read (a time that is not a time); the message says how to write it. */
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type LogPage = z.infer<typeof LogPageSchema>;

/**
 * Calls per bucket by decision, over the filter's time range (the last 24 hours by default). The core
 * sizes the buckets from the range: a minute for an hour, an hour for a day, a day for a week.
 */
export const LogStatsSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    /** Start of the first bucket (ms since the epoch); buckets are `bucketMs` long. */
    start: z.number(),
    bucketMs: z.number(),
    buckets: z.array(z.record(DecisionKindSchema, z.number())),
    total: z.number(),
  }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type LogStats = z.infer<typeof LogStatsSchema>;

export const LogExportInputSchema = LogFilterSchema.extend({ format: z.enum(['csv', 'json']) }).strict();
export const LogExportSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    /** The file's content: the same columns as `kraken-gate log --csv`, or its JSON. */
    text: z.string(),
    filename: z.string(),
    count: z.number(),
    /** More records matched than one export holds; narrow the filters. */
    truncated: z.boolean(),
  }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type LogExport = z.infer<typeof LogExportSchema>;
