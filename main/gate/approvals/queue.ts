// Held tool calls waiting for a human. Each call is held until exactly one of: a surface decides
// it, its time runs out, the client withdraws it, or it is denied in bulk (financial pause). The
// first of these wins; every later attempt is refused, so two surfaces racing cannot both act.
import { Emitter, type Event } from '../events.js';
import type { DecisionKind, Decider, ToolCall } from '../types.js';
import { deepFreeze } from './freeze.js';
import { hashArguments } from '../canonical-json.js';
import { newApprovalId, normalizeApprovalId } from './ids.js';
import type { Summary } from './summary.js';

export type ApprovalDecision = Extract<DecisionKind, 'approved' | 'rejected' | 'expired' | 'cancelled'>;

export interface ApprovalOrigin {
  sessionId: string;
  clientName?: string;
}

/** Why the call is held, and the market price the gateway had for it: shown beside the summary. */
export interface HoldContext {
  rule?: { id: string; reason: string };
  price?: { value: number; source: string; at: string; pair?: string };
}

export interface HoldRequest extends ToolCall, HoldContext {
  /** Built from these same arguments (summarizeCall) before holding. */
  summary: Summary;
  origin?: ApprovalOrigin;
  /** Overrides the queue's timeout for this call. */
  timeoutMs?: number;
  /** Aborted when the client cancels the request or its session ends. */
  signal?: AbortSignal;
}

export interface ApprovalOutcome {
  decision: ApprovalDecision;
  by: Decider;
  reason?: string;
  waitedMs: number;
  /** A deep-frozen copy taken at hold time: send exactly these upstream, never the caller's object. */
  arguments: Readonly<Record<string, unknown>>;
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
  reason?: string;
  /** The hash of the arguments the surface showed; when given it must match the held call's. */
  argsHash?: string;
}

export type DecideError = 'already-decided' | 'unknown-id' | 'args-mismatch';
export type DecideResult = { ok: true; outcome: ApprovalOutcome } | { ok: false; error: DecideError };

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
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Held {
  approval: PendingApproval;
  createdMs: number;
  expiresMs: number;
  timer: unknown;
  resolve: (outcome: ApprovalOutcome) => void;
  detach: () => void;
  outcome?: ApprovalOutcome;
}

export class ApprovalQueue {
  private readonly held = new Map<string, Held>();
  private readonly decided = new Map<string, true>();
  private readonly added = new Emitter<PendingApproval>();
  private readonly decidedEmitter = new Emitter<ApprovalDecided>();
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly newId: () => string;
  private readonly rememberDecided: number;

  /** A call started waiting. */
  readonly onDidAdd: Event<PendingApproval> = this.added.event;
  /** A call stopped waiting, for whatever reason; fires exactly once per held call. */
  readonly onDidDecide: Event<ApprovalDecided> = this.decidedEmitter.event;

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
      ...(request.rule && { rule: { id: request.rule.id, reason: request.rule.reason } }),
      ...(request.price && { price: { ...request.price } }),
    });

    let resolve!: (outcome: ApprovalOutcome) => void;
    const outcome = new Promise<ApprovalOutcome>((r) => (resolve = r));
    const entry: Held = { approval, createdMs, expiresMs: createdMs + timeoutMs, timer: undefined, resolve, detach: () => undefined };
    this.held.set(id, entry);
    entry.timer = this.setTimer(() => {
      this.settle(entry, 'expired', 'timeout', `Approval timed out after ${formatSeconds(timeoutMs)} s`);
    }, timeoutMs);
    const signal = request.signal;
    if (signal && !signal.aborted) {
      const onAbort = (): void => void this.settle(entry, 'cancelled', 'client', 'Client cancelled the request');
      signal.addEventListener('abort', onAbort, { once: true });
      // A session-wide signal outlives many calls: stop listening once this one is settled.
      entry.detach = () => signal.removeEventListener('abort', onAbort);
    }

    this.added.fire(approval);
    // Already withdrawn before it was held: still one add and one decide, like every other call.
    if (signal?.aborted) this.settle(entry, 'cancelled', 'client', 'Client cancelled the request');
    return { id, argsHash, outcome };
  }

  /** Single use: the first decision wins. A wrong `argsHash` is refused and leaves the call waiting. */
  decide(id: string, request: DecideRequest): DecideResult {
    const key = normalizeApprovalId(id);
    const entry = this.held.get(key);
    if (!entry) return { ok: false, error: this.decided.has(key) ? 'already-decided' : 'unknown-id' };
    if (request.argsHash !== undefined && request.argsHash !== entry.approval.argsHash) return { ok: false, error: 'args-mismatch' };
    const outcome = request.approve
      ? this.settle(entry, 'approved', request.by, request.reason)
      : this.settle(entry, 'rejected', request.by, request.reason ?? `Rejected by the user (${request.by})`);
    return { ok: true, outcome };
  }

  /** Rejects every waiting call that matches (the financial pause: "Financial tools are paused"). Returns how many. */
  cancelAll(predicate: (approval: PendingApproval) => boolean, reason: string, by: Decider): number {
    const matching = [...this.held.values()].filter((entry) => predicate(entry.approval));
    for (const entry of matching) this.settle(entry, 'rejected', by, reason);
    return matching.length;
  }

  /** Withdraws the calls of a session that ended, as cancelled by the client. Returns how many. */
  cancelSession(sessionId: string, reason = 'Client session ended'): number {
    const matching = [...this.held.values()].filter((entry) => entry.approval.origin?.sessionId === sessionId);
    for (const entry of matching) this.settle(entry, 'cancelled', 'client', reason);
    return matching.length;
  }

  /** Waiting calls, oldest first. */
  pending(): PendingApproval[] {
    return [...this.held.values()].map((entry) => entry.approval);
  }

  get(id: string): PendingApproval | undefined {
    return this.held.get(normalizeApprovalId(id))?.approval;
  }

  /** Time left before the call expires (for progress notifications), or undefined when it is not waiting. */
  remainingMs(id: string): number | undefined {
    const entry = this.held.get(normalizeApprovalId(id));
    return entry && Math.max(0, entry.expiresMs - this.now());
  }

  private settle(entry: Held, decision: ApprovalDecision, by: Decider, reason: string | undefined): ApprovalOutcome {
    // A listener of onDidAdd may decide synchronously, before hold() looks at the signal again.
    if (entry.outcome) return entry.outcome;
    const { id } = entry.approval;
    this.held.delete(id);
    this.decided.set(id, true);
    if (this.decided.size > this.rememberDecided) this.decided.delete(this.decided.keys().next().value as string);
    this.clearTimer(entry.timer);
    entry.detach();
    const outcome: ApprovalOutcome = Object.freeze({
      decision,
      by,
      ...(reason !== undefined && { reason }),
      waitedMs: Math.max(0, this.now() - entry.createdMs),
      arguments: entry.approval.arguments,
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
