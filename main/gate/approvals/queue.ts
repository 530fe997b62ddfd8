// Held tool calls waiting for a human. Each call is held until exactly one of: a surface decides
// it, its time runs out, the client withdraws it (or goes away), it is denied in bulk (financial
// pause), or Kraken Gate shuts down. The first of these wins; every later attempt is refused, so
// two surfaces racing cannot both act.
import type { Proof } from '../presence/caller.js';
import { Emitter, type Event } from '../events.js';
import { AgentGone, type DecisionKind, type Decider, type ToolCall } from '../types.js';
import { deepFreeze } from './freeze.js';
import { hashArguments } from '../text/canonical-json.js';
import { newApprovalId, normalizeApprovalId } from './ids.js';
import type { OrderChange } from './order-edit.js';
import { isRiskConfirmation, type Risk } from './risk.js';
import type { Summary } from './summary.js';

/** `approved-with-changes`: approved as a human edited it (order-edit.ts); the log records it as approved, with the changes. */
export type ApprovalDecision = Extract<DecisionKind, 'approved' | 'rejected' | 'expired' | 'cancelled'> | 'approved-with-changes';

export interface ApprovalOrigin {
  sessionId: string;
  clientName?: string;
}

/** Why the call is held, and the market price the gateway had for it: shown beside the summary. */
export interface HoldContext {
  /** The rule's place in the policy (`id`), its stable id when it has one (`ruleId`), and its reason. */
  rule?: { id: string; reason: string; ruleId?: string };
  price?: { value: number; source: string; at: string; pair?: string };
  /** The order's risk tier (risk.ts): an unusual one is approved only with `confirmRisk`, a blocked one not at all. */
  risk?: Risk;
}

export interface HoldRequest extends ToolCall, HoldContext {
  /** Built from these same arguments (summarizeCall) before holding. */
  summary: Summary;
  origin?: ApprovalOrigin;
  /** Overrides the queue's timeout for this call. */
  timeoutMs?: number;
  /** Aborted when the client cancels the request or its session ends. */
  signal?: AbortSignal;
  /**
   * The rules' word at the moment a human approves, run inside `decide` so that nothing can come
   * between it and the approval (the daily cap: checked and reserved there). A refusal turns the
   * approval into a rejection by the policy, and `decide` answers 'refused-by-rules'.
   */
  onApprove?: ApproveCheck;
  /** Gives back what `onApprove` reserved, when a batch it passed in was not approved as a whole (decideAll). */
  onUndoApprove?: () => void;
}

/**
 * The rules' check at approval; given the edited arguments when a human approves with changes
 * (the changed order is judged as it will be sent, not as the agent asked).
 */
export type ApproveCheck = (edited?: Readonly<Record<string, unknown>>) => RulesRefusal | undefined;

/** Why the rules refused an approval: the rule id for the log, the reason for the agent and the human. */
export interface RulesRefusal {
  rule: string;
  reason: string;
}

export interface ApprovalOutcome {
  decision: ApprovalDecision;
  by: Decider;
  proof?: Proof;
  reason?: string;
  waitedMs: number;
  /** A deep-frozen copy taken at hold time: send exactly these upstream, never the caller's object. */
  arguments: Readonly<Record<string, unknown>>;
  /** Set when the rules refused a human's approval (HoldRequest.onApprove). */
  rule?: string;
  /** With approved-with-changes: what the human changed; `arguments` are then the edited ones. */
  changes?: readonly OrderChange[];
}

export interface HeldCall {
  id: string;
  argsHash: string;
  /** Resolves exactly once and never rejects. */
  outcome: Promise<ApprovalOutcome>;
}

export interface PendingApproval extends HoldContext {
  id: string;
  tool: string;
  arguments: Readonly<Record<string, unknown>>;
  argsHash: string;
  summary: Summary;
  createdAt: string;
  expiresAt: string;
  origin?: ApprovalOrigin;
}

export interface DecideRequest {
  approve: boolean;
  by: Decider;
  /** How the person proved they were there (an approval from the CLI needed a code). */
  proof?: Proof;
  reason?: string;
  /** The hash of the arguments the surface showed; when given it must match the held call's. */
  argsHash?: string;
  /**
   * Approve these arguments instead of the held ones (checked by order-edit.ts before). `argsHash`,
   * when given, must then be theirs. If the rules refuse the edited call it stays waiting: the
   * human may try a smaller change, approve it as it is, or deny it.
   */
  edit?: { arguments: Readonly<Record<string, unknown>>; changes: readonly OrderChange[] };
  /**
   * An unusual order's confirmation: what the person typed (CONFIRM, or the order's amount), checked
   * here with isRiskConfirmation; or true from a surface that asked for it itself (the CLI's --confirm-risk).
   */
  confirmRisk?: boolean | string;
}

export type DecideError = 'already-decided' | 'unknown-id' | 'args-mismatch' | 'refused-by-rules' | 'invalid-changes' | 'blocked' | 'needs-confirmation';
/** `reason` comes with 'refused-by-rules' (what the human is told); `decided` with 'already-decided'. */
export type DecideResult = { ok: true; outcome: ApprovalOutcome } | { ok: false; error: DecideError; reason?: string; decided?: DecidedBefore };

/** How a call that is no longer waiting ended, so a late "approve" can say who was first, and when. */
export interface DecidedBefore {
  decision: ApprovalDecision;
  by: Decider;
  /** ISO time of the decision. */
  at: string;
}

/** One call of a batch a surface showed: its id and the hash of the arguments shown. */
export interface BatchItem {
  id: string;
  argsHash: string;
}

/** A batch approved as a whole, or not at all: then which calls kept it from going through, and why. */
export type DecideAllResult = { ok: true; ids: string[]; outcomes: ApprovalOutcome[] } | { ok: false; blockers: Array<{ id: string; reason: string }> };

export interface ApprovalDecided {
  approval: PendingApproval;
  outcome: ApprovalOutcome;
}

export interface ApprovalQueueOptions {
  /** Default 120 000 (120 s). */
  timeoutMs?: number;
  now?: () => number;
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  newId?: () => string;
  /** How many decided ids to remember, to answer 'already-decided' rather than 'unknown-id'. Default 10 000. */
  rememberDecided?: number;
}

export const DEFAULT_APPROVAL_TIMEOUT_MS = 120_000;
export const SHUTDOWN_REASON = 'Kraken Gate is shutting down; the call was not sent. Try again once it is back.';
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Held {
  approval: PendingApproval;
  createdMs: number;
  expiresMs: number;
  timer: unknown;
  resolve: (outcome: ApprovalOutcome) => void;
  detach: () => void;
  onApprove?: ApproveCheck;
  onUndoApprove?: () => void;
  outcome?: ApprovalOutcome;
}

export class ApprovalQueue {
  private readonly held = new Map<string, Held>();
  private readonly decided = new Map<string, DecidedBefore>();
  private readonly added = new Emitter<PendingApproval>();
  private readonly decidedEmitter = new Emitter<ApprovalDecided>();
  private readonly updatedEmitter = new Emitter<PendingApproval>();
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly newId: () => string;
  private readonly rememberDecided: number;
  /** Set by shutDown(): nothing waits any more, a call held from now on is withdrawn at once. */
  private closed = false;

  /** A call started waiting. */
  readonly onDidAdd: Event<PendingApproval> = this.added.event;
  /** A call stopped waiting, for whatever reason; fires exactly once per held call. */
  readonly onDidDecide: Event<ApprovalDecided> = this.decidedEmitter.event;
  /** A waiting call was put into words again against a fresher market (refresh). */
  readonly onDidUpdate: Event<PendingApproval> = this.updatedEmitter.event;

  constructor(options: ApprovalQueueOptions = {}) {
    this.timeoutMs = checkTimeout(options.timeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS);
    // Read the globals at call time, so fake timers installed after construction still apply.
    this.now = options.now ?? (() => Date.now());
    this.setTimer = options.setTimeout ?? ((callback, ms) => globalThis.setTimeout(callback, ms));
    this.clearTimer = options.clearTimeout ?? ((handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.newId = options.newId ?? (() => newApprovalId());
    this.rememberDecided = options.rememberDecided ?? 10_000;
  }

  hold(request: HoldRequest): HeldCall {
    const raw: unknown = request.arguments;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new TypeError('hold: arguments must be an object');
    // A JSON round trip gives exactly what goes on the wire, detached from the caller's object.
    const args = deepFreeze(JSON.parse(JSON.stringify(request.arguments)) as Record<string, unknown>);
    const argsHash = hashArguments(args);
    const timeoutMs = checkTimeout(request.timeoutMs ?? this.timeoutMs);
    const id = this.uniqueId();
    const createdMs = this.now();
    const approval: PendingApproval = deepFreeze({
      id,
      tool: request.tool,
      arguments: args,
      argsHash,
      summary: structuredClone(request.summary),
      createdAt: new Date(createdMs).toISOString(),
      expiresAt: new Date(createdMs + timeoutMs).toISOString(),
      ...(request.origin && { origin: pickOrigin(request.origin) }),
      ...(request.rule && { rule: { id: request.rule.id, reason: request.rule.reason, ...(request.rule.ruleId && { ruleId: request.rule.ruleId }) } }),
      ...(request.price && { price: { ...request.price } }),
      ...(request.risk && { risk: { tier: request.risk.tier, reasons: [...request.risk.reasons] } }),
    });

    let resolve!: (outcome: ApprovalOutcome) => void;
    const outcome = new Promise<ApprovalOutcome>((r) => (resolve = r));
    const entry: Held = { approval, createdMs, expiresMs: createdMs + timeoutMs, timer: undefined, resolve, detach: () => undefined, onApprove: request.onApprove, onUndoApprove: request.onUndoApprove };
    this.held.set(id, entry);
    entry.timer = this.setTimer(() => {
      this.settle(entry, 'expired', 'timeout', `Approval timed out after ${formatSeconds(timeoutMs)} s`);
    }, timeoutMs);
    const signal = request.signal;
    if (signal && !signal.aborted) {
      const onAbort = (): void => void this.settle(entry, 'cancelled', 'client', withdrawnReason(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      // A session-wide signal outlives many calls: stop listening once this one is settled.
      entry.detach = () => signal.removeEventListener('abort', onAbort);
    }

    this.added.fire(approval);
    // Already withdrawn before it was held: still one add and one decide, like every other call.
    if (signal?.aborted) this.settle(entry, 'cancelled', 'client', withdrawnReason(signal));
    else if (this.closed) this.settle(entry, 'cancelled', 'shutdown', SHUTDOWN_REASON);
    return { id, argsHash, outcome };
  }

  /** Single use: the first decision wins. A wrong `argsHash` is refused and leaves the call waiting. */
  decide(id: string, request: DecideRequest): DecideResult {
    const entry = this.held.get(normalizeApprovalId(id));
    if (!entry) return this.notWaiting(id);
    if (request.approve) {
      const friction = riskFriction(entry.approval, request);
      if (friction) return friction;
    }
    if (request.edit && request.approve) return this.approveEdited(entry, request, request.edit);
    if (request.argsHash !== undefined && request.argsHash !== entry.approval.argsHash) return { ok: false, error: 'args-mismatch' };
    const refusal = request.approve ? entry.onApprove?.() : undefined;
    if (refusal) {
      this.settle(entry, 'rejected', 'policy', refusal.reason, refusal.rule);
      return { ok: false, error: 'refused-by-rules', reason: refusal.reason };
    }
    const outcome = request.approve
      ? this.settle(entry, 'approved', request.by, request.reason, undefined, undefined, request.proof)
      : this.settle(entry, 'rejected', request.by, request.reason ?? `Rejected by the user (${request.by})`, undefined, undefined, request.proof);
    return { ok: true, outcome };
  }

  /**
   * Approves every call of `batch` as it was shown, or none (Approve all): each must still wait with
   * the arguments shown, need no more friction than one step, and pass `blocker` (the surfaces'
   * rule, preload/approve-all.ts); then the rules' last word runs for each in turn, and a refusal
   * gives back what the ones before it reserved. Nothing is awaited, so nothing comes in between.
   * `checkOnly`: the same checks, everything given back, nothing decided (a surface asks before a proof).
   */
  decideAll(batch: readonly BatchItem[], request: Pick<DecideRequest, 'by' | 'proof'>, blocker: (approval: PendingApproval) => string | undefined, checkOnly = false): DecideAllResult {
    const entries: Held[] = [];
    const blockers: Array<{ id: string; reason: string }> = [];
    for (const { id, argsHash } of batch) {
      const entry = this.held.get(normalizeApprovalId(id));
      const why = entry ? this.batchBlocker(entry, argsHash, entries, blocker) : this.decided.has(normalizeApprovalId(id)) ? 'it was decided meanwhile' : 'it is no longer waiting';
      if (why !== undefined) blockers.push({ id, reason: why });
      else entries.push(entry!);
    }
    if (blockers.length) return { ok: false, blockers };
    const checked: Held[] = [];
    for (const entry of entries) {
      const refusal = entry.onApprove?.();
      if (refusal) {
        for (const before of checked) before.onUndoApprove?.();
        return { ok: false, blockers: [{ id: entry.approval.id, reason: refusal.reason }] };
      }
      checked.push(entry);
    }
    if (checkOnly) {
      for (const entry of checked) entry.onUndoApprove?.();
      return { ok: true, ids: entries.map((entry) => entry.approval.id), outcomes: [] };
    }
    return { ok: true, ids: entries.map((entry) => entry.approval.id), outcomes: entries.map((entry) => this.settle(entry, 'approved', request.by, undefined, undefined, undefined, request.proof)) };
  }

  private batchBlocker(entry: Held, argsHash: string, taken: readonly Held[], blocker: (approval: PendingApproval) => string | undefined): string | undefined {
    if (taken.includes(entry)) return 'it is named twice';
    if (argsHash !== entry.approval.argsHash) return 'its arguments are not the ones shown';
    // The tier is the queue's own to enforce, whatever rule the batch is given.
    const friction = blocker(entry.approval) ?? riskFriction(entry.approval, { approve: true, by: 'policy' });
    return typeof friction === 'object' ? `${friction.error}: ${friction.reason ?? ''}` : friction;
  }

  private approveEdited(entry: Held, request: DecideRequest, edit: NonNullable<DecideRequest['edit']>): DecideResult {
    const args = deepFreeze(JSON.parse(JSON.stringify(edit.arguments)) as Record<string, unknown>);
    if (request.argsHash !== undefined && request.argsHash !== hashArguments(args)) return { ok: false, error: 'args-mismatch' };
    const refusal = entry.onApprove?.(args);
    if (refusal) return { ok: false, error: 'refused-by-rules', reason: `${refusal.reason} The call is still waiting.` };
    const changes = deepFreeze(edit.changes.map((c) => ({ ...c })));
    return { ok: true, outcome: this.settle(entry, 'approved-with-changes', request.by, request.reason, undefined, { arguments: args, changes }, request.proof) };
  }

  /**
   * Rejects every waiting call that matches (the financial pause: "Financial tools are paused"),
   * recorded under `rule` so the log tells it from a person's Deny. Returns how many.
   */
  cancelAll(predicate: (approval: PendingApproval) => boolean, reason: string, by: Decider, rule?: string): number {
    const matching = [...this.held.values()].filter((entry) => predicate(entry.approval));
    for (const entry of matching) this.settle(entry, 'rejected', by, reason, rule);
    return matching.length;
  }

  /**
   * Kraken Gate is stopping: every waiting call is withdrawn (cancelled by `shutdown`, so the log
   * tells a shutdown from an agent that went away), and so is any call held from now on.
   */
  shutDown(reason = SHUTDOWN_REASON): number {
    this.closed = true;
    const waiting = [...this.held.values()];
    for (const entry of waiting) this.settle(entry, 'cancelled', 'shutdown', reason);
    return waiting.length;
  }

  /** Waiting calls, oldest first. */
  pending(): PendingApproval[] {
    return [...this.held.values()].map((entry) => entry.approval);
  }

  /**
   * A waiting call seen against the market as it is now: its words, price and risk tier. Its
   * arguments and their hash never change, so an approval bound to them still holds. False when
   * it is no longer waiting.
   */
  refresh(id: string, view: { summary: Summary; price?: HoldContext['price']; risk?: Risk }): boolean {
    const entry = this.held.get(id);
    if (!entry) return false;
    const { price: _price, risk: _risk, ...rest } = entry.approval;
    entry.approval = deepFreeze({
      ...rest,
      summary: structuredClone(view.summary),
      ...(view.price && { price: { ...view.price } }),
      ...(view.risk && { risk: { tier: view.risk.tier, reasons: [...view.risk.reasons] } }),
    });
    this.updatedEmitter.fire(entry.approval);
    return true;
  }

  /** Why `id` cannot be decided: it was decided before (and how, while that is remembered), or it is unknown. */
  notWaiting(id: string): { ok: false; error: 'already-decided' | 'unknown-id'; decided?: DecidedBefore } {
    const decided = this.decided.get(normalizeApprovalId(id));
    return decided ? { ok: false, error: 'already-decided', decided } : { ok: false, error: 'unknown-id' };
  }

  get(id: string): PendingApproval | undefined {
    return this.held.get(normalizeApprovalId(id))?.approval;
  }

  /** Time left before the call expires (for progress notifications), or undefined when it is not waiting. */
  remainingMs(id: string): number | undefined {
    const entry = this.held.get(normalizeApprovalId(id));
    return entry && Math.max(0, entry.expiresMs - this.now());
  }

  private settle(
    entry: Held,
    decision: ApprovalDecision,
    by: Decider,
    reason: string | undefined,
    rule?: string,
    edited?: { arguments: Readonly<Record<string, unknown>>; changes: readonly OrderChange[] },
    proof?: Proof,
  ): ApprovalOutcome {
    // A listener of onDidAdd may decide synchronously, before hold() looks at the signal again.
    if (entry.outcome) return entry.outcome;
    const { id } = entry.approval;
    this.held.delete(id);
    this.decided.set(id, { decision, by, at: new Date(this.now()).toISOString() });
    if (this.decided.size > this.rememberDecided) this.decided.delete(this.decided.keys().next().value as string);
    this.clearTimer(entry.timer);
    entry.detach();
    const outcome: ApprovalOutcome = Object.freeze({
      decision,
      by,
      ...(proof !== undefined && { proof }),
      ...(reason !== undefined && { reason }),
      waitedMs: Math.max(0, this.now() - entry.createdMs),
      arguments: edited?.arguments ?? entry.approval.arguments,
      ...(rule !== undefined && { rule }),
      ...(edited && { changes: edited.changes }),
    });
    entry.outcome = outcome;
    entry.resolve(outcome);
    this.decidedEmitter.fire({ approval: entry.approval, outcome });
    return outcome;
  }

  private uniqueId(): string {
    for (let attempt = 0; attempt < 100; attempt++) {
      const id = normalizeApprovalId(this.newId());
      if (!this.held.has(id) && !this.decided.has(id)) return id;
    }
    throw new Error('ApprovalQueue: the id source keeps returning ids already in use');
  }
}

/** What the log and the agent read when a held call's signal fired. */
function withdrawnReason(signal: AbortSignal): string {
  return signal.reason instanceof AgentGone ? signal.reason.message : 'Client cancelled the request';
}

function checkTimeout(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0 || ms > MAX_TIMER_MS) throw new RangeError(`approval timeout must be 1..${MAX_TIMER_MS} ms, got ${ms}`);
  return ms;
}

function pickOrigin(origin: ApprovalOrigin): ApprovalOrigin {
  return origin.clientName === undefined ? { sessionId: origin.sessionId } : { sessionId: origin.sessionId, clientName: origin.clientName };
}

function formatSeconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

/**
 * What the order's tier asks before an approval: nothing when normal; the typed confirmation when
 * unusual; a blocked order (the account cannot pay it) is not approved as it is, though a smaller
 * edit of it may be. The call stays waiting either way.
 */
function riskFriction(approval: PendingApproval, request: DecideRequest): Extract<DecideResult, { ok: false }> | undefined {
  const { risk } = approval;
  if (risk === undefined || risk.tier === 'normal') return undefined;
  const why = risk.reasons.join('; ');
  if (risk.tier === 'blocked' && !request.edit) return { ok: false, error: 'blocked', reason: why };
  if (!isConfirmed(request.confirmRisk, approval)) return { ok: false, error: 'needs-confirmation', reason: why };
  return undefined;
}

/** The amount that confirms is the held order's, as its card shows it, also when a smaller edit is approved. */
function isConfirmed(confirmRisk: boolean | string | undefined, approval: PendingApproval): boolean {
  return typeof confirmRisk === 'string' ? isRiskConfirmation(confirmRisk, approval) : confirmRisk === true;
}
