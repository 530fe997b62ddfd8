// The approval card's "Approve with changes" editor in a DOM, against the core's own preview
// (previewEdit on a real ApprovalQueue): the headline shown is the gateway's words for what the
// inputs hold now, a slow answer to an older edit never replaces it, and Approve binds to its hash.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { GateApi, GateApiInput, PreviewChangesResult } from '../../preload/api.js';
import { ApprovalQueue, changesNote, hashArguments, pendingForHumans, previewEdit, summarizeCall } from '../../main/gate/approvals/index.js';
import { setBridge } from '../../renderer/bridge.js';
import { OrderEditor } from '../../renderer/components/order-editor.js';

const ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '50000', validate: false };

function setup() {
  const queue = new ApprovalQueue();
  const call = { tool: 'add_order', arguments: ORDER };
  const held = queue.hold({ ...call, summary: summarizeCall(call) });
  const pending = pendingForHumans(queue.get(held.id)!);
  // Each preview answers only when the test says so, to play answers out of order.
  const answers: Array<{ input: GateApiInput<'previewChanges'>; answer(): void }> = [];
  const approvals: Array<GateApiInput<'approve'>> = [];
  const api = {
    previewChanges: (input: GateApiInput<'previewChanges'>) =>
      new Promise<PreviewChangesResult>((resolve) => {
        answers.push({
          input,
          answer: () => {
            const p = previewEdit(queue, input.id, input.changes, { allowWorsePrice: input.allowWorsePrice });
            resolve(p.ok ? { ok: true, id: input.id, pending: pendingForHumans(p.edited), changes: p.changes, note: changesNote(p.changes) } : { ok: false, id: input.id, error: p.error, message: p.reason ?? p.error });
          },
        });
      }),
    approve: async (input: GateApiInput<'approve'>) => {
      approvals.push(input);
      return { ok: true as const, id: input.id, decision: 'approved-with-changes' as const };
    },
  } as unknown as GateApi;
  setBridge({ api, onEvent: () => () => undefined, onConnection: () => () => undefined, desktop: false });
  render(<OrderEditor pending={pending} onClose={() => undefined} />);
  return { answers, approvals, pending };
}

describe('the approve-with-changes editor', () => {
  it('shows the preview of what the inputs hold now, never a late answer to an older edit, and approves with its hash', async () => {
    const { answers, approvals, pending } = setup();
    const volume = screen.getByTestId('edit-volume');
    fireEvent.change(volume, { target: { value: '0.07' } });
    fireEvent.change(volume, { target: { value: '0.05' } });
    await waitFor(() => expect(answers.map((a) => a.input.changes)).toEqual([{ volume: 0.07 }, { volume: 0.05 }]));

    await act(async () => answers[1]!.answer());
    await waitFor(() => expect(screen.getByTestId('edit-headline').textContent).toBe('Buy 0.05 XBT/USD, limit 50\u202f000 USD — about 2\u202f500 USD'));
    await act(async () => answers[0]!.answer());
    expect(screen.getByTestId('edit-headline').textContent).toBe('Buy 0.05 XBT/USD, limit 50\u202f000 USD — about 2\u202f500 USD');
    expect(screen.getByTestId('edit-note').textContent).toBe('The agent is told: Approved with changes: volume 0.10 → 0.05');

    fireEvent.click(screen.getByTestId('edit-approve'));
    await waitFor(() => expect(approvals).toHaveLength(1));
    expect(approvals[0]).toMatchObject({ id: pending.id, changes: { volume: 0.05 } });
    expect(approvals[0]!.argsHash).toBe(hashArguments({ ...ORDER, volume: 0.05 }));
  });

  it("shows the gateway's reason for an edit it refuses, and offers no approve", async () => {
    const { answers } = setup();
    fireEvent.change(screen.getByTestId('edit-price'), { target: { value: '51000' } });
    await waitFor(() => expect(answers).toHaveLength(1));
    await act(async () => answers[0]!.answer());
    expect((await screen.findByTestId('edit-refused')).textContent).toMatch(/worse price/);
    expect(screen.getByTestId('edit-approve')).toHaveProperty('disabled', true);

    fireEvent.click(screen.getByTestId('edit-allow-worse'));
    await waitFor(() => expect(answers).toHaveLength(2));
    expect(answers[1]!.input).toMatchObject({ changes: { price: '51000' }, allowWorsePrice: true });
    await act(async () => answers[1]!.answer());
    await waitFor(() => expect(screen.getByTestId('edit-headline').textContent).toMatch(/^Buy 0\.10 XBT\/USD, limit 51.000 USD/));
    expect(screen.getByTestId('edit-approve')).toHaveProperty('disabled', false);
  });
});
