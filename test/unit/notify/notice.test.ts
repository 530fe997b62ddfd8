import { describe, expect, it } from 'vitest';
import { summarizeCall, withWorth } from '../../../main/gate/approvals/index.js';
import { inertJson } from '../../../main/gate/text/inert.js';
import { approvalNotice, formatRemaining, inlineApprovable, withoutButtons } from '../../../main/notify/notice.js';
import type { PendingApproval } from '../../../preload/api.js';

const NOW = Date.parse('2026-01-02T03:04:05.000Z');

function pending(tool: string, args: Record<string, unknown>, extra: Partial<PendingApproval> = {}): PendingApproval {
  return {
    id: 'AB12CD34',
    tool,
    arguments: args,
    argumentsText: inertJson(args),
    argsHash: 'f'.repeat(64),
    summary: summarizeCall({ tool, arguments: args }),
    createdAt: new Date(NOW).toISOString(),
    expiresAt: new Date(NOW + 120_000).toISOString(),
    ...extra,
  };
}

const settings = { inlineApproveMaxUsd: 1000 };

describe('approvalNotice', () => {
  it('says what will happen in words, who asks and how long is left, with Approve and Deny under the limit', () => {
    const notice = approvalNotice(pending('add_order', { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.01, price: '1000', validate: false }), settings, NOW);
    expect(notice).toEqual({
      key: 'AB12CD34',
      title: 'Kraken Gate: approval needed',
      body: 'Agent wants to buy 0.01 XBT/USD, limit 1\u202f000 USD — about 10 USD · expires in 2:00',
      actions: [{ id: 'approve', label: 'Approve' }, { id: 'deny', label: 'Deny' }],
      approvalId: 'AB12CD34',
      argsHash: 'f'.repeat(64),
      urgency: 'critical',
      sticky: true,
    });
  });

  it('says what an order in another quote counts as against the caps, and one-click approves by that USD figure', () => {
    const args = { pair: 'ETHXBT', side: 'sell', ordertype: 'limit', volume: 0.2, price: '0.06', validate: false };
    const summary = withWorth(summarizeCall({ tool: 'add_order', arguments: args }), { ok: true, value: 600, currency: 'USD', basis: '0.2 ETH × 0.06 XBT = 0.012 XBT; XBT/USD 50 000; Kraken ticker 12:03:04' });
    const notice = approvalNotice(pending('add_order', args, { summary }), settings, NOW);
    expect(notice.body).toBe('Agent wants to sell 0.20 ETH/XBT, limit 0.06 XBT — about 0.012 XBT · counts as ≈ 600 USD (0.2 ETH × 0.06 XBT = 0.012 XBT; XBT/USD 50 000; Kraken ticker 12:03:04) · expires in 2:00');
    expect(notice.actions.map((a) => a.id)).toEqual(['approve', 'deny']);
    const over = withWorth(summary, { ok: true, value: 1200, currency: 'USD', basis: '…' });
    expect(approvalNotice(pending('add_order', args, { summary: over }), settings, NOW).actions.map((a) => a.id)).toEqual(['review', 'deny']);
  });

  it('never approves an unusual or blocked order in one click, and says why in the body', () => {
    const args = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.001, price: '80000', validate: false };
    const unusual = approvalNotice(pending('add_order', args, { risk: { tier: 'unusual', reasons: ['fills at once, 60 % above the ask (50 000 USD)'] } }), settings, NOW);
    expect(unusual.actions.map((a) => a.id)).toEqual(['review', 'deny']);
    expect(unusual.body).toContain(' · unusual: fills at once, 60 % above the ask (50 000 USD) · ');
    const blocked = approvalNotice(pending('add_order', args, { risk: { tier: 'blocked', reasons: ['needs ≈ 25 000 USD; the account holds 10 000 USD'] } }), settings, NOW);
    expect(blocked.actions.map((a) => a.id)).toEqual(['review', 'deny']);
    expect(blocked.body).toContain(' · cannot be approved: needs ≈ 25 000 USD; the account holds 10 000 USD · ');
  });

  it('offers Review instead of Approve above the limit, and says why', () => {
    const notice = approvalNotice(pending('add_order', { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '50000', validate: false }, { client: 'claude' }), settings, NOW + 45_000);
    expect(notice.body).toBe('claude wants to buy 0.10 XBT/USD, limit 50\u202f000 USD — about 5\u202f000 USD · over your 1\u202f000 USD one-click limit: review it · expires in 1:15');
    expect(notice.actions.map((a) => a.id)).toEqual(['review', 'deny']);
  });

  it('never approves inline what cannot be read, what has no known value, or a value in another currency', () => {
    expect(inlineApprovable(pending('add_order', { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: '0.1', price: '1000' }), settings)).toBe(false);
    expect(inlineApprovable(pending('add_order', { pair: 'XBTUSD', side: 'buy', ordertype: 'market', volume: 0.01, validate: false }), settings)).toBe(false);
    expect(inlineApprovable(pending('add_order', { pair: 'ETHEUR', side: 'sell', ordertype: 'limit', volume: 0.1, price: '3000', validate: false }), settings)).toBe(false);
    expect(inlineApprovable(pending('add_order', { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.01, price: '1000', validate: false }), { inlineApproveMaxUsd: 10 })).toBe(false);
    expect(inlineApprovable(pending('cancel_order', { txid_or_userref: 'OABC-123' }), settings)).toBe(true);
  });

  it('shows agent text inert: a right-to-left override in the client name is escaped, not obeyed', () => {
    const notice = approvalNotice(pending('cancel_order', { txid_or_userref: 'OABC-123' }, { client: 'evil\u202ebot' }), settings, NOW);
    expect(notice.body.startsWith('evil\\u202ebot wants to cancel order OABC-123')).toBe(true);
  });

  it('says where to decide when the notifier has no buttons', () => {
    const notice = withoutButtons(approvalNotice(pending('cancel_order', { txid_or_userref: 'OABC-123' }), settings, NOW));
    expect(notice.actions).toEqual([]);
    expect(notice.body).toMatch(/decide in the Kraken Gate tray menu or with: kraken-gate approve AB12CD34$/);
  });

  it('counts down in minutes and seconds, never below zero', () => {
    expect([formatRemaining(120_000), formatRemaining(61_001), formatRemaining(9_000), formatRemaining(-5)]).toEqual(['2:00', '1:02', '0:09', '0:00']);
  });
});
