// A held call says whether pausing trading would refuse it, so a surface can ask before pausing
// ("3 waiting calls will be refused") with the core's own rule (catalog.ts, pauseStops).
import { describe, expect, it } from 'vitest';
import { ApprovalQueue, pendingForHumans, summarizeCall } from '../../../main/gate/approvals/index.js';

function held(tool: string, args: Record<string, unknown>) {
  const queue = new ApprovalQueue();
  const call = queue.hold({ tool, arguments: args, summary: summarizeCall({ tool, arguments: args }) });
  const shown = pendingForHumans(queue.get(call.id)!);
  queue.shutDown();
  return shown;
}

describe('a held call as surfaces see it', () => {
  it('says the pause refuses an order or an amendment while it waits, and lets a cancel through', () => {
    expect(held('add_order', { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '50000' }).stoppedByPause).toBe(true);
    expect(held('amend_order', { order_id: 'O1', order_qty: '0.05' }).stoppedByPause).toBe(true);
    expect(held('cancel_all_orders_after', { timeout_seconds: 60 }).stoppedByPause).toBe(true);
    expect(held('cancel_order', { txid_or_userref: 'O1' }).stoppedByPause).toBe(false);
    expect(held('cancel_all_orders_after', { timeout_seconds: 0 }).stoppedByPause).toBe(false);
  });
});
