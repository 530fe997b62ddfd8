// One line of the call log. The schema is the reader's contract: a line that does not parse into it
// (a torn write, a hand edit, a future field of the wrong type) is skipped, never the file.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { PROOFS } from '../../../preload/api-log.js';
import { canonicalJson, hashArguments } from '../text/canonical-json.js';
import { escapeJsonText } from '../text/inert.js';
import { SecretMask } from '../text/secret-mask.js';
import type { Decider, DecisionKind } from '../types.js';
import { RECORD_LIMITS, boundArguments, fitText } from './bounds.js';
import { redactArguments, redactText, secretArgumentValues } from './redact.js';

export const DECISION_KINDS = ['allowed', 'denied', 'approved', 'rejected', 'expired', 'cancelled'] as const satisfies readonly DecisionKind[];
export const DECIDERS = ['policy', 'notification', 'tray', 'window', 'cli', 'web', 'telegram', 'timeout', 'client', 'shutdown', 'restart'] as const satisfies readonly Decider[];
// Fails to compile when types.ts grows a kind the log could not store.
const _allDecisions: Exclude<DecisionKind, (typeof DECISION_KINDS)[number]> extends never ? true : never = true;
const _allDeciders: Exclude<Decider, (typeof DECIDERS)[number]> extends never ? true : never = true;

const SHA256_HEX = /^[0-9a-f]{64}$/;
const ChangeValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * A call a human approved with changes (approvals/order-edit.ts): the record's `arguments` are the
 * ones sent to the exchange; these are the ones the agent sent, and who changed which field.
 */
export const callEditSchema = z.object({
  /** Redacted and bounded like `arguments` (`{}` if they were too large to keep). */
  agentArguments: z.record(z.string(), z.unknown()),
  agentArgsHash: z.string().regex(SHA256_HEX),
  by: z.enum(DECIDERS),
  changes: z.array(z.object({ field: z.string(), from: ChangeValue, to: ChangeValue })).max(16),
});
export type CallEdit = z.infer<typeof callEditSchema>;

export const OUTCOME_STATUSES = ['ok', 'error', 'not-forwarded', 'unknown'] as const;

export const callOutcomeSchema = z.object({
  /**
   * `not-forwarded`: the gate answered itself (denied, rejected, expired, cancelled). `unknown`: a
   * state-changing call was sent and its answer never came (the upstream died, timed out) or did not
   * say: it may have taken effect, and counts against the caps as if it had.
   */
  status: z.enum(OUTCOME_STATUSES),
  /** The upstream's error message, or why nothing was forwarded. */
  message: z.string().optional(),
  /** A short human summary of the result ("XBTUSD last 64 123.4"). */
  summary: z.string().optional(),
});

export const callRecordSchema = z.object({
  id: z.string().min(1),
  // Always `toISOString()` form: readers compare timestamps as strings without parsing the line.
  ts: z.iso.datetime({ precision: 3 }),
  session: z.string(),
  client: z.string().optional(),
  tool: z.string(),
  decision: z.enum(DECISION_KINDS),
  /** The rule that decided (or held the call for a person), by its place: `tools.add_order.approve_if[0]`, `default`. */
  rule: z.string(),
  /** Its own id when the rule entry has one (`r-7kq2`): the name that survives edits (preload/rule-ref.ts). */
  ruleId: z.string().optional(),
  /** Its fingerprint then: whether the rule there now still says the same. */
  ruleHash: z.string().optional(),
  /** A held call: what the rule that held it said (the card's "Held by"). */
  ruleReason: z.string().optional(),
  decidedBy: z.enum(DECIDERS),
  /** Time a human took (or the timeout ran), when the call was held. */
  waitedMs: z.number().nonnegative().optional(),
  /** Time the upstream took, when the call was forwarded. */
  upstreamMs: z.number().nonnegative().optional(),
  /** sha256 of the canonical JSON of the arguments as sent, before redaction. */
  argsHash: z.string().regex(SHA256_HEX),
  /** The arguments with secrets replaced by "[redacted]"; `{}` when they were cut (argumentsCut). */
  arguments: z.record(z.string(), z.unknown()),
  /** Arguments too large to keep (RECORD_LIMITS): the start of their JSON, and its full size in bytes. */
  argumentsCut: z.object({ prefix: z.string(), bytes: z.number().int().nonnegative() }).optional(),
  outcome: callOutcomeSchema,
  /** The text the agent got when the call was not forwarded. */
  reason: z.string().optional(),
  /** Present when a human approved the call with changes. */
  edited: callEditSchema.optional(),
  /** A person's decision or action: how they proved they were there (a click, a code, an unlocked window). */
  presence: z.enum(PROOFS).optional(),
  /** An order's worth against the caps, in the cap currency, and how it was reached ("≈ 600 USD (0.2 ETH × 0.06 XBT …)"). */
  worth: z.string().max(500).optional(),
  /** A held call: the approval id its card showed, so a surface can tie its card to this record. */
  approvalId: z.string().max(64).optional(),
});

export type CallOutcome = z.infer<typeof callOutcomeSchema>;
export type CallRecord = z.infer<typeof callRecordSchema>;

/**
 * What the pipeline hands to the store: the record with the arguments exactly as sent. The store
 * stamps `id` and `ts` when absent, hashes the arguments when no hash is given, and redacts.
 */
export type CallRecordInput = Omit<CallRecord, 'id' | 'ts' | 'argsHash' | 'argumentsCut' | 'edited'> & {
  /** The agent's arguments exactly as sent by it (redacted and hashed here). */
  edited?: Omit<CallEdit, 'agentArgsHash'> & { agentArgsHash?: string };
  id?: string;
  ts?: string | Date;
  argsHash?: string;
};

export interface CreateRecordOptions {
  /** Values to mask wherever they appear (the API key and secret given to the upstream). */
  secrets?: SecretMask;
}

/**
 * Builds the record to write: stamped, hashed, redacted, bounded, validated, with keys in a fixed
 * order. The order is part of the format: `id` then `ts` lead every line so a reader can find the
 * time without parsing, and the query's raw-line prefilters rely on JSON.stringify's compact form.
 * Redaction: secrets by name and shape (redact.ts), and by value — the given secrets, and the
 * values of the call's own secret arguments wherever the upstream's answer repeats them.
 */
export function createCallRecord(input: CallRecordInput, now: Date = new Date(), options: CreateRecordOptions = {}): CallRecord {
  const ts = input.ts === undefined ? now : new Date(input.ts);
  if (Number.isNaN(ts.getTime())) throw new RangeError(`call record: invalid ts ${String(input.ts)}`);
  const secrets = options.secrets ?? SecretMask.none;
  const echoed = secretArgumentValues(input.arguments);
  const mask = echoed.length ? new SecretMask(echoed) : SecretMask.none;
  const clean = (s: string) => secrets.apply(mask.apply(redactText(s)));
  const name = (s: string) => fitText(s, RECORD_LIMITS.nameBytes);
  const text = (s: string) => fitText(clean(s), RECORD_LIMITS.textBytes);
  const keep = (a: Readonly<Record<string, unknown>>) => boundArguments(maskStrings(redactArguments(a), secrets));
  const args = keep(input.arguments);
  // Built in the order of the format, absent fields left out rather than deleted afterwards: a
  // deleted property turns the object into a slow dictionary, for JSON.stringify too.
  const record = { id: input.id ?? randomUUID(), ts: ts.toISOString(), session: name(input.session) } as CallRecord;
  if (input.client !== undefined) record.client = name(secrets.apply(input.client));
  record.tool = name(input.tool);
  record.decision = input.decision;
  record.rule = name(input.rule);
  if (input.ruleId !== undefined) record.ruleId = name(input.ruleId);
  if (input.ruleHash !== undefined) record.ruleHash = name(input.ruleHash);
  if (input.ruleReason !== undefined) record.ruleReason = text(input.ruleReason);
  record.decidedBy = input.decidedBy;
  if (input.waitedMs !== undefined) record.waitedMs = input.waitedMs;
  if (input.upstreamMs !== undefined) record.upstreamMs = input.upstreamMs;
  record.argsHash = input.argsHash ?? hashArguments(input.arguments);
  record.arguments = args.arguments;
  if (args.argumentsCut) record.argumentsCut = args.argumentsCut;
  const outcome: CallRecord['outcome'] = { status: input.outcome.status };
  if (input.outcome.message !== undefined) outcome.message = text(input.outcome.message);
  if (input.outcome.summary !== undefined) outcome.summary = text(input.outcome.summary);
  record.outcome = outcome;
  if (input.reason !== undefined) record.reason = text(input.reason);
  if (input.edited) {
    record.edited = {
      agentArguments: keep(input.edited.agentArguments).arguments,
      agentArgsHash: input.edited.agentArgsHash ?? hashArguments(input.edited.agentArguments),
      by: input.edited.by,
      changes: input.edited.changes.map((c) => ({ field: name(c.field), from: changeValue(c.from, clean), to: changeValue(c.to, clean) })),
    };
  }
  if (input.presence !== undefined) record.presence = input.presence;
  if (input.worth !== undefined) record.worth = fitText(clean(input.worth), 500);
  if (input.approvalId !== undefined) record.approvalId = name(input.approvalId);
  // Check what will be written (not the input) so a bad field fails the append, loudly, instead
  // of producing a line every reader would silently skip. By hand, not with the schema: the types
  // and the builder above guarantee the rest, and a zod parse of every record cost more per call
  // than the gateway's whole policy evaluation. The tests hold built records to the schema.
  checkBuilt(record);
  return record;
}

const decisionKinds: ReadonlySet<string> = new Set(DECISION_KINDS);
const deciders: ReadonlySet<string> = new Set(DECIDERS);
const outcomeStatuses: ReadonlySet<string> = new Set(OUTCOME_STATUSES);

/** What the types cannot promise about a record built from a caller's input (the schema's other rules). */
function checkBuilt(record: CallRecord): void {
  const bad = (field: string, value: unknown) => new TypeError(`call record: invalid ${field} ${JSON.stringify(value)}`);
  if (typeof record.id !== 'string' || record.id.length === 0) throw bad('id', record.id);
  if (!decisionKinds.has(record.decision)) throw bad('decision', record.decision);
  if (!deciders.has(record.decidedBy)) throw bad('decidedBy', record.decidedBy);
  if (!outcomeStatuses.has(record.outcome.status)) throw bad('outcome.status', record.outcome.status);
  if (!SHA256_HEX.test(record.argsHash)) throw bad('argsHash', record.argsHash);
  for (const field of ['waitedMs', 'upstreamMs'] as const) {
    const value = record[field];
    if (value !== undefined && !(typeof value === 'number' && value >= 0)) throw bad(field, value);
  }
  for (const field of ['session', 'tool', 'rule'] as const) if (typeof record[field] !== 'string') throw bad(field, record[field]);
  if (record.presence !== undefined && !PROOFS.includes(record.presence)) throw bad('presence', record.presence);
  // Rare (a human changed the order before approving it): checked by its schema.
  if (record.edited !== undefined) callEditSchema.parse(record.edited);
}

function changeValue(value: string | number | boolean | null, clean: (s: string) => string): string | number | boolean | null {
  return typeof value === 'string' ? fitText(clean(value), RECORD_LIMITS.nameBytes) : value;
}

/** A deep copy with `mask` applied to every string, keys included. */
function maskStrings(value: Record<string, unknown>, mask: SecretMask): Record<string, unknown> {
  if (!mask.active) return value; // no secret given (the paper exchange): nothing to copy
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return mask.apply(v);
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(walk);
    return Object.fromEntries(Object.entries(v).map(([k, item]) => [mask.apply(k), walk(item)]));
  };
  return walk(value) as Record<string, unknown>;
}

/**
 * JSON as the log writes it: JSON.stringify's compact form, with every character inert() would
 * escape written as a JSON escape too (escapeJsonText): C1 controls, bidi overrides, zero-width
 * characters, U+2028 and U+2029. JSON allows those raw, but a terminal that `cat`s the file would
 * act on them, and many line readers break a line at U+2028 (one record would read as two damaged
 * ones). JSON.parse reads the escapes back as the exact characters: the log keeps the exact text.
 */
export function logJson(value: unknown): string {
  return escapeJsonText(JSON.stringify(value));
}

/** Parses one log line; undefined for anything that is not a valid record. */
export function parseRecordLine(line: string): CallRecord | undefined {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = callRecordSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

export { canonicalJson, hashArguments };
