// THE contract between the core and every surface that controls it: the desktop IPC handlers,
// the preload bridge, the headless HTTP control API, the CLI and the React UI. Each method has a
// zod schema for its input (parsed before any handler runs) and its output; the TypeScript types
// are derived from them. Runtime-neutral on purpose: zod only, no Node, no DOM, no Electron.
import { z } from 'zod';
import { connectMethods, TestUpstreamResultSchema } from './api-connect.js';
import { LogExportInputSchema, LogExportSchema, LogFilterSchema, LogPageSchema, LogQueryInputSchema, LogRecordSchema, LogStatsSchema } from './api-log.js';
import { policyMethods } from './api-policy.js';
import { phoneMethods, PhoneStatusSchema } from './api-phone.js';
import { agentPauseMethods, PausedAgentSchema } from './api-agent-pause.js';
import { approveAllMethods } from './api-approve-all.js';

export * from './api-connect.js';
export * from './api-log.js';
export * from './api-policy.js';
export * from './api-phone.js';
export * from './api-agent-pause.js';
export * from './api-approve-all.js';

/**
 * The surfaces a human decides from, as the transport knows them (never as a request says): the
 * desktop app's window, tray and notifications, the CLI (the control token over HTTP) and `web`,
 * the window served as a local page, and `telegram`, the person's paired Telegram chat (main/phone).
 * The agent's side is never one of them.
 */
export const SurfaceSchema = z.enum(['notification', 'tray', 'window', 'cli', 'web', 'telegram']);
export type Surface = z.infer<typeof SurfaceSchema>;

/**
 * A code from the person's authenticator app (RFC 6238, 6 digits), for a riskier action from a
 * surface that cannot prove a person by itself (the CLI, the served window). Checked only when the
 * action needs it; a desktop click needs none.
 */
export const PresenceCodeSchema = z.string().trim().min(1).max(16);

/** When riskier actions need a presence proof: on a real exchange (auto), always, or never. */
export const PRESENCE_MODES = ['auto', 'always', 'off'] as const;
export type PresenceMode = (typeof PRESENCE_MODES)[number];

export const PresenceStatusSchema = z.object({
  /** Riskier actions (approve, resume, loosen the rules…) need a proof that a person is there. */
  required: z.boolean(),
  /** Why, in words: "Kraken (live): real money", "the paper exchange: no real money can move". */
  why: z.string(),
  mode: z.enum(PRESENCE_MODES),
  /** An authenticator app is set up (codes can be checked). */
  configured: z.boolean(),
});
export type PresenceStatus = z.infer<typeof PresenceStatusSchema>;

/** A change made outside Kraken Gate (policy.json, settings.json) that lets more through: still not in force. */
export const StagedChangesSchema = z.object({
  /** policy.json loosens the rules in force: the lines say how; apply it with its hash. */
  rules: z.object({ hash: z.string(), at: z.string(), loosenings: z.array(z.string()) }).optional(),
  /** settings.json changes riskier settings: in force are the confirmed values until applied. */
  settings: z.object({ hash: z.string(), changes: z.array(z.string()) }).optional(),
});
export type StagedChanges = z.infer<typeof StagedChangesSchema>;

/** Riskier actions refused for want of a proof, by action and surface, since the gateway started. */
export const RefusedAttemptSchema = z.object({ action: z.string(), channel: SurfaceSchema, count: z.number(), lastAt: z.string(), reason: z.string() });
export type RefusedAttempt = z.infer<typeof RefusedAttemptSchema>;

export const SummarySchema = z.object({
  headline: z.string(),
  fields: z.array(z.object({ label: z.string(), value: z.string() })),
  /** false: the summarizer could not render the arguments; show raw JSON, no one-click approve. */
  readable: z.boolean(),
  notional: z.object({ value: z.number(), currency: z.string(), estimated: z.boolean() }).optional(),
  /** Worth in the policy's cap currency (converted with market data), how it was reached, and whether a trigger fires at once. */
  worth: z.object({ value: z.number(), currency: z.string(), basis: z.string(), firesAtOnce: z.boolean().optional() }).optional(),
});
export type Summary = z.infer<typeof SummarySchema>;

/**
 * A held call as every surface gets it. All text in it that came from the agent or the upstream
 * (tool, client, summary) is inert already: safe to print as it is. `arguments` are the exact
 * values the approval is bound to (argsHash), for programs; to show them, print `argumentsText`.
 */
export const PendingApprovalSchema = z.object({
  id: z.string(),
  tool: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  /** The arguments as pretty JSON with controls, bidi and zero-width characters escaped, bounded. */
  argumentsText: z.string(),
  argsHash: z.string(),
  summary: SummarySchema,
  createdAt: z.string(),
  expiresAt: z.string(),
  client: z.string().optional(),
  /** The rule that held the call, and its reason. */
  rule: z.object({ id: z.string(), reason: z.string(), ruleId: z.string().optional() }).optional(),
  /** The market price the gateway fetched for the order, with where and when it came from. */
  price: z.object({ value: z.number(), source: z.string(), at: z.string(), pair: z.string().optional() }).optional(),
  /**
   * The order's risk tier, computed once in the core: `unusual` (why in `reasons`) is approved only
   * with `confirmRisk` after the person typed CONFIRM; `blocked` (the account cannot pay it) is not
   * approved as it is.
   */
  risk: z.object({ tier: z.enum(['normal', 'unusual', 'blocked']), reasons: z.array(z.string()) }).optional(),
  /** Pausing trading refuses this call while it waits (every financial call but a cancel), so a surface can say so before pausing. */
  stoppedByPause: z.boolean().optional(),
});
export type PendingApproval = z.infer<typeof PendingApprovalSchema>;

/**
 * What the upstream trades on, as far as Kraken Gate can know: the built-in paper exchange (no real
 * money), Kraken itself (kraken-mcp: real money), or a command it cannot tell (treat as real).
 * 'paper' comes only from the setting that started the built-in paper exchange, never from what an
 * upstream says of itself: an upstream that claims to be the paper exchange stays real money.
 * What the upstream says picks only between the two real-money names: a command (`serve -- …`, the
 * Settings' "command") whose initialize names kraken-mcp's server and whose tools/list is kraken-mcp's
 * tools is 'kraken', any other is 'unknown'. Both are real money and need the same presence.
 */
export const EXCHANGES = ['paper', 'kraken', 'unknown'] as const;
export type Exchange = (typeof EXCHANGES)[number];
/** How every surface names the exchange, and what is at stake on it. */
export const EXCHANGE_NAMES: Readonly<Record<Exchange, string>> = { paper: 'Paper exchange', kraken: 'Kraken (live)', unknown: 'Custom upstream' };
const EXCHANGE_STAKES: Readonly<Record<Exchange, string>> = { paper: 'no real money', kraken: 'real money', unknown: 'treat its orders as real' };
/** "Paper exchange: no real money", as the card, the header and `kraken-gate status` say it. */
export function describeExchange(exchange: Exchange): string {
  return `${EXCHANGE_NAMES[exchange]}: ${EXCHANGE_STAKES[exchange]}`;
}

export const UpstreamStatusSchema = z.object({
  state: z.enum(['starting', 'ready', 'restarting', 'stopped']),
  exchange: z.enum(EXCHANGES),
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
  /** The approval timeout this run uses (a --approval-timeout flag wins over the setting). */
  approvalTimeoutSeconds: z.number().optional(),
  /** Tools whose upstream definition changed since it was accepted; calls to them are blocked. */
  changedTools: z.array(z.string()),
  /** Present while the call log is at its size limit: every call is refused (nothing is deleted). */
  callLogFull: z.object({ bytes: z.number(), limitBytes: z.number(), message: z.string() }).optional(),
  /** The last edit of policy.json was refused (the previous rules still apply): when, and why. Gone once an edit applies. */
  policyRefused: z.object({ at: z.string(), errors: z.array(z.string()) }).optional(),
  presence: PresenceStatusSchema,
  /** Edits on disk that loosen something, waiting for the person (kraken-gate rules diff). */
  staged: StagedChangesSchema,
  /** The record of what a person confirmed was missing or altered at start: why, and what is in force instead. */
  confirmationProblem: z.string().optional(),
  refusedAttempts: z.array(RefusedAttemptSchema),
  /** The Telegram channel (approve from your phone), where the host runs one. */
  phone: PhoneStatusSchema.optional(),
  /** Agents paused by Deny & pause agent, while any is (a surface leaves out one whose `until` has passed). */
  pausedAgents: z.array(PausedAgentSchema).optional(),
});
export type Status = z.infer<typeof StatusSchema>;

const IdSchema = z.string().min(1).max(64);

/**
 * "Approve with changes": new values for some of a held order's arguments, by kraken-mcp's own
 * names (add_order: volume, price, price2, timeinforce; amend_order: order_qty, limit_price,
 * trigger_price, post_only). The core checks which fields and directions are allowed, and says why not.
 */
export const OrderChangesSchema = z
  .record(z.string().min(1).max(64), z.union([z.string().max(64), z.number(), z.boolean()]))
  .refine((changes) => Object.keys(changes).length >= 1 && Object.keys(changes).length <= 16, 'give 1 to 16 changes');
export type OrderChanges = z.infer<typeof OrderChangesSchema>;

/** One field a human changed: what the agent asked (null: not given) and what is sent instead. */
export const OrderChangeSchema = z.object({
  field: z.string(),
  from: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  to: z.union([z.string(), z.number(), z.boolean()]),
});

const EditInput = {
  changes: OrderChangesSchema,
  /** The human confirmed a limit price worse for the trader than the agent's (a buy's higher, a sell's lower). */
  allowWorsePrice: z.boolean().optional(),
};

export const PreviewChangesResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    id: z.string(),
    /** The held call as it would be sent: arguments, their hash (approve with it), the summary in words. */
    pending: PendingApprovalSchema,
    changes: z.array(OrderChangeSchema),
    /** "Approved with changes: volume 0.10 → 0.05", as the agent will read it. */
    note: z.string(),
  }),
  z.object({ ok: z.literal(false), id: z.string(), error: z.enum(['unknown-id', 'already-decided', 'invalid-changes']), message: z.string() }),
]);
export type PreviewChangesResult = z.infer<typeof PreviewChangesResultSchema>;

export const DecideResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    id: z.string(),
    decision: z.enum(['approved', 'approved-with-changes', 'rejected']),
    /** With approved-with-changes: the note the agent gets after the exchange's answer. */
    note: z.string().optional(),
  }),
  z.object({
    ok: z.literal(false),
    id: z.string(),
    /** invalid-changes: the edit is not allowed (the reason says why); the call is still waiting. */
    /** blocked: the account cannot pay the order; needs-confirmation: an unusual order, approve again with confirmRisk. */
    error: z.enum(['unknown-id', 'already-decided', 'args-mismatch', 'refused-by-rules', 'invalid-changes', 'blocked', 'needs-confirmation']),
    message: z.string(),
    /** With already-decided: how the call ended, who decided, and when (ISO). */
    decided: z.object({ decision: z.string(), by: z.string(), at: z.string() }).optional(),
  }),
]);
export type DecideResult = z.infer<typeof DecideResultSchema>;

const Empty = z.object({}).strict();

/**
 * Where the Kraken API keys the upstream gets come from. Never the keys themselves: no surface can
 * read them back, only replace or remove them.
 */
export const KeysStatusSchema = z.object({
  /** Whether Kraken Gate itself gives the upstream both keys (from `source`). */
  hasKeys: z.boolean(),
  /** keychain: stored encrypted by the desktop app (OS keychain); environment: KRAKEN_API_KEY/SECRET given to `serve`. */
  source: z.enum(['keychain', 'environment', 'none']),
  /** False where keys cannot be stored (the headless gateway reads its environment). */
  canSet: z.boolean(),
  /**
   * The upstream's own .env, when it runs a Python script (kraken-mcp reads the nearest .env itself,
   * for what its environment lacks): where, and which of the two key names it sets. Never the values.
   */
  upstreamDotEnv: z
    .object({
      /** The .env found; when none was, where one beside the script would be read. */
      path: z.string(),
      found: z.boolean(),
      names: z.array(z.enum(['KRAKEN_API_KEY', 'KRAKEN_API_SECRET'])),
      /** Why a .env that is there could not be read (EACCES …). */
      unreadable: z.string().optional(),
    })
    .optional(),
});
export type KeysStatus = z.infer<typeof KeysStatusSchema>;
export type UpstreamDotEnv = NonNullable<KeysStatus['upstreamDotEnv']>;

/**
 * Where the keys the upstream will use come from, as `kraken-gate keys status` and Settings say it:
 * what Kraken Gate gives it first (python-dotenv never overrides the environment), else its own .env.
 */
export function describeKeys(status: KeysStatus): { state: 'set' | 'incomplete' | 'not set' | 'unknown'; where: string } {
  const file = status.upstreamDotEnv;
  const fileHasSome = file?.found === true && file.names.length > 0;
  if (status.hasKeys) {
    const from = status.source === 'keychain' ? 'stored in the OS keychain by the desktop app' : 'from KRAKEN_API_KEY/KRAKEN_API_SECRET in the environment';
    return { state: 'set', where: fileHasSome ? `${from}; they win over the ones in ${file.path}` : from };
  }
  if (!file) return { state: 'not set', where: 'none set' };
  if (!file.found) return { state: 'not set', where: `none set: not given by Kraken Gate, and no ${file.path}` };
  if (file.unreadable) return { state: 'unknown', where: `not given by Kraken Gate; ${file.path} could not be read here (${file.unreadable})` };
  if (file.names.length === 2) return { state: 'set', where: `in ${file.path}, which the upstream reads itself` };
  if (file.names.length === 1) {
    const [name] = file.names;
    return { state: 'incomplete', where: `${file.path} sets ${name} but not ${name === 'KRAKEN_API_KEY' ? 'KRAKEN_API_SECRET' : 'KRAKEN_API_KEY'}` };
  }
  return { state: 'not set', where: `${file.path} sets neither KRAKEN_API_KEY nor KRAKEN_API_SECRET` };
}

const ResultSchema = z.object({ ok: z.boolean(), message: z.string() });

/** The upstream MCP server behind the gateway: the built-in paper exchange, kraken-mcp, or any command. */
export const UpstreamSettingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('paper') }).strict(),
  z.object({ kind: z.literal('kraken-mcp'), python: z.string().min(1).max(1024), script: z.string().min(1).max(1024) }).strict(),
  z.object({ kind: z.literal('command'), command: z.string().min(1).max(1024), args: z.array(z.string().max(1024)).max(64) }).strict(),
]);
export type UpstreamSetting = z.infer<typeof UpstreamSettingSchema>;

/**
 * What a user sets once and both hosts (desktop app, `kraken-gate serve`) read from settings.json
 * in the data dir; command-line flags override them for one run. API keys are not settings.
 */
export const SettingsSchema = z
  .object({
    port: z.number().int().min(1).max(65535),
    upstream: UpstreamSettingSchema,
    approvalTimeoutSeconds: z.number().int().min(10).max(3600),
    /** Orders worth less than this (USD) may be approved from the notification itself; above: Review. */
    inlineApproveMaxUsd: z.number().min(0).max(1e12),
    /** Orders worth less than this (USD) may be approved with one tap in the paired Telegram chat; above: on the computer. */
    phoneApproveMaxUsd: z.number().min(0).max(1e12),
    logKeepDays: z.number().int().min(1).max(36500),
    logMaxMb: z.number().int().min(16).max(1024 * 1024),
    startAtLogin: z.boolean(),
    /** When riskier actions need a presence proof (PRESENCE_MODES). */
    presence: z.enum(PRESENCE_MODES),
    /**
     * The desktop app on a Mac with Touch ID: an approval of an order worth this much (USD) or more,
     * or of one whose worth is unknown, also asks for a fingerprint. null: never.
     */
    touchIdAboveUsd: z.number().min(0).max(1e12).nullable(),
    /**
     * When a held order is unusual (approved only after typing CONFIRM): a limit this far (%) past
     * the market on the costly side, this share (%) of the daily cap, this share (%) of what the
     * account holds. Raising one is a riskier change.
     */
    riskThresholds: z
      .object({ distancePercent: z.number().min(0).max(1000), dailyCapPercent: z.number().min(0).max(100), balancePercent: z.number().min(0).max(100) })
      .strict(),
  })
  .strict();
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  port: 8787,
  upstream: { kind: 'paper' },
  approvalTimeoutSeconds: 120,
  inlineApproveMaxUsd: 1000,
  phoneApproveMaxUsd: 1000,
  logKeepDays: 90,
  logMaxMb: 1024,
  startAtLogin: false,
  presence: 'auto',
  touchIdAboveUsd: null,
  riskThresholds: { distancePercent: 3, dailyCapPercent: 50, balancePercent: 90 },
};

export const SettingsViewSchema = z.object({
  settings: SettingsSchema,
  /** Where settings.json lives, for a person who wants to edit it by hand. */
  path: z.string(),
  /** Settings saved but not yet in effect until the gateway restarts (e.g. the port). */
  restartRequired: z.array(SettingsSchema.keyof()),
  /** Set when the file on disk was unreadable and defaults are in use: why. */
  problem: z.string().optional(),
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

export const UpdateSettingsResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), view: SettingsViewSchema }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
/** pause/resume: the status after, and `changed: false` when it already was paused (resumed). */
const SwitchResultSchema = StatusSchema.extend({ changed: z.boolean().optional() });

export const gateApi = {
  status: { input: Empty, output: StatusSchema },
  pending: { input: Empty, output: z.array(PendingApprovalSchema) },
  /**
   * With `changes`: approve with changes. The changed order is checked, re-checked against the
   * rules and sent exactly as previewChanges showed it; `argsHash` is then the changed arguments'.
   */
  approve: {
    input: z
      .object({
        id: IdSchema,
        argsHash: z.string().optional(),
        changes: EditInput.changes.optional(),
        allowWorsePrice: EditInput.allowWorsePrice,
        code: PresenceCodeSchema.optional(),
        /**
         * An unusual order's confirmation after reading why (risk.reasons): what the person typed
         * (CONFIRM, or the order's amount; the core checks it), or true where the surface asked itself.
         */
        confirmRisk: z.union([z.boolean(), z.string().max(64)]).optional(),
      })
      .strict(),
    output: DecideResultSchema,
  },
  /** A held order as it would be with these changes, in words, without deciding anything. */
  previewChanges: {
    input: z.object({ id: IdSchema, ...EditInput }).strict(),
    output: PreviewChangesResultSchema,
  },
  deny: {
    input: z.object({ id: IdSchema, reason: z.string().max(500).optional() }).strict(),
    output: DecideResultSchema,
  },
  pause: { input: Empty, output: SwitchResultSchema },
  /** Riskier: lifts the pause only with a presence proof where one is required. */
  resume: { input: z.object({ code: PresenceCodeSchema.optional() }).strict(), output: SwitchResultSchema },
  settings: { input: Empty, output: SettingsViewSchema },
  /**
   * Changes some settings; the rest stay. Refused as a whole when any value is invalid. Riskier
   * changes (upstream, approval timeout, a higher notification limit, presence) need a proof.
   */
  updateSettings: { input: z.object({ changes: SettingsSchema.partial(), code: PresenceCodeSchema.optional() }).strict(), output: UpdateSettingsResultSchema },
  keys: { input: Empty, output: KeysStatusSchema },
  /** Write-only: the upstream is restarted with the new keys. */
  setKeys: {
    input: z.object({ apiKey: z.string().trim().min(1).max(512), apiSecret: z.string().trim().min(1).max(512), code: PresenceCodeSchema.optional() }).strict(),
    output: ResultSchema,
  },
  clearKeys: { input: Empty, output: ResultSchema },
  acceptTool: {
    input: z.object({ name: z.string().min(1).max(128), code: PresenceCodeSchema.optional() }).strict(),
    output: ResultSchema,
  },
  /**
   * Puts a change staged from disk in force (policy.json's loosening edit, or settings.json's
   * riskier changes), bound to the hash of what the person reviewed.
   */
  applyStaged: {
    input: z.object({ what: z.enum(['rules', 'settings']), hash: z.string().min(1).max(128), code: PresenceCodeSchema.optional() }).strict(),
    output: ResultSchema,
  },
  /**
   * Creates the authenticator secret (or replaces it, with a current code or a click) and returns
   * it once, as an otpauth:// URI and a QR code (SVG), for the person's authenticator app.
   */
  setupPresence: {
    input: z.object({ code: PresenceCodeSchema.optional() }).strict(),
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), otpauthUri: z.string(), secret: z.string(), qrSvg: z.string(), replaced: z.boolean() }),
      z.object({ ok: z.literal(false), message: z.string() }),
    ]),
  },
  /** The served window: a valid code unlocks its riskier actions for a few minutes ("sudo mode"). */
  unlock: {
    input: z.object({ code: PresenceCodeSchema }).strict(),
    output: z.object({ ok: z.boolean(), message: z.string(), unlockedUntil: z.string().optional() }),
  },
  /** Ends the served window's unlock at once. */
  lock: { input: Empty, output: ResultSchema },
  /** One page of the call log, newest first; the same filters as `kraken-gate log`. */
  log: { input: LogQueryInputSchema, output: LogPageSchema },
  /** Calls per hour by decision for the filtered view (the Call log's chart). */
  logStats: { input: LogFilterSchema, output: LogStatsSchema },
  /** The filtered view as a CSV or JSON file's content. */
  exportLog: { input: LogExportInputSchema, output: LogExportSchema },
  ...policyMethods,
  /**
   * Starts the given upstream on the side (not the running one), lists its tools and stops it:
   * "Test connection" before saving it in Settings.
   */
  testUpstream: { input: z.object({ upstream: UpstreamSettingSchema }).strict(), output: TestUpstreamResultSchema },
  ...connectMethods,
  ...phoneMethods,
  ...agentPauseMethods,
  ...approveAllMethods,
} as const;

export type GateApiMethod = keyof typeof gateApi;

/** Whether a method takes the person's presence code (`code`): the riskier ones do. */
export function takesPresenceCode(method: GateApiMethod): boolean {
  const schema = gateApi[method].input as unknown as { shape?: Record<string, unknown> };
  return schema.shape !== undefined && 'code' in schema.shape;
}

/**
 * The methods that always need a proof where presence is required (others only for some inputs):
 * a surface that can ask asks before sending, so the person's own try is not logged as refused.
 */
export const ALWAYS_RISKIER: ReadonlySet<GateApiMethod> = new Set(['approve', 'resume', 'acceptTool', 'applyStaged', 'setKeys', 'phoneSetup', 'phonePair', 'phoneUnpair', 'resumeAgent', 'approveAll']);

/** How the control API refuses a riskier action without a proof (HTTP 403). */
export const PresenceRefusalSchema = z.object({
  error: z.literal('presence-required'),
  reason: z.enum(['no-code', 'not-set-up', 'wrong-code', 'replayed', 'locked']),
  message: z.string(),
  retryAfterMs: z.number().optional(),
});
export type PresenceRefusal = z.infer<typeof PresenceRefusalSchema>;
export type GateApiInput<M extends GateApiMethod> = z.input<(typeof gateApi)[M]['input']>;
export type GateApiOutput<M extends GateApiMethod> = z.output<(typeof gateApi)[M]['output']>;

/** What `window.gate` is in the renderer, and what the HTTP bridge and CLI client implement. */
export type GateApi = { [M in GateApiMethod]: (input: GateApiInput<M>) => Promise<GateApiOutput<M>> };

/** Events pushed to surfaces (IPC in the desktop app, Server-Sent Events in headless mode). */
export const GateEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: StatusSchema }),
  z.object({ type: z.literal('pending-added'), pending: PendingApprovalSchema }),
  z.object({ type: z.literal('pending-decided'), id: z.string(), decision: z.string(), by: z.string() }),
  /** A waiting call priced again against the market (its words, price and risk tier; never its arguments). */
  z.object({ type: z.literal('pending-updated'), pending: PendingApprovalSchema }),
  /** A call was recorded (durably) in the call log. */
  z.object({ type: z.literal('record-appended'), record: LogRecordSchema }),
  /** policy.json changed on disk (saved from a surface or edited outside) and was applied, or refused. */
  z.object({ type: z.literal('policy-changed'), ok: z.boolean(), errors: z.array(z.string()), warnings: z.array(z.string()) }),
  /** The upstream's tool list changed, or a tool's definition was accepted. */
  z.object({ type: z.literal('tools-changed') }),
]);
export type GateEvent = z.infer<typeof GateEventSchema>;
