import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApprovalQueue, hashArguments, summarizeCall, type ApprovalDecided, type HoldRequest } from '../../../main/gate/approvals/index.js';
import { isFinancialTool } from '../../../main/gate/catalog.js';
import { AgentGone } from '../../../main/gate/types.js';

const T0 = Date.UTC(2025, 0, 2, 13, 0, 0);

function order(args: Record<string, unknown> = { pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '50000', validate: false }): HoldRequest {
  const call = { tool: 'add_order', arguments: args };
  return { ...call, summary: summarizeCall(call), origin: { sessionId: 's1', clientName: 'claude' } };
}

function ticker(sessionId = 's1'): HoldRequest {
  const call = { tool: 'ticker', arguments: { pairs: 'XBTUSD' } };
  return { ...call, summary: summarizeCall(call), origin: { sessionId } };
}

function recordDecisions(queue: ApprovalQueue): ApprovalDecided[] {
  const seen: ApprovalDecided[] = [];
  queue.onDidDecide((e) => seen.push(e));
  return seen;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ApprovalQueue', () => {
  it('approves with exactly the held arguments, whatever the caller does to its object afterwards', async () => {
    const queue = new ApprovalQueue();
    const args: Record<string, unknown> = { pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '50000', validate: false, nested: { a: [1] } };
    const held = queue.hold(order(args));
    args.volume = 100;
    args.price = '1';
    (args.nested as { a: number[] }).a.push(2);
    delete args.validate;

    vi.advanceTimersByTime(1_500);
    expect(queue.decide(held.id, { approve: true, by: 'window', argsHash: held.argsHash })).toMatchObject({ ok: true });
    const outcome = await held.outcome;

    expect(outcome).toEqual({
      decision: 'approved',
      by: 'window',
      waitedMs: 1_500,
      arguments: { pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '50000', validate: false, nested: { a: [1] } },
    });
    expect(Object.isFrozen(outcome.arguments)).toBe(true);
    expect(Object.isFrozen((outcome.arguments.nested as { a: number[] }).a)).toBe(true);
    expect(held.argsHash).toBe(hashArguments(outcome.arguments));
  });

  it('rejects with the reason the human gave', async () => {
    const queue = new ApprovalQueue();
    const held = queue.hold(order());
    queue.decide(held.id, { approve: false, by: 'cli', reason: 'Too large' });
    await expect(held.outcome).resolves.toMatchObject({ decision: 'rejected', by: 'cli', reason: 'Too large' });
  });

  it('gives a rejection without a reason a default reason naming the surface', async () => {
    const queue = new ApprovalQueue();
    const held = queue.hold(order());
    queue.decide(held.id, { approve: false, by: 'notification' });
    await expect(held.outcome).resolves.toMatchObject({ decision: 'rejected', reason: 'Rejected by the user (notification)' });
  });

  it('expires an unanswered call after 120 s by default, as expired by timeout, never rejected', async () => {
    const queue = new ApprovalQueue();
    const held = queue.hold(order());
    vi.advanceTimersByTime(119_999);
    expect(queue.pending()).toHaveLength(1);
    expect(queue.remainingMs(held.id)).toBe(1);
    vi.advanceTimersByTime(1);
    await expect(held.outcome).resolves.toMatchObject({
      decision: 'expired',
      by: 'timeout',
      reason: 'Approval timed out after 120 s',
      waitedMs: 120_000,
    });
    expect(queue.pending()).toEqual([]);
    expect(queue.remainingMs(held.id)).toBeUndefined();
  });

  it('takes the timeout from the queue, and lets one hold override it', async () => {
    const queue = new ApprovalQueue({ timeoutMs: 30_000 });
    const short = queue.hold({ ...order(), timeoutMs: 1_500 });
    const normal = queue.hold(order());
    vi.advanceTimersByTime(1_500);
    await expect(short.outcome).resolves.toMatchObject({ decision: 'expired', reason: 'Approval timed out after 1.5 s' });
    vi.advanceTimersByTime(28_500);
    await expect(normal.outcome).resolves.toMatchObject({ decision: 'expired', reason: 'Approval timed out after 30 s' });
  });

  it('refuses a timeout that a timer cannot hold', () => {
    expect(() => new ApprovalQueue({ timeoutMs: 0 })).toThrow(RangeError);
    expect(() => new ApprovalQueue().hold({ ...order(), timeoutMs: 2 ** 31 })).toThrow(RangeError);
  });

  it('runs on an injected clock and timer without any real time passing', async () => {
    vi.useRealTimers();
    let now = 1_000;
    const timers: { fn: () => void; at: number }[] = [];
    const queue = new ApprovalQueue({
      timeoutMs: 5_000,
      now: () => now,
      setTimeout: (fn, ms) => timers.push({ fn, at: now + ms }),
      clearTimeout: () => undefined,
    });
    const held = queue.hold(order());
    expect(queue.pending()[0]).toMatchObject({ createdAt: new Date(1_000).toISOString(), expiresAt: new Date(6_000).toISOString() });
    now = 4_000;
    expect(queue.remainingMs(held.id)).toBe(2_000);
    now = 6_000;
    timers[0]?.fn();
    await expect(held.outcome).resolves.toMatchObject({ decision: 'expired', waitedMs: 5_000 });
  });

  it('withdraws the call as cancelled by the client when its signal aborts', async () => {
    const queue = new ApprovalQueue();
    const controller = new AbortController();
    const held = queue.hold({ ...order(), signal: controller.signal });
    controller.abort();
    await expect(held.outcome).resolves.toMatchObject({ decision: 'cancelled', by: 'client', reason: 'Client cancelled the request' });
    expect(queue.pending()).toEqual([]);
    expect(queue.decide(held.id, { approve: true, by: 'window' })).toEqual({ ok: false, error: 'already-decided', decided: { decision: 'cancelled', by: 'client', at: expect.any(String) } });
  });

  it('cancels at once a call whose signal was aborted before it was held, still with one add and one decide', async () => {
    const queue = new ApprovalQueue();
    const adds = vi.fn();
    queue.onDidAdd(adds);
    const decided = recordDecisions(queue);
    const held = queue.hold({ ...order(), signal: AbortSignal.abort() });
    await expect(held.outcome).resolves.toMatchObject({ decision: 'cancelled', by: 'client' });
    expect(adds).toHaveBeenCalledTimes(1);
    expect(decided).toHaveLength(1);
  });

  it('stops listening to a shared session signal once the call is decided', () => {
    const queue = new ApprovalQueue();
    const controller = new AbortController();
    const removed = vi.spyOn(controller.signal, 'removeEventListener');
    const held = queue.hold({ ...order(), signal: controller.signal });
    queue.decide(held.id, { approve: true, by: 'tray' });
    expect(removed).toHaveBeenCalledWith('abort', expect.any(Function));
    const decided = recordDecisions(queue);
    controller.abort();
    expect(decided).toEqual([]);
  });

  it('applies only the first decision; later ones are refused as already decided', async () => {
    const queue = new ApprovalQueue();
    const held = queue.hold(order());
    expect(queue.decide(held.id, { approve: false, by: 'notification' }).ok).toBe(true);
    // The late surface learns who was first, and when.
    expect(queue.decide(held.id, { approve: true, by: 'window' })).toEqual({
      ok: false,
      error: 'already-decided',
      decided: { decision: 'rejected', by: 'notification', at: new Date(Date.now()).toISOString() },
    });
    vi.advanceTimersByTime(200_000);
    await expect(held.outcome).resolves.toMatchObject({ decision: 'rejected', by: 'notification' });
  });

  it('answers unknown-id for an id it never held', () => {
    const queue = new ApprovalQueue();
    queue.hold(order());
    expect(queue.decide('ZZZZZZZZ', { approve: true, by: 'cli' })).toEqual({ ok: false, error: 'unknown-id' });
  });

  it('refuses an approval for different arguments than the ones held, and keeps the call waiting', async () => {
    const queue = new ApprovalQueue();
    const held = queue.hold(order());
    const other = hashArguments({ pair: 'XBTUSD', side: 'buy', volume: 10, price: '50000', validate: false });
    expect(queue.decide(held.id, { approve: true, by: 'window', argsHash: other })).toEqual({ ok: false, error: 'args-mismatch' });
    expect(queue.pending().map((p) => p.id)).toEqual([held.id]);
    expect(queue.decide(held.id, { approve: true, by: 'window', argsHash: held.argsHash }).ok).toBe(true);
    await expect(held.outcome).resolves.toMatchObject({ decision: 'approved' });
  });

  it('binds the hash to the arguments, not to the order their keys were written in', () => {
    const queue = new ApprovalQueue();
    const a = queue.hold(order({ pair: 'XBTUSD', side: 'buy', price: '50000' }));
    const b = queue.hold(order({ price: '50000', side: 'buy', pair: 'XBTUSD' }));
    expect(a.argsHash).toBe(b.argsHash);
    expect(a.argsHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts an id typed by a human in lower case, with a dash or look-alike letters', () => {
    const queue = new ApprovalQueue({ newId: () => 'AB01CD1E' });
    const held = queue.hold(order());
    expect(held.id).toBe('AB01CD1E');
    expect(queue.decide('abOi-cdLe', { approve: true, by: 'cli' }).ok).toBe(true);
  });

  it('issues short, typeable, distinct ids', () => {
    const queue = new ApprovalQueue();
    const ids = Array.from({ length: 200 }, () => queue.hold(order()).id);
    for (const id of ids) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(new Set(ids).size).toBe(200);
  });

  it('rejects only the financial calls when financial tools are paused', async () => {
    const queue = new ApprovalQueue();
    const buy = queue.hold(order());
    const read = queue.hold(ticker());
    const count = queue.cancelAll((p) => isFinancialTool(p.tool), 'Financial tools are paused', 'tray');
    expect(count).toBe(1);
    await expect(buy.outcome).resolves.toMatchObject({ decision: 'rejected', by: 'tray', reason: 'Financial tools are paused' });
    expect(queue.pending().map((p) => p.id)).toEqual([read.id]);
  });

  it('records the reason the gateway gives when the agent went away (AgentGone), not a cancel it never sent', async () => {
    const queue = new ApprovalQueue();
    const controller = new AbortController();
    const held = queue.hold({ ...order(), signal: controller.signal });
    controller.abort(new AgentGone('The agent went away: its request was closed before the answer.'));
    await expect(held.outcome).resolves.toMatchObject({ decision: 'cancelled', by: 'client', reason: 'The agent went away: its request was closed before the answer.' });
  });

  it('on shutdown withdraws every waiting call as cancelled by the shutdown, and any call held afterwards at once', async () => {
    const queue = new ApprovalQueue();
    const decided = recordDecisions(queue);
    const waiting = [queue.hold(order()), queue.hold(ticker('s2'))];
    expect(queue.shutDown()).toBe(2);
    for (const held of waiting) {
      await expect(held.outcome).resolves.toMatchObject({ decision: 'cancelled', by: 'shutdown', reason: expect.stringMatching(/^Kraken Gate is shutting down/) });
    }
    const late = queue.hold(order());
    await expect(late.outcome).resolves.toMatchObject({ decision: 'cancelled', by: 'shutdown' });
    expect(queue.pending()).toEqual([]);
    expect(decided).toHaveLength(3);
    expect(queue.decide(late.id, { approve: true, by: 'cli' })).toEqual({ ok: false, error: 'already-decided', decided: { decision: 'cancelled', by: 'shutdown', at: expect.any(String) } });
  });

  it('fires onDidDecide exactly once per call, whichever way it ends', async () => {
    const queue = new ApprovalQueue();
    const decided = recordDecisions(queue);
    const controller = new AbortController();
    const approved = queue.hold(order());
    const expired = queue.hold({ ...order(), timeoutMs: 10 });
    const cancelled = queue.hold({ ...order(), signal: controller.signal });
    const paused = queue.hold(order());

    queue.decide(approved.id, { approve: true, by: 'window' });
    queue.decide(approved.id, { approve: false, by: 'cli' });
    vi.advanceTimersByTime(10);
    controller.abort();
    queue.cancelAll(() => true, 'Financial tools are paused', 'window');
    vi.advanceTimersByTime(500_000);
    controller.abort();

    expect(decided.map((d) => [d.approval.id, d.outcome.decision])).toEqual([
      [approved.id, 'approved'],
      [expired.id, 'expired'],
      [cancelled.id, 'cancelled'],
      [paused.id, 'rejected'],
    ]);
    for (const [held, event] of [approved, expired, cancelled, paused].map((h, i) => [h, decided[i]] as const)) {
      expect(await held.outcome).toBe(event?.outcome);
    }
  });

  it('announces a new call with onDidAdd, and stops telling a listener that unsubscribed', () => {
    const queue = new ApprovalQueue();
    const added: string[] = [];
    const dispose = queue.onDidAdd((p) => added.push(p.id));
    const first = queue.hold(order());
    dispose();
    queue.hold(order());
    expect(added).toEqual([first.id]);
  });

  it('keeps deciding when a surface listening to it throws', async () => {
    const queue = new ApprovalQueue();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    queue.onDidDecide(() => {
      throw new Error('tray crashed');
    });
    const decided = recordDecisions(queue);
    const held = queue.hold(order());
    expect(queue.decide(held.id, { approve: true, by: 'cli' }).ok).toBe(true);
    await expect(held.outcome).resolves.toMatchObject({ decision: 'approved' });
    expect(decided).toHaveLength(1);
    expect(errors).toHaveBeenCalledTimes(1);
    errors.mockRestore();
  });

  it('lets a listener decide a call as soon as it is added', async () => {
    const queue = new ApprovalQueue();
    queue.onDidAdd((p) => queue.decide(p.id, { approve: true, by: 'cli' }));
    const decided = recordDecisions(queue);
    const held = queue.hold({ ...order(), signal: AbortSignal.abort() });
    await expect(held.outcome).resolves.toMatchObject({ decision: 'approved' });
    expect(decided).toHaveLength(1);
  });

  it('lists waiting calls oldest first, with what a surface needs to show them', () => {
    const queue = new ApprovalQueue();
    const first = queue.hold(order());
    vi.advanceTimersByTime(2_000);
    const second = queue.hold(ticker('s2'));
    vi.advanceTimersByTime(1_000);
    const third = queue.hold(order({ pair: 'ETHUSD', side: 'sell', volume: 2, price: '3000' }));
    queue.decide(second.id, { approve: true, by: 'cli' });

    const pending = queue.pending();
    expect(pending.map((p) => p.id)).toEqual([first.id, third.id]);
    expect(pending[0]).toEqual({
      id: first.id,
      tool: 'add_order',
      arguments: { pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '50000', validate: false },
      argsHash: first.argsHash,
      summary: summarizeCall({ tool: 'add_order', arguments: { pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '50000', validate: false } }),
      createdAt: '2025-01-02T13:00:00.000Z',
      expiresAt: '2025-01-02T13:02:00.000Z',
      origin: { sessionId: 's1', clientName: 'claude' },
    });
    expect(pending[1]).toMatchObject({ createdAt: '2025-01-02T13:00:03.000Z', expiresAt: '2025-01-02T13:02:03.000Z' });
    expect(queue.get(third.id)).toBe(pending[1]);
    expect(Object.isFrozen(pending[0]?.summary)).toBe(true);
  });
});
