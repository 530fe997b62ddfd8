// Approve all (design rule 10) over one Gate: the calls a surface showed, approved together with one
// proof, or none of them. Each is then sent and recorded as if approved on its own; one more record
// says that a person approved them together.
import type { GateApi } from '../../../preload/api.js';
import { batchBlocker } from '../../../preload/approve-all.js';
import { worthUsd, type BatchItem } from '../approvals/index.js';
import type { Gate } from '../gate.js';
import { PresenceRequired, type Caller, type Proof } from '../presence/caller.js';

type ApproveAllApi = Pick<GateApi, 'approveAll'>;

export interface ApproveAllDeps {
  caller: Caller;
  prove: (action: string, what: string, code: string | undefined, detail: Record<string, unknown>) => Promise<Proof>;
}

function refused(blockers: Array<{ id: string; reason: string }>) {
  const which = blockers.map((b) => `${b.id}: ${b.reason}`).join('; ');
  return { ok: false as const, blockers, message: `Nothing was approved: ${which}. Decide ${blockers.length === 1 ? 'it' : 'them'} on ${blockers.length === 1 ? 'its' : 'their'} own.` };
}

export function approveAllMethods(gate: Gate, { caller, prove }: ApproveAllDeps): ApproveAllApi {
  const by = caller.channel;
  return {
    approveAll: async ({ calls, code }) => {
      const batch: BatchItem[] = calls;
      // A batch that cannot go through says so before anyone is asked for a proof.
      const check = gate.approvals.decideAll(batch, { by }, batchBlocker, true);
      if (!check.ok) return refused(check.blockers);
      const { ids } = check;
      let proof = await prove('approve-all', `approving ${ids.length} calls at once`, code, { ids });
      if (caller.confirmApproval) {
        const worths = ids.map((id) => gate.approvals.get(id)).map((p) => (p ? worthUsd(p.summary) : undefined));
        const total = worths.every((w) => w !== undefined) ? worths.reduce((sum, w) => sum + w, 0) : undefined;
        const second = await caller.confirmApproval(`Approve all ${ids.length} orders`, total);
        if (second === 'refused') {
          await gate.noteRefused('approve-all', by, 'Touch ID was not confirmed', { ids });
          throw new PresenceRequired('no-code', `Approving ${ids.length} orders at once needs Touch ID above your limit; it was not confirmed. They are still waiting.`);
        }
        if (second === 'touch-id') proof = 'touch-id';
      }
      // Checked again: the proof took time, and any of them may have been decided or re-priced since.
      const result = gate.approvals.decideAll(batch, { by, proof }, batchBlocker);
      if (!result.ok) return refused(result.blockers);
      const approved = result.ids;
      await gate.recordAction({ action: 'approve-all', channel: by, proof, detail: { approved } });
      const stillWaiting = gate.approvals.pending().map((p) => p.id);
      const later = stillWaiting.length ? ` ${stillWaiting.length} call${stillWaiting.length === 1 ? '' : 's'} that arrived since ${stillWaiting.length === 1 ? 'is' : 'are'} still waiting.` : '';
      return { ok: true, approved, stillWaiting, message: `Approved ${approved.length} orders: ${approved.join(', ')}.${later}` };
    },
  };
}
