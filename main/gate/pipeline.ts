import type { Proof } from './presence/caller.js';
import { randomUUID } from 'node:crypto';
import { describeWorth, type MarketFacts, type ValuedOrder } from './policy/index.js';
import { changesNote, type OrderChange } from './approvals/order-edit.js';
import { hashArguments } from './text/canonical-json.js';
import type { CallRecordInput, ForwardIntent, HeldIntent } from './calllog/index.js';
import { changesState, mayHaveTakenEffect, provesNothingHappened } from './placement.js';
import type { CallContext, Decider, DecisionKind, ToolCall, ToolResult } from './types.js';
import { UpstreamError } from './upstream/errors.js';

/** What the rules say about one call, before any human is asked. */
export interface Verdict {
  action: 'allow' | 'deny' | 'approve';
  /** The place of the rule that decided ("default", "tools.add_order.deny_if[0]", "pause"). */
  rule: string;
  /** The rule entry's own id and fingerprint, when it is one (policy/compile.ts). */
  ruleId?: string;
  ruleHash?: string;
  /** Short and actionable; the agent reads it when the call is refused. */
  reason: string;
}

/** A refusal by a rule: its id for the log, the reason the agent (and the human) reads. */
export interface Refusal {
  rule: string;
  ruleId?: string;
  reason: string;
}

/** The rule a record names: its place, and its id and fingerprint when it has them. */
function ruleOf(v: { rule: string; ruleId?: string | undefined; ruleHash?: string | undefined }): Pick<CallRecordInput, 'rule' | 'ruleId' | 'ruleHash'> {
  return { rule: v.rule, ...(v.ruleId !== undefined && { ruleId: v.ruleId }), ...(v.ruleHash !== undefined && { ruleHash: v.ruleHash }) };
}

/**
 * A verdict with what it holds (a rate-limit slot, a share of the daily cap) and the checks that
 * must hold again later: when a human approves, and immediately before the call is sent.
 */
export interface Ruling extends Verdict {
  /**
   * Run by the approval queue inside the human's approve: a refusal turns it into a rejection.
   * Given the edited arguments when the human approves with changes (then a refusal leaves it waiting).
   */
  onApprove?(edited?: Readonly<Record<string, unknown>>): Refusal | undefined;
  /** Gives back what onApprove reserved: a batch it passed in was refused as a whole (Approve all). */
  undoApprove?(): void;
  /** Run immediately before the request is written upstream (the pause, the daily cap). */
  beforeSend?(): Refusal | undefined;
  /**
   * Keeps what the call holds (`taken: true`) or gives it back. A call that can move money gives
   * it back only when it certainly did not take effect; any other call when it did not succeed.
   */
  settle?(taken: boolean): void;
  /** The market the evaluation read, reused for the approval text. */
  market?: MarketFacts;
  /** The order's worth in the cap currency, when the rules valued it. */
  worth?: ValuedOrder;
}

/** The human's answer to a held call. `arguments` are the ones shown, and the only ones sent. */
export interface HumanDecision {
  /** approved-with-changes: `arguments` are the human's edit of the agent's, `changes` says what changed. */
  decision: Extract<DecisionKind, 'approved' | 'rejected' | 'expired' | 'cancelled'> | 'approved-with-changes';
  by: Decider;
  /** How the person proved they were there. */
  proof?: Proof;
  reason?: string;
  waitedMs: number;
  arguments: Readonly<Record<string, unknown>>;
  /** The rule behind a refusal that did not come from the human (the financial pause, the daily cap at approval). */
  rule?: string;
  changes?: readonly OrderChange[];
  /** The id the person saw on the card (the log links the record to it: a phone's receipt, `approve ID`). */
  approvalId?: string;
}

export interface ForwardOptions {
  /** Whether the agent's cancellation still cancels the call once it was written upstream. */
  cancelAfterSend: boolean;
  /** Run immediately before the request is written; a string refuses the call (UpstreamError 'refused'). */
  beforeSend(): string | undefined;
}

export interface PipelineSteps {
  /** A promise only when judging needs one (a market price, a full log measured again). */
  evaluate(call: ToolCall, context: CallContext): Ruling | Promise<Ruling>;
  /** Holds the call until a human (or the timeout, or the client) decides. */
  askHuman(call: ToolCall, ruling: Ruling, context: CallContext): Promise<HumanDecision>;
  forward(call: ToolCall, context: CallContext, options: ForwardOptions): Promise<ToolResult>;
  /** Must resolve only once the record is written (and flushed, by its tier: calllog/durability.ts): the agent gets its reply after it. */
  record(record: CallRecordInput): Promise<unknown>;
  /** Write-ahead of held calls and of sent calls that can move money, so a crash cannot lose their record. */
  journal?: { hold(intent: HeldIntent): void; begin(intent: ForwardIntent): void; end(id: string): void };
}

export function refusal(reason: string): ToolResult {
  return { content: [{ type: 'text', text: reason }], isError: true };
}

/**
 * One tool call, end to end: decide → (hold for a human) → forward → record → reply.
 * Nothing reaches the upstream without a verdict, and every call produces exactly one record.
 */
export async function runToolCall(steps: PipelineSteps, call: ToolCall, context: CallContext): Promise<ToolResult> {
  const { origin } = context;
  const id = randomUUID();
  const judged = steps.evaluate(call, context);
  // Most calls are judged at once: no await (a turn of the microtask queue) for them.
  const ruling = judged instanceof Promise ? await judged : judged;
  const base = { id, session: origin.sessionId, client: origin.clientName, tool: call.tool, arguments: call.arguments, ...(ruling.worth && { worth: describeWorth(ruling.worth) }) };

  if (ruling.action === 'deny') {
    ruling.settle?.(false);
    await steps.record({ ...base, decision: 'denied', ...ruleOf(ruling), decidedBy: 'policy', reason: ruling.reason, outcome: { status: 'not-forwarded' } });
    return refusal(ruling.reason);
  }

  let toSend = call;
  let human: HumanDecision | undefined;
  if (ruling.action === 'approve') {
    // Journaled while held: a gateway killed now still leaves its record (cancelled by the restart).
    steps.journal?.hold({ ...base, argsHash: hashArguments(call.arguments), ...ruleOf(ruling), ruleReason: ruling.reason, ts: new Date().toISOString() });
    human = await steps.askHuman(call, ruling, context).catch((error: unknown) => {
      ruling.settle?.(false);
      steps.journal?.end(id);
      throw error;
    });
    if (human.decision !== 'approved' && human.decision !== 'approved-with-changes') {
      ruling.settle?.(false);
      const reason = human.reason ?? 'Denied by the user.';
      // The record names the rule that held the call, and what it said; unless another rule ended the wait (the pause, the cap).
      const rule = human.rule !== undefined ? { rule: human.rule } : { ...ruleOf(ruling), ruleReason: ruling.reason };
      await steps.record({ ...base, ...(human.approvalId && { approvalId: human.approvalId }), decision: human.decision, ...rule, decidedBy: human.by, reason, waitedMs: human.waitedMs, outcome: { status: 'not-forwarded' }, ...(human.proof && { presence: human.proof }) });
      steps.journal?.end(id);
      return refusal(reason);
    }
    toSend = { tool: call.tool, arguments: { ...human.arguments } };
  }

  // Approved with changes: the log keeps what the agent sent beside what went to the exchange.
  const changes = human?.decision === 'approved-with-changes' && human.changes?.length ? human.changes : undefined;
  const edited = changes && human ? { agentArguments: call.arguments, agentArgsHash: hashArguments(call.arguments), by: human.by, changes: changes.map((c) => ({ ...c })) } : undefined;
  const decided = {
    ...base,
    arguments: toSend.arguments,
    // The worth was the agent's order's; the changed order's is checked inside the approval.
    ...(edited && { edited, worth: undefined }),
    // Hashed once here for both the journal and the record (the store would hash it again).
    argsHash: hashArguments(toSend.arguments),
    decision: human ? ('approved' as const) : ('allowed' as const),
    ...ruleOf(ruling),
    ...(human && { ruleReason: ruling.reason }),
    decidedBy: human ? human.by : ('policy' as const),
    waitedMs: human?.waitedMs,
    ...(human?.approvalId && { approvalId: human.approvalId }),
    ...(human?.proof && { presence: human.proof }),
  };
  const movesMoney = changesState(toSend.tool, toSend.arguments);
  let sent = false;
  let refused: Refusal | undefined;
  const beforeSend = (): string | undefined => {
    refused = ruling.beforeSend?.();
    if (refused) return refused.reason;
    // Journaled where a lost record would hide something: a call that can move money, or one a
    // human decided. A read-only call cut off by a crash leaves no record — the agent got no
    // answer and the account did not change — and skipping its two journal writes is a large
    // part of what a read costs here (docs/reliability.md).
    if (movesMoney || human) steps.journal?.begin({ ...decided, ts: new Date().toISOString() });
    sent = true;
    return undefined;
  };
  const started = performance.now();
  let result: ToolResult;
  let outcome: CallRecordInput['outcome'];
  try {
    result = await steps.forward(toSend, context, { cancelAfterSend: !movesMoney, beforeSend });
    if (!result.isError) outcome = { status: 'ok', summary: firstText(result, 160) };
    else if (!movesMoney || provesNothingHappened(result)) outcome = { status: 'error', message: firstText(result, 500) };
    else {
      // An error answer that does not show the order was refused: it may be on the book.
      const note = mayHaveTakenEffect(toSend.tool);
      outcome = { status: 'unknown', message: `${firstText(result, 500) ?? ''} ${note}`.trim() };
      result = { ...result, content: [...result.content, { type: 'text', text: note }] };
    }
  } catch (error) {
    if (!sent) {
      // Nothing was written upstream: the call is refused (the pause, the cap), withdrawn by the
      // agent, or the upstream was not there to take it.
      ruling.settle?.(false);
      const notSent = withheld(error, refused);
      await steps.record({ ...decided, ...notSent, outcome: notSent.outcome ?? { status: 'not-forwarded' } });
      if (human) steps.journal?.end(id); // its hold line; nothing else was journaled
      return refusal(notSent.reason ?? notSent.outcome?.message ?? 'The call was not sent.');
    }
    const message = error instanceof UpstreamError ? error.message : `The call failed in the gateway: ${String(error)}`;
    if (movesMoney) {
      // Sent, and no answer to say what happened (the upstream died, timed out): assume it did.
      const text = `${message} ${mayHaveTakenEffect(toSend.tool)}`;
      result = refusal(text);
      outcome = { status: 'unknown', message: text };
    } else {
      result = refusal(message);
      outcome = { status: 'error', message };
    }
  }
  // The upstream's answer stays as it is; the human's change is a second part the agent reads after it.
  if (changes) result = { ...result, content: [...result.content, { type: 'text', text: changesNote(changes) }] };
  const upstreamMs = performance.now() - started;
  // What the call took (rate limit, daily cap) stays taken unless it certainly did nothing.
  ruling.settle?.(outcome.status === 'ok' || outcome.status === 'unknown');
  await steps.record({ ...decided, upstreamMs, outcome });
  steps.journal?.end(id);
  return result;
}

type NotSent = Partial<Pick<CallRecordInput, 'decision' | 'decidedBy' | 'rule' | 'ruleId' | 'ruleHash' | 'ruleReason' | 'reason' | 'outcome'>>;

/** How a call that was never written upstream is recorded. */
function withheld(error: unknown, refused: Refusal | undefined): NotSent {
  // The rule that refused it at the last moment replaces the one that let it through, whole.
  if (refused) return { decision: 'denied', decidedBy: 'policy', rule: refused.rule, ruleId: refused.ruleId, ruleHash: undefined, ruleReason: undefined, reason: refused.reason };
  if (error instanceof UpstreamError && error.code === 'cancelled') return { decision: 'cancelled', decidedBy: 'client', reason: 'Client cancelled the request' };
  const message = error instanceof UpstreamError ? error.message : `The call failed in the gateway: ${String(error)}`;
  return { outcome: { status: 'error', message } };
}

function firstText(result: ToolResult, max: number): string | undefined {
  const text = result.content.find((part) => part.type === 'text')?.text;
  return typeof text === 'string' ? text.slice(0, max) : undefined;
}
