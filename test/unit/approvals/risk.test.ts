import { describe, expect, it } from 'vitest';
import { assessRisk } from '../../../main/gate/approvals/index.js';

const plain = (r: { tier: string; reasons: string[] }) => ({ tier: r.tier, reasons: r.reasons.map((x) => x.replace(/\u202f/g, ' ')) });

describe('risk tiers', () => {
  it('blocks an order the account cannot pay, and says with what', () => {
    expect(plain(assessRisk({ side: 'buy', spends: { amount: 25_000, currency: 'USD' }, holds: 10_000 }))).toEqual({
      tier: 'blocked',
      reasons: ['needs ≈ 25 000 USD; the account holds 10 000 USD'],
    });
    expect(assessRisk({ side: 'sell', spends: { amount: 0.6, currency: 'XBT' }, holds: 0.5 }).tier).toBe('blocked');
  });

  it('calls unusual a limit far past the market on the costly side, most of the balance, or much of the daily cap', () => {
    expect(plain(assessRisk({ side: 'buy', spends: { amount: 800, currency: 'USD' }, holds: 10_000, limit: 80_000, touch: { bid: 49_999.9, ask: 50_000 }, quoteCurrency: 'USD' }))).toEqual({
      tier: 'unusual',
      reasons: ['fills at once, 60 % above the ask (50 000 USD)'],
    });
    expect(assessRisk({ side: 'sell', spends: { amount: 0.1, currency: 'XBT' }, limit: 40_000, touch: { bid: 50_000, ask: 50_001 } }).reasons).toEqual(['fills at once, 20 % below the bid (50 000)'.replace(' 000', '\u202f000')]);
    expect(assessRisk({ side: 'buy', spends: { amount: 9_500, currency: 'USD' }, holds: 10_000 }).reasons.map((r) => r.replace(/\u202f/g, ' '))).toEqual(['uses 95 % of the 10 000 USD the account holds']);
    expect(assessRisk({ side: 'buy', spends: { amount: 1_200, currency: 'USD' }, worth: { value: 1_200, currency: 'USD' }, dailyCap: 2_000 }).reasons).toEqual(['is 60 % of the daily cap of 2\u202f000 USD']);
  });

  it('leaves normal a small order, a limit resting away from the market, and what it cannot know', () => {
    expect(assessRisk({ side: 'buy', spends: { amount: 98, currency: 'USD' }, holds: 10_000, limit: 49_000, touch: { bid: 49_999.9, ask: 50_000 } })).toEqual({ tier: 'normal', reasons: [] });
    expect(assessRisk({ side: 'buy', spends: { amount: 25_000, currency: 'USD' } }).tier).toBe('normal'); // balance not read
  });

  it('takes the thresholds it is given', () => {
    const facts = { side: 'buy' as const, spends: { amount: 800, currency: 'USD' }, limit: 51_000, touch: { bid: 49_999.9, ask: 50_000 } };
    expect(assessRisk(facts).tier).toBe('normal');
    expect(assessRisk(facts, { distancePercent: 1, dailyCapPercent: 50, balancePercent: 90 }).tier).toBe('unusual');
  });
});
