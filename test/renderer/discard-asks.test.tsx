// Dropping typed work asks first (issue 23, part 5): "Cancel changes" in the card's editor, once a
// value differs from the agent's, asks before the edit is dropped; with nothing typed it closes at
// once. The Rules page's Discard asks the same way (rule-editor.test.tsx).
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { setBridge } from '../../renderer/bridge.js';
import { ApprovalCard } from '../../renderer/components/approval-card.js';
import { usePending } from '../../renderer/hooks/gate-store.js';
import { useNow } from '../../renderer/hooks/use-now.js';
import { fakeCore, type FakeCore } from './fake-core.js';

const ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '50000', validate: false };

let core: FakeCore;
afterEach(() => core?.queue.shutDown());

function Cards() {
  const now = useNow(500);
  return (
    <>
      {usePending().map((p) => (
        <ApprovalCard key={p.id} pending={p} now={now} focusDeny={false} onAllowSimilar={() => undefined} />
      ))}
    </>
  );
}

async function openEditor() {
  core = fakeCore();
  setBridge(core.bridge);
  await act(async () => void render(<Cards />));
  act(() => void core.hold('add_order', ORDER));
  const user = userEvent.setup();
  await user.click(await screen.findByTestId('edit-open'));
  return user;
}

describe("the editor's Cancel changes", () => {
  it('closes at once while nothing was changed, and gives the focus back to the button that opened it', async () => {
    const user = await openEditor();
    await user.click(screen.getByTestId('edit-cancel'));
    expect(screen.queryByTestId('order-editor')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('edit-open'));
  });

  it('asks before dropping a changed value; "Keep editing" keeps it, "Drop changes" closes the editor', async () => {
    const user = await openEditor();
    await user.clear(screen.getByTestId('edit-volume'));
    await user.type(screen.getByTestId('edit-volume'), '0.05');
    await screen.findByTestId('edit-headline');

    await user.click(screen.getByTestId('edit-cancel'));
    const ask = screen.getByRole('alertdialog', { name: 'Drop your changes to this order?' });
    expect(ask.textContent).toContain('The order keeps waiting for you as the agent asked it.');
    // A stray Enter keeps the work.
    expect(document.activeElement).toBe(within(ask).getByRole('button', { name: 'Keep editing' }));
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.getByTestId('edit-volume')).toHaveProperty('value', '0.05');

    await user.click(screen.getByTestId('edit-cancel'));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('edit-cancel'));

    await user.click(screen.getByTestId('edit-cancel'));
    await user.click(screen.getByRole('button', { name: 'Drop changes' }));
    await waitFor(() => expect(screen.queryByTestId('order-editor')).toBeNull());
    expect(document.activeElement).toBe(screen.getByTestId('edit-open'));
    expect(core.queue.pending()).toHaveLength(1);
    expect(core.approvals).toEqual([]);
  });
});
