import { useId, useState } from 'react';
import type { PendingApproval } from '../../preload/api';
import { approveAllQuestion, batchBlocker } from '../../preload/approve-all';
import { getBridge } from '../bridge';
import { formatMoney, plural } from '../lib/format';
import { ConfirmStrip } from './confirm-strip';

interface Props {
  pending: readonly PendingApproval[];
  onApproved(ids: string[]): void;
}

/**
 * Approve all (design rule 10): offered while two calls or more wait, and only usable when every
 * one is a normal order the core would approve in one step (preload/approve-all.ts); otherwise it
 * says which and why. One question, then the ids and argument hashes shown go to the core, which
 * approves all of them or none; a call that arrives meanwhile is not in the batch.
 */
export function ApproveAll({ pending, onApproved }: Props) {
  const offId = useId();
  const [asking, setAsking] = useState<readonly PendingApproval[]>();
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ ok: boolean; text: string }>();
  if (pending.length < 2 && !answer) return null;
  const blockers = pending.flatMap((p) => {
    const reason = batchBlocker(p);
    return reason === undefined ? [] : [`${p.id}: ${reason}`];
  });

  const approve = async (batch: readonly PendingApproval[]) => {
    setAsking(undefined);
    setBusy(true);
    setAnswer(undefined);
    try {
      const result = await getBridge().api.approveAll({ calls: batch.map((p) => ({ id: p.id, argsHash: p.argsHash })) });
      setAnswer({ ok: result.ok, text: result.message });
      if (result.ok) onApproved(result.approved);
    } catch (error) {
      setAnswer({ ok: false, text: `Nothing was approved: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="approve-all">
      {pending.length >= 2 && (
        <button
          type="button"
          className="primary"
          disabled={busy || blockers.length > 0}
          aria-describedby={blockers.length ? offId : undefined}
          onClick={() => setAsking(pending)}
          data-testid="approve-all"
        >
          Approve all ({pending.length})
        </button>
      )}
      {pending.length >= 2 && blockers.length > 0 && (
        <p id={offId} className="muted approve-all-off" data-testid="approve-all-off">
          Approve all is off: {blockers.join('; ')}. Decide {blockers.length === 1 ? 'it' : 'those'} on the card.
        </p>
      )}
      {asking && (
        <ConfirmStrip
          question={approveAllQuestion(asking, formatMoney)}
          detail={`Each is sent exactly as its card shows it, and recorded as approved by you. A call that arrives meanwhile is not approved by this.`}
          confirm={`Approve ${plural(asking.length, 'order')}`}
          cancel="Keep them waiting"
          // A stray Enter must not approve a batch.
          focus="cancel"
          onConfirm={() => void approve(asking)}
          onCancel={() => setAsking(undefined)}
          testId="approve-all-confirm"
        />
      )}
      {answer && (
        <p role={answer.ok ? 'status' : 'alert'} className={answer.ok ? 'notice' : 'banner card-problem'} data-testid="approve-all-answer">
          {answer.text}
        </p>
      )}
    </div>
  );
}
