// "Allow similar…" stays on the card (issue 23, part 5): the panel opens inside the held call's
// card, says the one rule in words with its cap, and saves it from there; the page does not move,
// and the call still waits for its own decision. Saved and judged by the real engine (fake core).
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { compilePolicy, evaluatePolicy, parsePolicyText } from '../../main/gate/policy/index.js';
import { setBridge } from '../../renderer/bridge.js';
import { ApprovalCard } from '../../renderer/components/approval-card.js';
import { usePending } from '../../renderer/hooks/gate-store.js';
import { useNow } from '../../renderer/hooks/use-now.js';
import { fakeCore, type FakeCore } from './fake-core.js';

const ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '50000', validate: false };

let core: FakeCore;
afterEach(() => core?.queue.shutDown());

function Cards({ onEditor }: { onEditor(): void }) {
  const now = useNow(500);
  return (
    <>
      {usePending().map((p) => (
        <ApprovalCard key={p.id} pending={p} now={now} focusDeny={false} onAllowSimilar={onEditor} />
      ))}
    </>
  );
}

describe('Allow similar… on the approval card', () => {
  it('opens on the card, says the rule and its cap, and saves one allow_if from there', async () => {
    core = fakeCore();
    setBridge(core.bridge);
    window.location.hash = '#/approvals';
    let editorOpened = 0;
    await act(async () => void render(<Cards onEditor={() => editorOpened++} />));
    act(() => void core.hold('add_order', ORDER));
    const card = await screen.findByTestId('approval-card');
    const user = userEvent.setup();
    await user.click(within(card).getByRole('button', { name: 'Allow similar…' }));

    const panel = await within(card).findByTestId('allow-similar');
    expect(within(panel).getByTestId('similar-scope').textContent).toBe(
      'add_order calls with pair = "XBTUSD", side = "buy", ordertype = "limit", volume ≤ 0.1 and price ≤ 50000 go through without asking you, at most 5 such orders per hour; past that, they ask you again. Every other add_order call that asks you now still will.',
    );
    await user.clear(within(panel).getByTestId('allowance-max'));
    await user.type(within(panel).getByTestId('allowance-max'), '3');
    await user.click(within(panel).getByRole('button', { name: 'Save this rule' }));

    await waitFor(() => expect(core.saves).toHaveLength(1));
    expect(within(card).getByTestId('similar-saved').textContent).toMatch(/^Saved: add_order calls with .* at most 3 such orders per hour; .* This call still waits for your decision above\./);
    const saved = JSON.parse(core.saves[0]!) as { tools: { add_order: { allow_if: unknown[] } } };
    expect(saved.tools.add_order.allow_if).toEqual([
      {
        id: expect.stringMatching(/^r-[a-z2-9]{4}$/),
        conditions: [
          { path: 'args.pair', op: 'eq', value: 'XBTUSD' },
          { path: 'args.side', op: 'eq', value: 'buy' },
          { path: 'args.ordertype', op: 'eq', value: 'limit' },
          { path: 'args.volume', op: 'lte', value: 0.1 },
          { path: 'args.price', op: 'lte', value: 50000 },
        ],
        limit: { max: 3, window: 'hour' },
      },
    ]);
    const parsed = parsePolicyText(core.saves[0]!);
    expect(parsed.ok && evaluatePolicy(compilePolicy(parsed.policy), { tool: 'add_order', arguments: ORDER }, { paused: false, knownTools: undefined, limitCheck: () => undefined }).action).toBe('allow');
    // The page stayed, the card too: the call still waits for its own decision.
    expect(window.location.hash).toBe('#/approvals');
    expect(within(card).getByRole('button', { name: 'Approve once' })).toBeTruthy();
    expect(editorOpened).toBe(0);
  });

  it('leaves the full editor one click away, and Cancel closes the panel', async () => {
    core = fakeCore();
    setBridge(core.bridge);
    let editorOpened = 0;
    await act(async () => void render(<Cards onEditor={() => editorOpened++} />));
    act(() => void core.hold('add_order', ORDER));
    const card = await screen.findByTestId('approval-card');
    const user = userEvent.setup();
    await user.click(within(card).getByRole('button', { name: 'Allow similar…' }));
    await user.click(await within(card).findByRole('button', { name: 'Edit it in the Rules page instead…' }));
    expect(editorOpened).toBe(1);
    await user.click(within(card).getByRole('button', { name: 'Cancel' }));
    expect(within(card).queryByTestId('allow-similar')).toBeNull();
    expect(core.saves).toEqual([]);
  });
});
