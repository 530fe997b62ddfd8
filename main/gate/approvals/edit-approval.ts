// Approve with changes, on the queue: a human's changes to a held order are checked
// (order-edit.ts), the changed order is put into words again, and only then approved, bound to the
// hash of the changed arguments. The rules' second look happens inside the queue's decide
// (HoldRequest.onApprove, given the changed arguments).
import type { Proof } from '../presence/caller.js';
import { hashArguments } from '../text/canonical-json.js';
import type { Decider } from '../types.js';
import { editOrder, type EditOptions, type OrderChange } from './order-edit.js';
import type { ApprovalQueue, DecideResult, DecidedBefore, PendingApproval } from './queue.js';
import { summarizeCall, type PriceQuote } from './summary.js';

export type EditPreview =
  | { ok: true; edited: PendingApproval; changes: OrderChange[] }
  | { ok: false; error: 'unknown-id' | 'already-decided' | 'invalid-changes'; reason?: string; decided?: DecidedBefore };

/** The held call as it would be with these changes (arguments, their hash, the summary), or why not. */
export function previewEdit(queue: ApprovalQueue, id: string, requested: Readonly<Record<string, unknown>>, options: EditOptions = {}): EditPreview {
  const held = queue.get(id);
  if (!held) return queue.notWaiting(id);
  const edit = editOrder(held.tool, held.arguments, requested, options);
  if (!edit.ok) return { ok: false, error: 'invalid-changes', reason: edit.reason };
  const summary = summarizeCall({ tool: held.tool, arguments: edit.arguments }, quoteOf(held));
  if (!summary.readable) return { ok: false, error: 'invalid-changes', reason: `The changed order cannot be put into words: ${summary.fields.map((f) => f.value).join('; ')}` };
  return { ok: true, edited: { ...held, arguments: edit.arguments, argsHash: hashArguments(edit.arguments), summary }, changes: edit.changes };
}

export interface ApproveEditRequest extends EditOptions {
  by: Decider;
  proof?: Proof;
  changes: Readonly<Record<string, unknown>>;
  /** The hash of the changed arguments the human was shown (previewEdit); refused if they differ. */
  argsHash?: string;
  /** The typed confirmation an unusual (or blocked) order asks for (DecideRequest.confirmRisk). */
  confirmRisk?: boolean | string;
}

/** Approves the held call with the human's changes, once; a refused edit leaves the call waiting. */
export function approveEdited(queue: ApprovalQueue, id: string, request: ApproveEditRequest): DecideResult {
  const preview = previewEdit(queue, id, request.changes, request);
  if (!preview.ok) return preview;
  return queue.decide(id, { approve: true, by: request.by, proof: request.proof, argsHash: request.argsHash, confirmRisk: request.confirmRisk, edit: { arguments: preview.edited.arguments, changes: preview.changes } });
}

/**
 * A preview's refusal in the words a person editing reads: the edit is not allowed, and why. Not
 * "was not approved": a preview decides nothing, and the call waits as the agent asked.
 */
export function notAllowedWords(reason: string | undefined): string {
  return `Not allowed: ${reason ?? 'these changes cannot be made to this order.'}`;
}

function quoteOf(held: PendingApproval): PriceQuote | undefined {
  const price = held.price;
  return price && { value: price.value, source: price.source, at: new Date(price.at), ...(price.pair && { pair: price.pair }) };
}
