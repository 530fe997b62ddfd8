// Who decided, in words (issue 23): the log detail, Recently decided and the CLI say "Approved by
// you (window) after 3.3 s; held by rule … (its reason)", not "Approved by rule approve_if[0]".
import { describe, expect, it } from 'vitest';
import { waitWords, whoDecided, whoDecidedText, type DecidedRecord } from '../../preload/who-decided.js';

const HELD = { tool: 'add_order', rule: 'tools.add_order.approve_if[0]', ruleReason: 'Places a real order (validate is false).', approvalId: 'a1b2' };
const say = (r: Partial<DecidedRecord>) => whoDecidedText({ tool: 'add_order', decision: 'allowed', decidedBy: 'policy', rule: 'tools.add_order', ...r } as DecidedRecord);

describe('who decided a call, in a sentence', () => {
  it('says a person decided, from where, after how long, and the rule that held the call', () => {
    expect(say({ ...HELD, decision: 'approved', decidedBy: 'window', waitedMs: 3_300 })).toBe(
      'Approved by you (window) after 3.3 s; held by rule tools.add_order.approve_if[0] (Places a real order (validate is false).)',
    );
    expect(say({ ...HELD, ruleId: 'r-7kq2', decision: 'approved', decidedBy: 'telegram', waitedMs: 12_000, edited: { text: 'volume 0.10 → 0.05' } })).toBe(
      'Approved with changes by you (Telegram) after 12 s: volume 0.10 → 0.05; held by rule r-7kq2 (Places a real order (validate is false).)',
    );
    expect(say({ ...HELD, decision: 'rejected', decidedBy: 'cli', waitedMs: 61_000, reason: 'Denied by the user: too large' })).toBe(
      'Denied by you (CLI) after 61 s: too large; held by rule tools.add_order.approve_if[0] (Places a real order (validate is false).)',
    );
    expect(say({ ...HELD, decision: 'rejected', decidedBy: 'window', waitedMs: 900, reason: 'Denied by the user.' })).toMatch(/^Denied by you \(window\) after 0\.9 s; held by rule/);
  });

  it('says when nobody decided, and when the agent or a restart withdrew the call', () => {
    expect(say({ ...HELD, decision: 'expired', decidedBy: 'timeout', waitedMs: 120_004 })).toBe(
      'Expired after 120 s: nobody decided; held by rule tools.add_order.approve_if[0] (Places a real order (validate is false).)',
    );
    expect(say({ ...HELD, decision: 'cancelled', decidedBy: 'client', waitedMs: 4_000 })).toMatch(/^Withdrawn by the agent after 4\.0 s; held by rule/);
    expect(say({ ...HELD, decision: 'cancelled', decidedBy: 'restart', ruleReason: undefined, waitedMs: undefined })).toBe(
      'Withdrawn: Kraken Gate restarted before it was sent; held by rule tools.add_order.approve_if[0]',
    );
    // Withdrawn before anyone was asked (queued upstream): no rule held it.
    expect(say({ tool: 'ticker', rule: 'tools.ticker', decision: 'cancelled', decidedBy: 'client' })).toBe('Withdrawn by the agent');
  });

  it('names the rule that decided on its own, with what the agent was told', () => {
    expect(say({ decision: 'denied', rule: 'tools.add_order.deny_if[0]', ruleId: 'r-doge', reason: 'Only BTC and ETH.' })).toBe('Denied by a rule (r-doge): Only BTC and ETH.');
    expect(say({ tool: 'ticker', decision: 'denied', rule: 'tools.ticker.limits[0]', reason: 'Rate limit: at most 30 ticker calls per minute.' })).toBe(
      'Rate-limited (tools.ticker.limits[0]): Rate limit: at most 30 ticker calls per minute.',
    );
    expect(say({ decision: 'denied', rule: 'pause', reason: 'Financial tools are paused' })).toBe('Paused: Financial tools are paused');
    expect(say({ decision: 'allowed', rule: 'tools.add_order.allow_if[0]', ruleId: 'r-7kq2' })).toBe('Allowed by rule r-7kq2');
    expect(say({ tool: 'ticker', decision: 'allowed', rule: 'default' })).toBe("Allowed by the policy's default");
  });

  it('hands the rule to the window as its own part, to link it', () => {
    const parts = whoDecided({ ...HELD, ruleId: 'r-7kq2', ruleHash: '0badf00d', decision: 'approved', decidedBy: 'window', waitedMs: 1000 } as DecidedRecord);
    expect(parts).toContainEqual({ rule: { name: 'r-7kq2', rule: 'tools.add_order.approve_if[0]', ruleId: 'r-7kq2', ruleHash: '0badf00d' } });
  });

  it('reads waits as a person would', () => {
    expect([850, 3_300, 9_960, 12_400, 180_000, 245_000, 7_260_000].map(waitWords)).toEqual(['0.9 s', '3.3 s', '10 s', '12 s', '180 s', '4 min 5 s', '2 h 1 min']);
  });
});
