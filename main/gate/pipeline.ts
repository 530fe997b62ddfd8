import { randomUUID } from 'node:crypto';
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

/** The human's answer to a held call. `arguments` are the ones shown, and the only ones sent. */
export interface HumanDecision {
  decision: Extract<DecisionKind, 'approved' | 'rejected' | 'expired' | 'cancelled'>;
  by: Decider;
  reason?: string;
  waitedMs: number;
  arguments: Record<string, unknown>;
}

/** Everything the log keeps about one call (arguments unredacted here; the log redacts). */
export interface CallOutcomeRecord {
  id: string;
  ts: string;
  call: ToolCall;
  context: CallContext;
  decision: DecisionKind;
  rule: string;
  decidedBy: Decider;
  reason?: string;
  waitedMs?: number;
  upstreamMs?: number;
  outcome: { status: 'ok' | 'error' | 'not-forwarded'; message?: string };
}

export interface PipelineSteps {
  evaluate(call: ToolCall, context: CallContext): Promise<Verdict>;
  /** Holds the call until a human (or the timeout, or the client) decides. */
  askHuman(call: ToolCall, verdict: Verdict, context: CallContext): Promise<HumanDecision>;
  forward(call: ToolCall, context: CallContext): Promise<ToolResult>;
  /** Must resolve only once the record is durable: the agent gets its reply after it. */
  record(record: CallOutcomeRecord): Promise<void>;
  /** Called after the verdict, with whether the call went upstream (rate limits count only those). */
  settled?(call: ToolCall, verdict: Verdict, forwarded: boolean): void;
}

export function refusal(reason: string): ToolResult {
  return { content: [{ type: 'text', text: reason }], isError: true };
}

/**
 * One tool call, end to end: decide → (hold for a human) → forward → record → reply.
 * Nothing reaches the upstream without a verdict, and every call produces exactly one record.
 */
export async function runToolCall(steps: PipelineSteps, call: ToolCall, context: CallContext): Promise<ToolResult> {
  const id = randomUUID();
  const ts = new Date().toISOString();
  const base = { id, ts, call, context };
  const verdict = await steps.evaluate(call, context);

  if (verdict.action === 'deny') {
    steps.settled?.(call, verdict, false);
    await steps.record({ ...base, decision: 'denied', rule: verdict.rule, decidedBy: 'policy', reason: verdict.reason, outcome: { status: 'not-forwarded' } });
    return refusal(verdict.reason);
  }

  let toSend = call;
  let human: HumanDecision | undefined;
  if (verdict.action === 'approve') {
    human = await steps.askHuman(call, verdict, context);
    if (human.decision !== 'approved') {
      steps.settled?.(call, verdict, false);
      const reason = human.reason ?? 'Denied by the user.';
      await steps.record({ ...base, decision: human.decision, rule: verdict.rule, decidedBy: human.by, reason, waitedMs: human.waitedMs, outcome: { status: 'not-forwarded' } });
      return refusal(reason);
    }
    toSend = { tool: call.tool, arguments: human.arguments };
  }

  const started = performance.now();
  let result: ToolResult;
  let outcome: CallOutcomeRecord['outcome'];
  try {
    result = await steps.forward(toSend, context);
    outcome = result.isError ? { status: 'error', message: firstText(result) } : { status: 'ok' };
  } catch (error) {
    const message = error instanceof UpstreamError ? error.message : `The call failed in the gateway: ${String(error)}`;
    result = refusal(message);
    outcome = { status: 'error', message };
  }
  const upstreamMs = performance.now() - started;
  steps.settled?.(call, verdict, true);
  await steps.record({
    ...base,
    decision: human ? 'approved' : 'allowed',
    rule: verdict.rule,
    decidedBy: human ? human.by : 'policy',
    waitedMs: human?.waitedMs,
    upstreamMs,
    outcome,
  });
  return result;
}

function firstText(result: ToolResult): string | undefined {
  const text = result.content.find((part) => part.type === 'text')?.text;
  return typeof text === 'string' ? text.slice(0, 500) : undefined;
}
