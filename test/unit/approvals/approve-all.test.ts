// Approve all (design rule 10): which calls may go together (preload/approve-all.ts), and the
// queue's all-or-nothing decision of a batch (ApprovalQueue.decideAll).
import { describe, expect, it } from 'vitest';
import { approveAllQuestion, batchBlocker, batchTotal } from '../../../preload/approve-all.js';
import { ApprovalQueue, summarizeCall, withWorth, type HoldRequest, type Risk } from '../../../main/gate/approvals/index.js';

const NORMAL: Risk = { tier: 'normal', reasons: [] };

function order(volume: number, options: { risk?: Risk; worth?: number; onApprove?: HoldRequest['onApprove']; onUndoApprove?: () => void } = {}): HoldRequest {
  const call = { tool: 'add_order', arguments: { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume, price: '50000', validate: false } };
  const worth = options.worth ?? volume * 50_000;
  return {
    ...call,
    summary: withWorth(summarizeCall(call), { ok: true, value: worth, charge: worth, currency: 'USD', basis: 'limit' } as never),
    risk: options.risk ?? NORMAL,
    origin: { sessionId: 's1', clientName: 'claude-code' },
    ...(options.onApprove && { onApprove: options.onApprove }),
    ...(options.onUndoApprove && { onUndoApprove: options.onUndoApprove }),
  };
}

const shown = (queue: ApprovalQueue) => queue.pending().map((p) => ({ id: p.id, argsHash: p.argsHash }));

describe('which calls may be approved together', () => {
  const held = (request: HoldRequest) => {
    const queue = new ApprovalQueue();
    return queue.get(queue.hold(request).id)!;
  };

  it('takes a normal order put into words, with its worth known', () => {
    expect(batchBlocker(held(order(0.01)))).toBeUndefined();
  });

  it('leaves out, saying why: an unusual or blocked order, one not weighed, one not in words, a call that is not an order', () => {
    expect(batchBlocker(held(order(0.01, { risk: { tier: 'unusual', reasons: ['fills at once, 60 % above the ask'] } })))).toBe('unusual: fills at once, 60 % above the ask');
    expect(batchBlocker(held(order(0.01, { risk: { tier: 'blocked', reasons: ['needs ≈ 500 USD; the account holds 10 USD'] } })))).toBe('blocked: needs ≈ 500 USD; the account holds 10 USD');
    const { risk: _, ...unweighed } = order(0.01);
    expect(batchBlocker(held(unweighed))).toBe('it could not be weighed against the account and the market');
    const call = { tool: 'add_order', arguments: { pair: 'XBTUSD', side: 'buy', ordertype: 'market', volume: 0.01, validate: false } };
    const unworthed = { ...call, summary: summarizeCall(call), risk: NORMAL };
    expect(batchBlocker(held(unworthed))).toBe('its worth is not known');
    expect(batchBlocker({ tool: 'add_order', summary: { readable: false }, risk: NORMAL })).toBe('its arguments cannot be put into words');
    const cancel = { tool: 'cancel_order', arguments: { txid_or_userref: 'O1' } };
    expect(batchBlocker(held({ ...cancel, summary: summarizeCall(cancel) }))).toBe('not an order (cancel_order): decide it on its own');
  });

  it('asks with the count and the total', () => {
    const calls = [held(order(0.01)), held(order(0.015))];
    expect(batchTotal(calls)).toEqual({ value: 1250, currency: 'USD' });
    expect(approveAllQuestion(calls, (n) => n.toLocaleString('en-US'))).toBe('Approve all 2 orders (≈ 1,250 USD in all)?');
  });
});

describe('ApprovalQueue.decideAll', () => {
  it('approves every call shown, each with its own outcome, proof and surface', async () => {
    const queue = new ApprovalQueue();
    const a = queue.hold(order(0.01));
    const b = queue.hold(order(0.02));
    const result = queue.decideAll(shown(queue), { by: 'web', proof: 'code' }, batchBlocker);
    expect(result).toMatchObject({ ok: true, ids: [a.id, b.id] });
    expect(await a.outcome).toMatchObject({ decision: 'approved', by: 'web', proof: 'code' });
    expect(await b.outcome).toMatchObject({ decision: 'approved', by: 'web', proof: 'code' });
    expect(queue.pending()).toEqual([]);
  });

  it('approves none when one is not a normal order, and says which and why', () => {
    const queue = new ApprovalQueue();
    queue.hold(order(0.01));
    const odd = queue.hold(order(0.02, { risk: { tier: 'unusual', reasons: ['uses 95 % of the 1 000 USD the account holds'] } }));
    const result = queue.decideAll(shown(queue), { by: 'web' }, batchBlocker);
    expect(result).toEqual({ ok: false, blockers: [{ id: odd.id, reason: 'unusual: uses 95 % of the 1 000 USD the account holds' }] });
    expect(queue.pending()).toHaveLength(2);
  });

  it('enforces the tier itself, whatever rule it is given', () => {
    const queue = new ApprovalQueue();
    queue.hold(order(0.01, { risk: { tier: 'blocked', reasons: ['the account holds 10 USD'] } }));
    expect(queue.decideAll(shown(queue), { by: 'web' }, () => undefined)).toMatchObject({ ok: false, blockers: [{ reason: 'blocked: the account holds 10 USD' }] });
  });

  it('approves none when a call changed, was decided meanwhile, or is named twice', () => {
    const queue = new ApprovalQueue();
    const a = queue.hold(order(0.01));
    const b = queue.hold(order(0.02));
    expect(queue.decideAll([{ id: a.id, argsHash: a.argsHash }, { id: b.id, argsHash: a.argsHash }], { by: 'web' }, batchBlocker)).toMatchObject({
      ok: false,
      blockers: [{ id: b.id, reason: 'its arguments are not the ones shown' }],
    });
    expect(queue.decideAll([{ id: a.id, argsHash: a.argsHash }, { id: a.id, argsHash: a.argsHash }], { by: 'web' }, batchBlocker)).toMatchObject({
      ok: false,
      blockers: [{ reason: 'it is named twice' }],
    });
    const batch = shown(queue);
    queue.decide(b.id, { approve: false, by: 'cli' });
    expect(queue.decideAll(batch, { by: 'web' }, batchBlocker)).toMatchObject({ ok: false, blockers: [{ id: b.id, reason: 'it was decided meanwhile' }] });
    expect(queue.get(a.id)).toBeDefined();
  });

  it('leaves a call that arrived after the batch was shown waiting', () => {
    const queue = new ApprovalQueue();
    queue.hold(order(0.01));
    const batch = shown(queue);
    const later = queue.hold(order(0.03));
    expect(queue.decideAll(batch, { by: 'web' }, batchBlocker)).toMatchObject({ ok: true });
    expect(queue.pending().map((p) => p.id)).toEqual([later.id]);
  });

  it("runs the rules' last word for each, and when one refuses gives back what the ones before it reserved and approves none", () => {
    const queue = new ApprovalQueue();
    const ledger: string[] = [];
    const cap = (name: string, refuse = false) => ({
      onApprove: () => {
        ledger.push(`check ${name}`);
        return refuse ? { rule: 'daily_notional_cap', reason: 'Daily notional cap of 1 000 USD would be exceeded' } : undefined;
      },
      onUndoApprove: () => ledger.push(`undo ${name}`),
    });
    queue.hold(order(0.01, cap('a')));
    queue.hold(order(0.01, cap('b')));
    const c = queue.hold(order(0.01, cap('c', true)));
    expect(queue.decideAll(shown(queue), { by: 'web' }, batchBlocker)).toEqual({ ok: false, blockers: [{ id: c.id, reason: 'Daily notional cap of 1 000 USD would be exceeded' }] });
    expect(ledger).toEqual(['check a', 'check b', 'check c', 'undo a', 'undo b']);
    expect(queue.pending()).toHaveLength(3);
  });

  it('checks without deciding when asked to (before a proof), giving back everything', () => {
    const queue = new ApprovalQueue();
    const ledger: string[] = [];
    queue.hold(order(0.01, { onApprove: () => void ledger.push('check'), onUndoApprove: () => ledger.push('undo') }));
    expect(queue.decideAll(shown(queue), { by: 'web' }, batchBlocker, true)).toMatchObject({ ok: true, outcomes: [] });
    expect(ledger).toEqual(['check', 'undo']);
    expect(queue.pending()).toHaveLength(1);
  });
});
