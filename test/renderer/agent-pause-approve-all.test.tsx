// Deny & pause agent and Approve all on the Approvals page (issue 23, part 5; design rules 8 and
// 10). The fake core holds the calls in a real ApprovalQueue and decides a batch with the core's
// own ApprovalQueue.decideAll and preload/approve-all.ts, so the page offers exactly what the core
// would accept.
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { GateApi, GateApiInput, PausedAgent } from '../../preload/api.js';
import { batchBlocker } from '../../preload/approve-all.js';
import { formatClock } from '../../preload/clock.js';
import type { Risk } from '../../main/gate/approvals/index.js';
import { setBridge } from '../../renderer/bridge.js';
import { ApprovalsPage } from '../../renderer/pages/approvals-page.js';
import { fakeCore, PAPER_STATUS, type FakeCore } from './fake-core.js';

const NORMAL: Risk = { tier: 'normal', reasons: [] };
const UNUSUAL: Risk = { tier: 'unusual', reasons: ['fills at once, 60 % above the ask (50 000 USD)'] };
const order = (volume: number) => ({ pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume, price: '50000', validate: false });
const plain = (text: string | null | undefined) => (text ?? '').replace(/\u202f/g, ' ');

let core: FakeCore;
let sent: { pauses: Array<GateApiInput<'denyAndPauseAgent'>>; resumes: string[]; batches: Array<GateApiInput<'approveAll'>> };

/** The page on a fake core that pauses agents and approves batches as the gate does. */
async function show(): Promise<void> {
  core = fakeCore();
  sent = { pauses: [], resumes: [], batches: [] };
  let paused: PausedAgent[] = [];
  const status = () => ({ ...PAPER_STATUS, pending: core.queue.pending().length, ...(paused.length && { pausedAgents: paused }) });
  const extra: Partial<GateApi> = {
    status: async () => status(),
    denyAndPauseAgent: async (input) => {
      sent.pauses.push(input);
      const until = input.minutes === null ? undefined : new Date(Date.now() + input.minutes * 60_000).toISOString();
      paused = [{ agent: 'claude-code', client: 'claude-code', since: new Date().toISOString(), ...(until && { until }), by: 'web' }];
      core.queue.decide(input.id, { approve: false, by: 'web' });
      core.emit({ type: 'pending-decided', id: input.id, decision: 'rejected', by: 'web' });
      core.emit({ type: 'status', status: status() });
      return { ok: true, id: input.id, paused: paused[0]!, alsoDenied: [], message: 'Denied.' };
    },
    resumeAgent: async ({ agent }) => {
      sent.resumes.push(agent);
      paused = [];
      core.emit({ type: 'status', status: status() });
      return { ok: true, message: `${agent} is resumed.` };
    },
    approveAll: async (input) => {
      sent.batches.push(input);
      const result = core.queue.decideAll(input.calls, { by: 'web' }, batchBlocker);
      if (!result.ok) return { ok: false, blockers: result.blockers, message: 'Nothing was approved.' };
      for (const id of result.ids) core.emit({ type: 'pending-decided', id, decision: 'approved', by: 'web' });
      return { ok: true, approved: result.ids, stillWaiting: core.queue.pending().map((p) => p.id), message: `Approved ${result.ids.length} orders.` };
    },
  };
  const api = new Proxy(core.bridge.api, { get: (target, name: string) => extra[name as keyof GateApi] ?? target[name as keyof GateApi] });
  setBridge({ ...core.bridge, api });
  await act(async () => void render(<ApprovalsPage />));
}

function hold(volume: number, risk: Risk = NORMAL): string {
  let id = '';
  act(() => void (id = core.hold('add_order', order(volume), { risk, worth: { ok: true, value: volume * 50_000, currency: 'USD', basis: 'limit 50 000 USD' } }).id));
  return id;
}

const cards = () => screen.queryAllByTestId('approval-card');

afterEach(() => core?.queue.shutDown());

describe('Deny & pause agent', () => {
  it("denies the call and pauses its agent for the time chosen, with the reason typed; the page lists the pause with Resume", async () => {
    await show();
    hold(0.01);
    const card = await screen.findByTestId('approval-card');
    const user = userEvent.setup();
    await user.type(within(card).getByLabelText('Reason for the agent (optional)'), 'slow down');
    await user.click(within(card).getByRole('button', { name: 'Deny & pause agent…' }));
    const choice = within(card).getByRole('group', { name: 'Deny and pause claude-code' });
    // The first time has the focus; Escape would close it, nothing is sent before a time is chosen.
    expect(document.activeElement).toBe(within(choice).getByRole('button', { name: 'Deny and pause claude-code for 15 min' }));
    expect(sent.pauses).toEqual([]);
    await user.click(within(choice).getByRole('button', { name: 'Deny and pause claude-code for 1 hour' }));
    expect(sent.pauses).toEqual([{ id: expect.any(String), minutes: 60, reason: 'slow down' }]);
    await waitFor(() => expect(cards()).toHaveLength(0));

    const list = await screen.findByTestId('paused-agents');
    const until = formatClock(Date.now() + 60 * 60_000, { seconds: false });
    expect(list.textContent).toContain(`claude-code is paused until ${until}: its orders and amendments are refused; its reads and cancels pass.`);
    await user.click(within(list).getByRole('button', { name: 'Resume claude-code' }));
    expect(sent.resumes).toEqual(['claude-code']);
    await waitFor(() => expect(screen.queryByTestId('paused-agents')).toBeNull());
  });

  it('offers "until I resume it", and Cancel closes the choice without sending anything', async () => {
    await show();
    hold(0.01);
    const card = await screen.findByTestId('approval-card');
    const user = userEvent.setup();
    await user.click(within(card).getByRole('button', { name: 'Deny & pause agent…' }));
    await user.click(within(card).getByRole('button', { name: 'Cancel' }));
    expect(within(card).queryByRole('group', { name: 'Deny and pause claude-code' })).toBeNull();
    await user.click(within(card).getByRole('button', { name: 'Deny & pause agent…' }));
    await user.click(within(card).getByRole('button', { name: 'Deny and pause claude-code until you resume it' }));
    expect(sent.pauses).toEqual([{ id: expect.any(String), minutes: null }]);
    expect((await screen.findByTestId('paused-agents')).textContent).toContain('claude-code is paused until you resume it');
  });
});

describe('Approve all', () => {
  it('is offered only while two calls or more wait', async () => {
    await show();
    hold(0.01);
    await screen.findByTestId('approval-card');
    expect(screen.queryByTestId('approve-all')).toBeNull();
    hold(0.01);
    await screen.findByRole('button', { name: 'Approve all (2)' });
  });

  it('asks once with the count and the total, with the focus on "Keep them waiting", then approves exactly the calls shown', async () => {
    await show();
    const ids = [hold(0.008), hold(0.01), hold(0.007)];
    const hashes = core.queue.pending().map((p) => p.argsHash);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Approve all (3)' }));
    const ask = screen.getByTestId('approve-all-confirm');
    expect(plain(within(ask).getByText(/^Approve all/).textContent)).toBe('Approve all 3 orders (≈ 1 250 USD in all)?');
    expect(document.activeElement).toBe(within(ask).getByRole('button', { name: 'Keep them waiting' }));
    // A call that arrives while the question is open is not part of what the person confirmed.
    const late = hold(0.002);
    await waitFor(() => expect(cards()).toHaveLength(4));
    await user.click(within(ask).getByRole('button', { name: 'Approve 3 orders' }));
    expect(sent.batches).toEqual([{ calls: ids.map((id, i) => ({ id, argsHash: hashes[i] })) }]);
    await waitFor(() => expect(cards().map((c) => c.dataset.id)).toEqual([late]));
    expect(screen.getByTestId('approve-all-answer').textContent).toBe('Approved 3 orders.');
  });

  it('keeps its answer once nothing waits any more', async () => {
    await show();
    hold(0.01);
    hold(0.02);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Approve all (2)' }));
    await user.click(screen.getByRole('button', { name: 'Approve 2 orders' }));
    await screen.findByTestId('no-pending');
    expect(screen.getByTestId('approve-all-answer').textContent).toBe('Approved 2 orders.');
    expect(screen.queryByTestId('approve-all')).toBeNull();
  });

  it('is off while one call is not a normal order, and says which and why', async () => {
    await show();
    hold(0.01);
    const odd = hold(0.02, UNUSUAL);
    const button = await screen.findByRole('button', { name: 'Approve all (2)' });
    expect(button).toHaveProperty('disabled', true);
    const note = screen.getByTestId('approve-all-off');
    expect(note.textContent).toBe(`Approve all is off: ${odd}: unusual: fills at once, 60 % above the ask (50 000 USD). Decide it on the card.`);
    expect(button.getAttribute('aria-describedby')).toBe(note.id);
  });

  it("says in place when the core approved none (a card changed before the click reached it)", async () => {
    await show();
    const [first] = [hold(0.01), hold(0.01)];
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Approve all (2)' }));
    act(() => void core.queue.decide(first!, { approve: false, by: 'cli' }));
    await user.click(screen.getByRole('button', { name: 'Approve 2 orders' }));
    expect((await screen.findByTestId('approve-all-answer')).getAttribute('role')).toBe('alert');
    expect(screen.getByTestId('approve-all-answer').textContent).toBe('Nothing was approved.');
    expect(core.queue.pending()).toHaveLength(1);
  });
});
