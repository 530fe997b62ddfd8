import { randomUUID } from 'node:crypto';
import type { PriceQuote } from './approvals/index.js';
import { hashArguments } from './canonical-json.js';
import type { CallRecordInput, ForwardIntent } from './calllog/index.js';
import type { CallContext, Decider, DecisionKind, ToolCall, ToolResult } from './types.js';
import { UpstreamError } from './upstream/errors.js';

/** What the rules say about one call, before any human is asked. */
export interface Verdict {
  action: 'allow' | 'deny' | 'approve';
  /** A stable id of the rule that decided ("default", "tools.add_order.deny_if[0]", "pause"). */
  rule: string;
  /** Short and actionable; the agent reads it when the call is refused. */
  reason: string;
}

/** A verdict with what it holds (a rate-limit slot), to settle once the call's fate is known. */
export interface Ruling extends Verdict {
  settle?(forwarded: boolean): void;
  /** The market price the evaluation fetched, reused for the approval text. */
  price?: PriceQuote;
}

/** The human's answer to a held call. `arguments` are the ones shown, and the only ones sent. */
export interface HumanDecision {
  decision: Extract<DecisionKind, 'approved' | 'rejected' | 'expired' | 'cancelled'>;
  by: Decider;
  reason?: string;
  waitedMs: number;
  arguments: Readonly<Record<string, unknown>>;
  /** The rule behind a refusal that did not come from the human (the financial pause). */
  rule?: string;
}

export interface PipelineSteps {
  evaluate(call: ToolCall, context: CallContext): Promise<Ruling>;
  /** Holds the call until a human (or the timeout, or the client) decides. */
  askHuman(call: ToolCall, ruling: Ruling, context: CallContext): Promise<HumanDecision>;
  forward(call: ToolCall, context: CallContext): Promise<ToolResult>;
  /** Must resolve only once the record is durable: the agent gets its reply after it. */
  record(record: CallRecordInput): Promise<void>;
  /** Write-ahead of a forwarded call's decision, so a crash mid-call cannot lose its record. */
  journal?: { begin(intent: ForwardIntent): void; end(id: string): void };
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
  const base = { id, session: origin.sessionId, client: origin.clientName, tool: call.tool, arguments: call.arguments };
  const ruling = await steps.evaluate(call, context);

  if (ruling.action === 'deny') {
    ruling.settle?.(false);
    await steps.record({ ...base, decision: 'denied', rule: ruling.rule, decidedBy: 'policy', reason: ruling.reason, outcome: { status: 'not-forwarded' } });
    return refusal(ruling.reason);
  }

  let toSend = call;
  let human: HumanDecision | undefined;
  if (ruling.action === 'approve') {
    human = await steps.askHuman(call, ruling, context).catch((error: unknown) => {
      ruling.settle?.(false);
      throw error;
    });
    if (human.decision !== 'approved') {
      ruling.settle?.(false);
      const reason = human.reason ?? 'Denied by the user.';
      await steps.record({ ...base, decision: human.decision, rule: human.rule ?? ruling.rule, decidedBy: human.by, reason, waitedMs: human.waitedMs, outcome: { status: 'not-forwarded' } });
      return refusal(reason);
    }
    toSend = { tool: call.tool, arguments: { ...human.arguments } };
  }

  const decided = {
    ...base,
    arguments: toSend.arguments,
    // Hashed once here for both the journal and the record (the store would hash it again).
    argsHash: hashArguments(toSend.arguments),
    decision: human ? ('approved' as const) : ('allowed' as const),
    rule: ruling.rule,
    decidedBy: human ? human.by : ('policy' as const),
    waitedMs: human?.waitedMs,
  };
  steps.journal?.begin({ ...decided, ts: new Date().toISOString() });
  const started = performance.now();
  let result: ToolResult;
  let outcome: CallRecordInput['outcome'];
  try {
    result = await steps.forward(toSend, context);
    outcome = result.isError ? { status: 'error', message: firstText(result, 500) } : { status: 'ok', summary: firstText(result, 160) };
  } catch (error) {
    const message = error instanceof UpstreamError ? error.message : `The call failed in the gateway: ${String(error)}`;
    result = refusal(message);
    outcome = { status: 'error', message };
  }
  const upstreamMs = performance.now() - started;
  // A call that failed upstream does not use up rate-limit budget.
  ruling.settle?.(outcome.status === 'ok');
  await steps.record({ ...decided, upstreamMs, outcome });
  steps.journal?.end(id);
  return result;
}

function firstText(result: ToolResult, max: number): string | undefined {
  const text = result.content.find((part) => part.type === 'text')?.text;
  return typeof text === 'string' ? text.slice(0, max) : undefined;
}
