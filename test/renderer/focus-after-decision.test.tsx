// After a decision the focus moves on with the person (issue 23, part 5): to the card that took the
// decided one's place, the last card when the last was decided, or the "nothing waiting" message,
// never back to the top of the page. The card takes the focus, not its Deny: a second Enter denies nothing.
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { setBridge } from '../../renderer/bridge.js';
import { ApprovalsPage } from '../../renderer/pages/approvals-page.js';
import { fakeCore, type FakeCore } from './fake-core.js';

const order = (volume: number) => ({ pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume, price: '50000', validate: false });

let core: FakeCore;

async function show(volumes: number[]): Promise<string[]> {
  core = fakeCore();
  setBridge(core.bridge);
  await act(async () => void render(<ApprovalsPage />));
  const ids: string[] = [];
  act(() => {
    for (const volume of volumes) ids.push(core.hold('add_order', order(volume)).id);
  });
  await waitFor(() => expect(screen.getAllByTestId('approval-card')).toHaveLength(volumes.length));
  return ids;
}

const card = (id: string) => screen.getAllByTestId('approval-card').find((c) => c.dataset.id === id)!;
const focusedCard = () => (document.activeElement as HTMLElement | null)?.dataset?.id;

afterEach(() => core?.queue.shutDown());

describe('the focus after a decision', () => {
  it('moves to the next card after a Deny from the keyboard, and a second Enter denies nothing', async () => {
    const [first, second, third] = await show([0.01, 0.02, 0.03]);
    const user = userEvent.setup();
    within(card(first!)).getByRole('button', { name: 'Deny' }).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(focusedCard()).toBe(second));
    await user.keyboard('{Enter}');
    expect(core.queue.pending().map((p) => p.id)).toEqual([second, third]);
  });

  it('moves to the card after an approved one, and to the last card when the last is decided', async () => {
    const [first, second, third] = await show([0.01, 0.02, 0.03]);
    const user = userEvent.setup();
    await user.click(within(card(second!)).getByRole('button', { name: 'Approve once' }));
    await waitFor(() => expect(focusedCard()).toBe(third));
    await user.click(within(card(third!)).getByRole('button', { name: 'Deny' }));
    await waitFor(() => expect(focusedCard()).toBe(first));
  });

  it('moves to the next card after an approval with changes', async () => {
    const [first, second] = await show([0.1, 0.2]);
    const user = userEvent.setup();
    await user.click(within(card(first!)).getByTestId('edit-open'));
    await user.clear(within(card(first!)).getByTestId('edit-volume'));
    await user.type(within(card(first!)).getByTestId('edit-volume'), '0.05');
    await within(card(first!)).findByTestId('edit-headline');
    await user.click(within(card(first!)).getByTestId('edit-approve'));
    await waitFor(() => expect(focusedCard()).toBe(second));
  });

  it('moves to the "nothing waiting" message after the last card, or after Deny all', async () => {
    const [only] = await show([0.01]);
    const user = userEvent.setup();
    await user.click(within(card(only!)).getByRole('button', { name: 'Deny' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('no-pending')));

    act(() => {
      core.hold('add_order', order(0.02));
      core.hold('add_order', order(0.03));
    });
    await user.click(await screen.findByRole('button', { name: 'Deny all (2)' }));
    await user.click(screen.getByRole('button', { name: 'Deny 2 calls' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('no-pending')));
  });
});
