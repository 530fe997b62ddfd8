// The financial pause in the window (issue 23, part 5): one switch named "Trading" with its state
// beside it; a pause that would refuse calls waiting for the person asks first, saying how many;
// while paused, a banner on the page says so and how to resume. The fake core holds the calls in a
// real ApprovalQueue and marks them as the core does (stoppedByPause).
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/app.js';
import { setBridge } from '../../renderer/bridge.js';
import { fakeCore, PAPER_STATUS, type FakeCore } from './fake-core.js';

const ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '50000', validate: false };

let core: FakeCore;
let switched: Array<'pause' | 'resume'>;

/** The window on a fake core whose pause and resume do what the gate's do: switch, refuse what waits, say so. */
async function show(): Promise<void> {
  core = fakeCore();
  switched = [];
  let paused = false;
  const status = () => ({ ...PAPER_STATUS, paused, pending: core.queue.pending().length });
  const flip = (to: boolean) => {
    switched.push(to ? 'pause' : 'resume');
    paused = to;
    const refused = to ? core.queue.pending().filter((p) => p.tool !== 'cancel_order') : [];
    core.queue.cancelAll((p) => refused.includes(p), 'Financial tools are paused', 'web', 'pause');
    for (const p of refused) core.emit({ type: 'pending-decided', id: p.id, decision: 'rejected', by: 'web' });
    core.emit({ type: 'status', status: status() });
    return { ...status(), changed: true };
  };
  Object.assign(core.bridge.api, { status: async () => status(), pause: async () => flip(true), resume: async () => flip(false) });
  setBridge(core.bridge);
  await act(async () => void render(<App />));
}

const tradingSwitch = () => screen.getByRole('switch', { name: 'Trading' });

afterEach(() => core?.queue.shutDown());

describe('the pause switch', () => {
  it('keeps one name, "Trading", and shows its state: Active, then Paused', async () => {
    await show();
    await waitFor(() => expect(tradingSwitch().getAttribute('aria-checked')).toBe('true'));
    expect(tradingSwitch().textContent).toBe('Trading: Active');
    await userEvent.setup().click(tradingSwitch());
    await waitFor(() => expect(tradingSwitch().getAttribute('aria-checked')).toBe('false'));
    expect(tradingSwitch().textContent).toBe('Trading: Paused');
    expect(switched).toEqual(['pause']);
  });

  it('asks before refusing the calls that wait, with how many; "Keep trading" leaves them waiting', async () => {
    await show();
    act(() => {
      for (let i = 0; i < 3; i++) core.hold('add_order', ORDER);
    });
    await waitFor(() => expect(screen.getAllByTestId('approval-card')).toHaveLength(3));
    const user = userEvent.setup();
    await user.click(tradingSwitch());
    const ask = screen.getByRole('alertdialog', { name: '3 waiting orders will be refused. Pause?' });
    expect(ask.textContent).toContain('Pausing denies them now, and their agents are told trading is paused.');
    expect(switched).toEqual([]);

    await user.click(within(ask).getByRole('button', { name: 'Keep trading' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(tradingSwitch());
    expect(switched).toEqual([]);
    expect(core.queue.pending()).toHaveLength(3);

    await user.click(tradingSwitch());
    await user.click(screen.getByRole('button', { name: 'Pause and refuse them' }));
    await waitFor(() => expect(switched).toEqual(['pause']));
    await screen.findByTestId('no-pending');
  });

  it('pauses at once when nothing waiting would be refused: a cancel still passes while paused', async () => {
    await show();
    act(() => void core.hold('cancel_order', { txid_or_userref: 'O1' }));
    await screen.findByTestId('approval-card');
    await userEvent.setup().click(tradingSwitch());
    await waitFor(() => expect(switched).toEqual(['pause']));
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('while paused, a banner on the page says so and how to resume, and its button resumes', async () => {
    await show();
    expect(screen.queryByTestId('paused-banner')).toBeNull();
    const user = userEvent.setup();
    await user.click(tradingSwitch());
    const banner = await screen.findByTestId('paused-banner');
    expect(banner.textContent).toContain('Trading is paused. New orders and amendments are refused, including calls waiting for you; cancelling orders still works.');
    expect(banner.textContent).toContain('kraken-gate resume');
    await user.click(within(banner).getByRole('button', { name: 'Resume trading' }));
    await waitFor(() => expect(screen.queryByTestId('paused-banner')).toBeNull());
    expect(switched).toEqual(['pause', 'resume']);
    expect(tradingSwitch().getAttribute('aria-checked')).toBe('true');
  });
});
