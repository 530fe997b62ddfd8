// The approval card's "Approve with changes" editor in a DOM, against the core's own preview
// (previewEdit on a real ApprovalQueue): the headline shown is the gateway's words for what the
// inputs hold now, a slow answer to an older edit never replaces it, and Approve binds to its hash.
// Its input goes through the contract's schema as over HTTP, so what the transport would refuse
// unread ("Invalid input for previewChanges") shows here as it would in the window.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { gateApi, type GateApi, type GateApiInput, type PreviewChangesResult } from '../../preload/api.js';
import { ApprovalQueue, changesNote, hashArguments, notAllowedWords, pendingForHumans, previewEdit, summarizeCall } from '../../main/gate/approvals/index.js';
import { setBridge } from '../../renderer/bridge.js';
import { ApprovalCard } from '../../renderer/components/approval-card.js';
import { OrderEditor } from '../../renderer/components/order-editor.js';
import { usePending } from '../../renderer/hooks/gate-store.js';
import { fakeCore, type FakeCore } from './fake-core.js';

const ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '50000', validate: false };
const MARKET_ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'market', volume: 0.1, validate: false };

/** As main/gate/control/http-api.ts reads a request: JSON on the wire, then the contract's schema. */
function overTheWire(input: GateApiInput<'previewChanges'>): GateApiInput<'previewChanges'> {
  const parsed = gateApi.previewChanges.input.safeParse(JSON.parse(JSON.stringify(input)));
  if (!parsed.success) throw new Error(`Invalid input for previewChanges: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

function setup(order: Record<string, unknown> = ORDER) {
  const queue = new ApprovalQueue();
  const call = { tool: 'add_order', arguments: order };
  const held = queue.hold({ ...call, summary: summarizeCall(call) });
  const pending = pendingForHumans(queue.get(held.id)!);
  // Each preview answers only when the test says so, to play answers out of order.
  const answers: Array<{ input: GateApiInput<'previewChanges'>; answer(): void; fail(message: string): void }> = [];
  const approvals: Array<GateApiInput<'approve'>> = [];
  const api = {
    previewChanges: (sent: GateApiInput<'previewChanges'>) =>
      new Promise<PreviewChangesResult>((resolve, reject) => {
        const input = overTheWire(sent);
        answers.push({
          input,
          answer: () => {
            const p = previewEdit(queue, input.id, input.changes, { allowWorsePrice: input.allowWorsePrice });
            resolve(p.ok ? { ok: true, id: input.id, pending: pendingForHumans(p.edited), changes: p.changes, note: changesNote(p.changes) } : { ok: false, id: input.id, error: p.error, message: notAllowedWords(p.reason) });
          },
          fail: (message) => reject(new Error(message)),
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

  it('says "Not allowed" for a refused edit, never that the order "was not approved"', async () => {
    const { answers } = setup();
    fireEvent.change(screen.getByTestId('edit-volume'), { target: { value: '0.2' } });
    await waitFor(() => expect(answers).toHaveLength(1));
    await act(async () => answers[0]!.answer());
    expect((await screen.findByTestId('edit-refused')).textContent).toBe('Not allowed: The volume can only be lowered (the agent asked for 0.10).');
  });

  it('names the field a person typed wrong, instead of an internal "Invalid input for previewChanges"', async () => {
    const { answers } = setup();
    fireEvent.change(screen.getByTestId('edit-volume'), { target: { value: 'half' } });
    await waitFor(() => expect(answers).toHaveLength(1));
    expect(answers[0]!.input.changes).toEqual({ volume: 'half' });
    await act(async () => answers[0]!.answer());
    expect((await screen.findByTestId('edit-refused')).textContent).toBe('Not allowed: "volume" must be a number.');
    expect(screen.getByTestId('order-editor').textContent).not.toMatch(/Invalid input/);
    // No value the contract would refuse unread can be typed.
    expect(screen.getByTestId('edit-price').getAttribute('maxlength')).toBe('64');
  });

  it('drops an error once the person edits again, or once a preview succeeds', async () => {
    const { answers } = setup();
    const volume = screen.getByTestId('edit-volume');
    fireEvent.change(volume, { target: { value: '0.07' } });
    await waitFor(() => expect(answers).toHaveLength(1));
    await act(async () => answers[0]!.fail('Kraken Gate is not answering.'));
    expect((await screen.findByRole('alert')).textContent).toBe('Kraken Gate is not answering.');

    fireEvent.change(volume, { target: { value: '0.06' } });
    expect(screen.queryByText('Kraken Gate is not answering.')).toBeNull();
    await waitFor(() => expect(answers).toHaveLength(2));
    await act(async () => answers[1]!.fail('Kraken Gate is not answering.'));
    await screen.findByText('Kraken Gate is not answering.');

    // The same values, asked again (the checkbox and back): the answer that works clears the error.
    fireEvent.click(screen.getByTestId('edit-allow-worse'));
    fireEvent.click(screen.getByTestId('edit-allow-worse'));
    await waitFor(() => expect(answers).toHaveLength(4));
    await act(async () => answers[3]!.answer());
    await screen.findByTestId('edit-headline');
    expect(screen.queryByText('Kraken Gate is not answering.')).toBeNull();
  });

  it('offers no "worse price" for a market order: it has no limit price to make worse', () => {
    setup(MARKET_ORDER);
    expect(screen.getByTestId('edit-volume')).toBeTruthy();
    expect(screen.queryByTestId('edit-allow-worse')).toBeNull();
    expect(screen.getByTestId('order-editor').textContent).not.toMatch(/worse price/);
  });
});

describe('approve with changes on the card', () => {
  let core: FakeCore;
  afterEach(() => core?.queue.shutDown());

  function Cards() {
    return (
      <>
        {usePending().map((p) => (
          <ApprovalCard key={p.id} pending={p} now={Date.now()} focusDeny={false} onAllowSimilar={() => undefined} />
        ))}
      </>
    );
  }

  it("takes the card's refusal of the edited order away once the person edits it again", async () => {
    core = fakeCore();
    setBridge(core.bridge);
    await act(async () => void render(<Cards />));
    act(() => void core.hold('add_order', ORDER));
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('edit-open'));
    fireEvent.change(screen.getByTestId('edit-volume'), { target: { value: '0.05' } });
    await screen.findByTestId('edit-headline');
    // The rules look again at the moment of approval, and may refuse what the preview showed.
    Object.assign(core.bridge.api, {
      approve: async ({ id }: { id: string }) => ({ ok: false, id, error: 'refused-by-rules', message: `${id} was not sent: the rules refuse it now. Over the daily cap.` }),
    });
    await user.click(screen.getByTestId('edit-approve'));
    expect((await screen.findByTestId('card-problem')).textContent).toMatch(/Over the daily cap/);

    fireEvent.change(screen.getByTestId('edit-volume'), { target: { value: '0.01' } });
    expect(screen.queryByTestId('card-problem')).toBeNull();
  });
});
