// policy.json as surfaces edit it: the text on disk (the truth), the engine's own messages for a
// draft, a dry run of one call against it, and the upstream's tools with their rule, class and
// pin state. Part of the contract in api.ts; runtime-neutral (zod only).
import { z } from 'zod';

/** Generous for a hand-written policy (the shipped one is ~1 KB); bounds what one request may ask to parse. */
export const MAX_POLICY_TEXT = 256 * 1024;
const PolicyTextSchema = z.string().max(MAX_POLICY_TEXT);

/** The engine's verdict on a text: errors and warnings as `kraken-gate policy check` prints them. */
export const PolicyCheckSchema = z.object({
  ok: z.boolean(),
  /** One line each, starting with the place: `tools.add_order.deny_if[0].conditions[1].op: expected one of …`. */
  errors: z.array(z.string()),
  warnings: z.array(z.string()),
  /** The parsed document, when the text is valid JSON and a valid policy. */
  policy: z.record(z.string(), z.unknown()).optional(),
});
export type PolicyCheck = z.infer<typeof PolicyCheckSchema>;

export const PolicyViewSchema = z.object({
  path: z.string(),
  /** policy.json as it is on disk now. */
  text: z.string(),
  /**
   * policy.json loosens the rules in force (edited outside Kraken Gate, no presence proof yet):
   * how, and its hash for applyStaged. The running rules are `running` until then.
   */
  staged: z.object({ hash: z.string(), at: z.string(), loosenings: z.array(z.string()) }).optional(),
  /** The engine's verdict on that text; when not ok, the running rules are the last valid ones. */
  check: PolicyCheckSchema,
  /** The rules the gateway runs now, as a document. */
  running: z.record(z.string(), z.unknown()),
});
export type PolicyView = z.infer<typeof PolicyViewSchema>;

export const SavePolicyResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), warnings: z.array(z.string()), view: PolicyViewSchema }),
  z.object({
    ok: z.literal(false),
    errors: z.array(z.string()),
    /** The file changed on disk since the editor loaded it (`baseText` differs); nothing was written. */
    conflict: z.boolean(),
  }),
]);

export const TestCallInputSchema = z
  .object({
    tool: z.string().min(1).max(128),
    arguments: z.record(z.string(), z.unknown()),
    /** A draft to test instead of the running policy (nothing is saved). */
    text: PolicyTextSchema.optional(),
  })
  .strict();

export const TestCallResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    action: z.enum(['allow', 'deny', 'approve']),
    /** The deciding rule's id, as the call log names it: "tools.add_order.approve_if[0]", "default", "pause". */
    rule: z.string(),
    /** Why, as the agent (or the human, for approve) would read it. */
    reason: z.string(),
    notional: z.number().optional(),
    /** What the test could not reproduce exactly (no market price, rate-limit state of the running rules). */
    notes: z.array(z.string()),
  }),
  /** The draft is not a valid policy: the engine's errors. */
  z.object({ ok: z.literal(false), errors: z.array(z.string()) }),
]);
export type TestCallResult = z.infer<typeof TestCallResultSchema>;

export const ToolClassSchema = z.enum(['financial', 'private-read', 'public']);
export type ToolClassName = z.infer<typeof ToolClassSchema>;

export const DiffLineSchema = z.object({ op: z.enum(['same', 'added', 'removed']), text: z.string() });
export type DiffLine = z.infer<typeof DiffLineSchema>;

/** An upstream tool as the Rules page shows it; every text in it made inert. */
export const ToolInfoSchema = z.object({
  name: z.string(),
  title: z.string().optional(),
  description: z.string(),
  /** What it can do to the account: move money, read it, or neither. */
  class: ToolClassSchema,
  /** The JSON Schema of its arguments, as the upstream lists it (texts made inert). */
  inputSchema: z.record(z.string(), z.unknown()),
  /** False when the upstream does not list it now (not started yet, or gone). */
  listed: z.boolean(),
  /** `changed`: the upstream's definition differs from the accepted one; calls are blocked until accepted. */
  pin: z.enum(['accepted', 'changed']),
  /** The running rule at a glance. */
  rule: z.object({
    mode: z.enum(['allow', 'ask', 'deny', 'hidden']),
    /** Conditions, caps, limits, pairs, in words; empty when the mode says it all. */
    details: z.array(z.string()),
  }),
  /** For a changed tool: the accepted definition against the new one, line by line (pretty JSON). */
  diff: z.object({ previousKnown: z.boolean(), lines: z.array(DiffLineSchema) }).optional(),
});
export type ToolInfo = z.infer<typeof ToolInfoSchema>;

export const policyMethods = {
  /** policy.json on disk, the engine's verdict on it, and the running rules. */
  policy: { input: z.object({}).strict(), output: PolicyViewSchema },
  /** The engine's messages for a draft, without saving it. */
  validatePolicy: { input: z.object({ text: PolicyTextSchema }).strict(), output: PolicyCheckSchema },
  /**
   * Writes policy.json when the text is valid; the next call runs under it. `baseText`: the text
   * the edit started from; when the file changed since, nothing is written (conflict). A text that
   * loosens the rules in force needs a presence proof (`code`) where one is required.
   */
  savePolicy: {
    input: z.object({ text: PolicyTextSchema, baseText: PolicyTextSchema.optional(), code: z.string().trim().min(1).max(16).optional() }).strict(),
    output: SavePolicyResultSchema,
  },
  /** Which rule decides these arguments, and why; nothing is forwarded or counted. */
  testCall: { input: TestCallInputSchema, output: TestCallResultSchema },
  /** The upstream's tools with their rule, class and pin state, and the diff of a changed one. */
  tools: { input: z.object({}).strict(), output: z.array(ToolInfoSchema) },
} as const;
