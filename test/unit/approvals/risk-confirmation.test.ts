// An unusual order is approved after the person types CONFIRM, or the order's amount (issue 23,
// part 2: "a typed confirmation (CONFIRM, or the amount)"). The queue checks what was typed, so
// every surface that sends it meets the same rule.
import { describe, expect, it } from 'vitest';
import { ApprovalQueue, approveEdited, assessRisk, isRiskConfirmation, orderAmount, summarizeCall } from '../../../main/gate/approvals/index.js';

const ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.5, price: '80000', validate: false };
const UNUSUAL = assessRisk({ side: 'buy', spends: { amount: 40_000, currency: 'USD' }, limit: 80_000, touch: { bid: 49_990, ask: 50_000 }, quoteCurrency: 'USD' });
const add = (volume: unknown) => ({ tool: 'add_order', arguments: { ...ORDER, volume } });

function held(queue: ApprovalQueue) {
  const call = { tool: 'add_order', arguments: ORDER };
  return queue.hold({ ...call, summary: summarizeCall(call), risk: UNUSUAL });
}

describe('the typed confirmation of an unusual order', () => {
  it('is CONFIRM, or the amount as the card shows it, in any plain writing of that number', () => {
    expect(orderAmount(add(0.5))).toBe('0.50');
    expect(orderAmount(add('1250'))).toBe('1250.00');
    expect(orderAmount(add(1.5e-7))).toBe('0.00000015');
    expect(orderAmount({ tool: 'amend_order', arguments: { order_id: 'O1', order_qty: '0.25' } })).toBe('0.25');
    expect(orderAmount({ tool: 'cancel_order', arguments: { txid_or_userref: 'O1' } })).toBeUndefined();

    for (const typed of ['CONFIRM', ' CONFIRM ', '0.5', '0.50', '.5', ' 0.500 ']) expect(isRiskConfirmation(typed, add(0.5)), typed).toBe(true);
    for (const typed of ['confirm', 'CONFIRMED', '', '0.6', '5', '0,5', '1/2', 'half']) expect(isRiskConfirmation(typed, add(0.5)), typed).toBe(false);
    // Digit groups as the card prints them (a narrow space) may be pasted with them.
    expect(isRiskConfirmation('1\u202f250', add('1250'))).toBe(true);
    expect(isRiskConfirmation('0.00000015', add(1.5e-7))).toBe(true);
    // An order without an amount takes the word only.
    expect(isRiskConfirmation('0', add(0))).toBe(false);
  });

  it('is checked by the queue: the word or the amount approves, anything else leaves the order waiting', async () => {
    const queue = new ApprovalQueue();
    const refused = held(queue);
    expect(queue.decide(refused.id, { approve: true, by: 'web' })).toMatchObject({ ok: false, error: 'needs-confirmation' });
    expect(queue.decide(refused.id, { approve: true, by: 'web', confirmRisk: '0.6' })).toMatchObject({ ok: false, error: 'needs-confirmation' });
    expect(queue.decide(refused.id, { approve: true, by: 'web', confirmRisk: 'confirm' })).toMatchObject({ ok: false, error: 'needs-confirmation' });
    expect(queue.decide(refused.id, { approve: true, by: 'web', confirmRisk: false })).toMatchObject({ ok: false, error: 'needs-confirmation' });
    expect(queue.decide(refused.id, { approve: true, by: 'web', confirmRisk: '0.50' })).toMatchObject({ ok: true, outcome: { decision: 'approved' } });

    const byWord = held(queue);
    expect(queue.decide(byWord.id, { approve: true, by: 'web', confirmRisk: 'CONFIRM' })).toMatchObject({ ok: true });
    // A surface that asked itself (the CLI's --confirm-risk) says so with true.
    const byFlag = held(queue);
    expect(queue.decide(byFlag.id, { approve: true, by: 'cli', confirmRisk: true })).toMatchObject({ ok: true });
    // A smaller edit is confirmed with the amount the card showed, the agent's.
    const edited = held(queue);
    expect(approveEdited(queue, edited.id, { by: 'web', changes: { volume: 0.1 }, allowWorsePrice: true, confirmRisk: '0.1' })).toMatchObject({ ok: false, error: 'needs-confirmation' });
    expect(approveEdited(queue, edited.id, { by: 'web', changes: { volume: 0.1 }, confirmRisk: '0.5' })).toMatchObject({ ok: true, outcome: { decision: 'approved-with-changes' } });
    await Promise.all([refused.outcome, byWord.outcome, byFlag.outcome, edited.outcome]);
  });
});
