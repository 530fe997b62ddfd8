// The card follows the core's risk tier (issue 23, part 2; design rule 4): a normal order approves
// in one step; an unusual one is coloured, says why in an alert and approves only after CONFIRM is
// typed (and then says so: confirmRisk); a blocked one cannot be approved as it is, only denied or
// approved smaller. The fake core holds the calls in a real ApprovalQueue, so a card that shows
// less than the core asks for meets the core's refusal, said in place.
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { assessRisk, RISK_CONFIRMATION as CORE_CONFIRMATION, type Risk } from '../../main/gate/approvals/index.js';
import { setBridge } from '../../renderer/bridge.js';
import { ApprovalCard } from '../../renderer/components/approval-card.js';
import { usePending } from '../../renderer/hooks/gate-store.js';
import { useNow } from '../../renderer/hooks/use-now.js';
import { RISK_CONFIRMATION } from '../../renderer/lib/risk.js';
import { fakeCore, type FakeCore } from './fake-core.js';

const buy = (volume: number, price: string) => ({ pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume, price, validate: false });
const TOUCH = { bid: 49_990, ask: 50_000 };
/** The core's own words, weighed against the paper account (10 000 USD) and XBT/USD at 50 000. */
const NORMAL: Risk = assessRisk({ side: 'buy', spends: { amount: 98, currency: 'USD' }, holds: 10_000, limit: 50_000, touch: TOUCH, quoteCurrency: 'USD' });
const UNUSUAL: Risk = assessRisk({ side: 'buy', spends: { amount: 800, currency: 'USD' }, holds: 10_000, limit: 80_000, touch: TOUCH, quoteCurrency: 'USD' });
const BLOCKED: Risk = assessRisk({ side: 'buy', spends: { amount: 25_000, currency: 'USD' }, holds: 10_000 });
const plain = (text: string | null | undefined) => (text ?? '').replace(/\u202f/g, ' ');

/** The Approvals page's cards, from the live store, as the page lays them out. */
function Cards() {
  const pending = usePending();
  const now = useNow(500);
  return (
    <>
      {pending.map((p, i) => (
        <ApprovalCard key={p.id} pending={p} now={now} focusDeny={i === 0} onAllowSimilar={() => undefined} />
      ))}
    </>
  );
}

let core: FakeCore;

async function show(): Promise<void> {
  core = fakeCore();
  setBridge(core.bridge);
  await act(async () => void render(<Cards />));
}

async function hold(args: Record<string, unknown>, risk?: Risk) {
  let pending!: ReturnType<FakeCore['hold']>;
  act(() => void (pending = core.hold('add_order', args, risk && { risk })));
  const card = await screen.findByTestId('approval-card');
  return { pending, card };
}

const approveButton = (card: HTMLElement) => within(card).getByRole('button', { name: 'Approve once' });

afterEach(() => core?.queue.shutDown());

describe('risk tiers on the approval card', () => {
  it('keeps the word the core checks for', () => {
    expect(RISK_CONFIRMATION).toBe(CORE_CONFIRMATION);
  });

  it('a normal order: no banner, no confirmation, one click approves it', async () => {
    await show();
    expect(NORMAL.tier).toBe('normal');
    const { pending, card } = await hold(buy(0.00196, '50000'), NORMAL);
    expect(card.dataset.tier).toBe('normal');
    expect(within(card).queryByTestId('risk-banner')).toBeNull();
    expect(within(card).queryByTestId('risk-confirm')).toBeNull();
    expect(approveButton(card)).toHaveProperty('disabled', false);
    await userEvent.setup().click(approveButton(card));
    await waitFor(() => expect(screen.queryByTestId('approval-card')).toBeNull());
    expect(core.approvals).toEqual([{ id: pending.id, argsHash: pending.argsHash }]);
  });

  it('an unusual order: coloured, an alert saying why, and Approve only once CONFIRM is typed; it then sends confirmRisk, and the keyboard gets there', async () => {
    await show();
    const { pending, card } = await hold(buy(0.01, '80000'), UNUSUAL);
    expect(card.dataset.tier).toBe('unusual');
    expect(card.className).toMatch(/\brisk-unusual\b/);
    const banner = within(card).getByRole('alert');
    expect(banner.dataset.testid).toBe('risk-banner');
    expect(plain(banner.textContent)).toBe('Unusual order: read why, then type CONFIRM (or the amount) to approve it.fills at once, 60 % above the ask (50 000 USD)');
    // The card and its Approve button are described by the reasons.
    expect(card.getAttribute('aria-describedby')).toBe(banner.id);
    expect(approveButton(card).getAttribute('aria-describedby')).toBe(banner.id);

    const approve = approveButton(card);
    expect(approve).toHaveProperty('disabled', true);
    const user = userEvent.setup();
    const field = within(card).getByLabelText('Type CONFIRM or the amount (0.01) to approve this unusual order');
    await user.type(field, 'confirm');
    expect(approve).toHaveProperty('disabled', true);
    await user.clear(field);
    await user.type(field, 'CONFIRM');
    expect(approve).toHaveProperty('disabled', false);

    // From the field, Tab reaches Approve (past the reason and Deny), and Enter presses it.
    for (let i = 0; i < 6 && document.activeElement !== approve; i++) await user.tab();
    expect(document.activeElement).toBe(approve);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByTestId('approval-card')).toBeNull());
    expect(core.approvals).toEqual([{ id: pending.id, argsHash: pending.argsHash, confirmRisk: 'CONFIRM' }]);
  });

  it("an unusual order is confirmed by its amount too, as the field's label says, and the core takes it", async () => {
    await show();
    const { pending, card } = await hold(buy(0.01, '80000'), UNUSUAL);
    const user = userEvent.setup();
    const field = within(card).getByLabelText('Type CONFIRM or the amount (0.01) to approve this unusual order');
    await user.type(field, '0.02');
    expect(approveButton(card)).toHaveProperty('disabled', true);
    await user.clear(field);
    await user.type(field, '0.010');
    expect(approveButton(card)).toHaveProperty('disabled', false);
    await user.click(approveButton(card));
    await waitFor(() => expect(screen.queryByTestId('approval-card')).toBeNull());
    expect(core.approvals).toEqual([{ id: pending.id, argsHash: pending.argsHash, confirmRisk: '0.010' }]);
    expect(core.queue.get(pending.id)).toBeUndefined();
  });

  it('a blocked order: danger colour, the reason, Approve off with its explanation; Deny still works', async () => {
    await show();
    const { pending, card } = await hold(buy(0.5, '50000'), BLOCKED);
    expect(card.dataset.tier).toBe('blocked');
    expect(card.className).toMatch(/\brisk-blocked\b/);
    const banner = within(card).getByRole('alert');
    expect(plain(banner.textContent)).toBe(
      'This order cannot be approved as it is: the account cannot pay it.needs ≈ 25 000 USD; the account holds 10 000 USDDeny it, or approve a smaller order with changes (after typing CONFIRM).',
    );
    const approve = approveButton(card);
    expect(approve).toHaveProperty('disabled', true);
    expect(approve.getAttribute('aria-describedby')).toBe(banner.id);
    expect(within(card).getByTestId('approve-off').textContent).toBe('Approve is off: the account cannot pay this order.');
    // No confirmation can unlock it: there is none to type until the person edits the order.
    expect(within(card).queryByTestId('risk-confirm')).toBeNull();

    await userEvent.setup().click(within(card).getByRole('button', { name: 'Deny' }));
    await waitFor(() => expect(screen.queryByTestId('approval-card')).toBeNull());
    expect(core.approvals).toEqual([]);
    expect(core.queue.get(pending.id)).toBeUndefined();
  });

  it('a blocked order approved smaller: the editor asks for CONFIRM too, and sends the changes with confirmRisk', async () => {
    await show();
    const { pending, card } = await hold(buy(0.5, '50000'), BLOCKED);
    const user = userEvent.setup();
    await user.click(within(card).getByTestId('edit-open'));
    const field = within(card).getByLabelText('Type CONFIRM or the amount (0.50) to approve a smaller order with changes');
    await user.clear(within(card).getByTestId('edit-volume'));
    await user.type(within(card).getByTestId('edit-volume'), '0.1');
    await waitFor(() => expect(plain(within(card).getByTestId('edit-headline').textContent)).toBe('Buy 0.10 XBT/USD, limit 50 000 USD — about 5 000 USD'));
    const approve = within(card).getByTestId('edit-approve');
    expect(approve).toHaveProperty('disabled', true);
    expect(within(card).getByTestId('edit-needs-confirm').textContent).toBe('Type CONFIRM or the amount above to approve it.');

    await user.type(field, 'CONFIRM');
    expect(approve).toHaveProperty('disabled', false);
    await user.click(approve);
    await waitFor(() => expect(screen.queryByTestId('approval-card')).toBeNull());
    expect(core.approvals).toEqual([{ id: pending.id, changes: { volume: 0.1 }, argsHash: expect.any(String), confirmRisk: 'CONFIRM' }]);
  });

  it('a card older than the core\'s word: the refusal is shown in place, loudly, and the card asks what the core asks', async () => {
    await show();
    const { pending, card } = await hold(buy(0.01, '80000'), UNUSUAL);
    // The window saw this order as normal (a re-pricing the core has since overtaken).
    act(() => core.emit({ type: 'pending-updated', pending: { ...pending, risk: { tier: 'normal', reasons: [] } } }));
    await waitFor(() => expect(card.dataset.tier).toBe('normal'));
    const user = userEvent.setup();
    await user.click(approveButton(card));

    const problem = await within(card).findByTestId('card-problem');
    expect(problem.getAttribute('role')).toBe('alert');
    expect(plain(problem.textContent)).toBe(`${pending.id} is unusual: fills at once, 60 % above the ask (50 000 USD). Approve it only after typing CONFIRM. It is still waiting.`);
    expect(core.queue.get(pending.id)).toBeDefined();
    // It now asks for the confirmation, with the core's answer as the reason.
    expect(card.dataset.tier).toBe('unusual');
    expect(plain(within(card).getByTestId('risk-banner').textContent)).toContain('fills at once, 60 % above the ask');
    expect(approveButton(card)).toHaveProperty('disabled', true);
    await user.type(within(card).getByTestId('risk-confirm'), 'CONFIRM');
    await user.click(approveButton(card));
    await waitFor(() => expect(screen.queryByTestId('approval-card')).toBeNull());
    expect(core.approvals.map((a) => a.confirmRisk)).toEqual([undefined, 'CONFIRM']);
  });

  it('a stale card of a blocked order: the refusal says why and Approve turns off', async () => {
    await show();
    const { pending, card } = await hold(buy(0.5, '50000'), BLOCKED);
    act(() => core.emit({ type: 'pending-updated', pending: { ...pending, risk: undefined } }));
    await waitFor(() => expect(card.dataset.tier).toBe('normal'));
    await userEvent.setup().click(approveButton(card));
    const problem = await within(card).findByTestId('card-problem');
    expect(plain(problem.textContent)).toBe(`${pending.id} cannot be approved: the account cannot pay it (needs ≈ 25 000 USD; the account holds 10 000 USD). Deny it, or approve a smaller order. It is still waiting.`);
    expect(card.dataset.tier).toBe('blocked');
    expect(approveButton(card)).toHaveProperty('disabled', true);
  });

  it("shows the order's worth, and a trigger already met in the headline and a field", async () => {
    await show();
    const stop = { pair: 'XBTUSD', side: 'buy', ordertype: 'stop-loss', volume: 0.15, price: '40000', validate: false };
    let pending!: ReturnType<FakeCore['hold']>;
    act(() => void (pending = core.hold('add_order', stop, { worth: { ok: true, value: 7500, currency: 'USD', basis: '0.15 XBT × 50 000 USD; paper exchange ticker 12:03:04', firesAtOnce: true } })));
    const card = await screen.findByTestId('approval-card');
    expect(plain(within(card).getByRole('heading', { level: 2 }).textContent)).toMatch(/ — fires at once: a market order of ≈ 7 500 USD$/);
    const field = (label: string) => plain(within(card).getByText(label, { exact: true }).parentElement?.textContent);
    expect(field('Worth')).toBe('Worth≈ 7 500 USD (0.15 XBT × 50 000 USD; paper exchange ticker 12:03:04)');
    expect(field('Trigger')).toBe('Triggeralready reached: the order fires at once, as a market order');
    expect(pending.summary.worth).toMatchObject({ value: 7500, firesAtOnce: true });
  });
});
