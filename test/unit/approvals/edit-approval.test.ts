import { describe, expect, it } from 'vitest';
import { ApprovalQueue, approveEdited, hashArguments, previewEdit, summarizeCall, type HoldRequest, type RulesRefusal } from '../../../main/gate/approvals/index.js';

const ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '50000', validate: false };

function hold(queue: ApprovalQueue, onApprove?: HoldRequest['onApprove']) {
  const call = { tool: 'add_order', arguments: ORDER };
  return queue.hold({ ...call, summary: summarizeCall(call), onApprove });
}

describe('approve with changes on the queue', () => {
  it('previews the changed order in words and binds the approval to the hash of the changed arguments', async () => {
    const queue = new ApprovalQueue();
    const held = hold(queue);
    const preview = previewEdit(queue, held.id, { volume: 0.05 });
    expect(preview).toMatchObject({ ok: true, edited: { arguments: { ...ORDER, volume: 0.05 }, argsHash: hashArguments({ ...ORDER, volume: 0.05 }) } });
    expect(preview.ok && preview.edited.summary.headline).toMatch(/^Buy 0\.05 XBT\/USD, limit 50.000 USD — about 2.500 USD$/);
    // Nothing was decided by looking.
    expect(queue.get(held.id)?.arguments).toEqual(ORDER);

    expect(approveEdited(queue, held.id, { by: 'cli', changes: { volume: 0.05 }, argsHash: held.argsHash })).toEqual({ ok: false, error: 'args-mismatch' });
    const result = approveEdited(queue, held.id, { by: 'cli', changes: { volume: 0.05 }, argsHash: preview.ok ? preview.edited.argsHash : '' });
    expect(result).toMatchObject({ ok: true, outcome: { decision: 'approved-with-changes', by: 'cli', arguments: { ...ORDER, volume: 0.05 }, changes: [{ field: 'volume', from: 0.1, to: 0.05 }] } });
    await expect(held.outcome).resolves.toMatchObject({ decision: 'approved-with-changes', arguments: { volume: 0.05 } });
  });

  it('applies once: a second approve with changes (or a plain one) is told it was already decided', () => {
    const queue = new ApprovalQueue();
    const held = hold(queue);
    expect(approveEdited(queue, held.id, { by: 'window', changes: { volume: 0.05 } }).ok).toBe(true);
    expect(approveEdited(queue, held.id, { by: 'cli', changes: { volume: 0.04 } })).toMatchObject({ ok: false, error: 'already-decided', decided: { decision: 'approved-with-changes', by: 'window' } });
    expect(queue.decide(held.id, { approve: true, by: 'cli' })).toMatchObject({ ok: false, error: 'already-decided' });
  });

  it('refuses an edit that is not allowed and leaves the call waiting', () => {
    const queue = new ApprovalQueue();
    const held = hold(queue);
    expect(approveEdited(queue, held.id, { by: 'cli', changes: { volume: 1 } })).toMatchObject({ ok: false, error: 'invalid-changes', reason: expect.stringContaining('only be lowered') });
    expect(approveEdited(queue, held.id, { by: 'cli', changes: { pair: 'ETHUSD' } })).toMatchObject({ ok: false, error: 'invalid-changes', reason: expect.stringContaining('cannot be changed') });
    expect(queue.get(held.id)).toBeDefined();
  });

  it('asks the rules about the changed arguments; their refusal leaves the call waiting', () => {
    const queue = new ApprovalQueue();
    const seen: unknown[] = [];
    const capAt007 = (edited?: Readonly<Record<string, unknown>>): RulesRefusal | undefined => {
      seen.push(edited);
      return edited && (edited.volume as number) > 0.07 ? { rule: 'daily_notional_cap', reason: 'Over the daily cap.' } : undefined;
    };
    const held = hold(queue, capAt007);
    expect(approveEdited(queue, held.id, { by: 'cli', changes: { volume: 0.08 } })).toMatchObject({ ok: false, error: 'refused-by-rules', reason: expect.stringContaining('still waiting') });
    expect(queue.get(held.id)).toBeDefined();
    expect(approveEdited(queue, held.id, { by: 'cli', changes: { volume: 0.05 } }).ok).toBe(true);
    expect(seen).toEqual([{ ...ORDER, volume: 0.08 }, { ...ORDER, volume: 0.05 }]);
  });
});
