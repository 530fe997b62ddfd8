import { describe, expect, it } from 'vitest';
import { decisionWord } from '../../preload/decision-words.js';

const word = (decision: string, decidedBy: string, rule = 'tools.add_order', edited?: unknown) => decisionWord({ decision, decidedBy, rule, edited } as never);

describe('one vocabulary for how a call ended', () => {
  it('says who denied it: the person, a rule, a rate limit or the pause', () => {
    expect(word('rejected', 'window')).toBe('Denied by you');
    expect(word('rejected', 'cli')).toBe('Denied by you');
    expect(word('rejected', 'policy', 'daily_notional_cap')).toBe('Denied by a rule');
    expect(word('denied', 'policy', 'tools.add_order.deny_if[0]')).toBe('Denied by a rule');
    expect(word('denied', 'policy', 'tools.ticker.limits[0]')).toBe('Rate-limited');
    expect(word('denied', 'policy', 'all_tools.limits[1]')).toBe('Rate-limited');
    expect(word('denied', 'policy', 'pause')).toBe('Paused');
    expect(word('rejected', 'policy', 'pause')).toBe('Paused');
  });

  it('names the rest as the card does', () => {
    expect(word('allowed', 'policy')).toBe('Allowed');
    expect(word('approved', 'window')).toBe('Approved');
    expect(word('approved', 'window', 'tools.add_order', { changes: [] })).toBe('Approved with changes');
    expect(word('expired', 'timeout')).toBe('Expired');
    expect(word('cancelled', 'client')).toBe('Withdrawn');
  });
});
