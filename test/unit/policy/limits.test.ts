import { describe, expect, it } from 'vitest';
import { RateLimiter, windowMs, type Reservation } from '../../../main/gate/policy/index.js';
import { compile } from './fixtures.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2025, 0, 1, 12, 0, 0); // on a minute boundary

function limiterFor(limit: Record<string, unknown>, tool = 'ticker'): RateLimiter {
  return new RateLimiter(compile({ version: '1', tools: { [tool]: { limits: [limit] } } }));
}

function fill(limiter: RateLimiter, n: number, at: number, tool = 'ticker'): Reservation[] {
  return Array.from({ length: n }, () => {
    const r = limiter.reserve(tool, at);
    if (!r.ok) throw new Error('unexpectedly limited');
    return r.reservation;
  });
}

describe('fixed windows', () => {
  it('refuses the call past max within a UTC-aligned window and resets at the boundary', () => {
    const limiter = limiterFor({ max: 2, window: 'minute' });
    fill(limiter, 2, T0 + 10_000);
    const third = limiter.reserve('ticker', T0 + 50_000);
    expect(third).toEqual({ ok: false, hit: { rule: 'tools.ticker.limits[0]', ruleHash: expect.any(String), tool: 'ticker', max: 2, windowMs: MINUTE, retryAfterMs: 10_000 } });
    expect(limiter.reserve('ticker', T0 + MINUTE).ok).toBe(true);
  });

  it('admits a burst across the boundary, as fixed windows do', () => {
    const limiter = limiterFor({ max: 2, window: 'minute' });
    fill(limiter, 2, T0 + 59_000);
    expect(fill(limiter, 2, T0 + 61_000)).toHaveLength(2);
  });

  it('treats window "minute" and window 60 as the same window', () => {
    const a = limiterFor({ max: 3, window: 'minute' });
    const b = limiterFor({ max: 3, window: 60 });
    const times = [T0 + 1, T0 + 20_000, T0 + 59_999, T0 + 60_000, T0 + 61_000, T0 + 90_000, T0 + 119_999, T0 + 120_000];
    const outcome = (l: RateLimiter) => times.map((t) => l.reserve('ticker', t).ok);
    expect(outcome(a)).toEqual(outcome(b));
    expect(windowMs('minute')).toBe(windowMs(60));
    expect(windowMs('hour')).toBe(3_600_000);
    expect(windowMs('day')).toBe(86_400_000);
  });
});

describe('sliding windows', () => {
  it('counts the calls of the last window, not of the calendar minute', () => {
    const limiter = limiterFor({ max: 2, window: 'minute', sliding: true });
    fill(limiter, 1, T0 + 59_000);
    fill(limiter, 1, T0 + 61_000);
    const hit = limiter.reserve('ticker', T0 + 100_000);
    expect(hit.ok).toBe(false);
    expect(!hit.ok && hit.hit.retryAfterMs).toBe(19_000);
    expect(limiter.reserve('ticker', T0 + 119_000).ok).toBe(true);
  });

  it('keeps memory bounded by max, however many calls are made', () => {
    const limiter = limiterFor({ max: 5, window: 1, sliding: true });
    for (let t = 0; t < 100_000; t += 10) limiter.reserve('ticker', t);
    expect(limiter.used('tools.ticker.limits[0]', 100_000)).toBeLessThanOrEqual(5);
  });
});

describe('reservations', () => {
  for (const sliding of [false, true]) {
    const kind = sliding ? 'sliding' : 'fixed';

    it(`gives back the budget of a released reservation (${kind})`, () => {
      const limiter = limiterFor({ max: 2, window: 'minute', sliding });
      const [first] = fill(limiter, 2, T0 + 1000);
      expect(limiter.peek('ticker', T0 + 2000)).toBeDefined();
      limiter.release(first as Reservation);
      expect(first?.state).toBe('released');
      expect(limiter.peek('ticker', T0 + 2000)).toBeUndefined();
      expect(limiter.used('tools.ticker.limits[0]', T0 + 2000)).toBe(1);
    });

    it(`keeps the budget of a committed reservation and ignores a later release (${kind})`, () => {
      const limiter = limiterFor({ max: 1, window: 'minute', sliding });
      const [only] = fill(limiter, 1, T0 + 1000) as [Reservation];
      limiter.commit(only);
      limiter.release(only);
      expect(only.state).toBe('committed');
      expect(limiter.peek('ticker', T0 + 2000)).toBeDefined();
    });

    it(`counts a pending reservation, so a held call keeps its slot (${kind})`, () => {
      const limiter = limiterFor({ max: 1, window: 'minute', sliding });
      fill(limiter, 1, T0 + 1000);
      expect(limiter.reserve('ticker', T0 + 2000).ok).toBe(false);
    });

    it(`does not free a slot of the next window when an old reservation is released late (${kind})`, () => {
      const limiter = limiterFor({ max: 1, window: 'minute', sliding });
      const [old] = fill(limiter, 1, T0 + 1000) as [Reservation];
      fill(limiter, 1, T0 + 2 * MINUTE);
      limiter.release(old);
      expect(limiter.reserve('ticker', T0 + 2 * MINUTE + 1).ok).toBe(false);
    });
  }

  it('releasing twice gives the budget back once', () => {
    const limiter = limiterFor({ max: 2, window: 'minute' });
    const [a] = fill(limiter, 2, T0) as [Reservation];
    limiter.release(a);
    limiter.release(a);
    expect(limiter.used('tools.ticker.limits[0]', T0)).toBe(1);
  });

  it('takes nothing when any one of the limits is full', () => {
    const limiter = new RateLimiter(compile({ version: '1', limits: [{ max: 1, window: 'minute' }], tools: { ticker: { limits: [{ max: 5, window: 'minute' }] } } }));
    fill(limiter, 1, T0);
    const r = limiter.reserve('ticker', T0 + 1);
    expect(!r.ok && r.hit.rule).toBe('limits[0]');
    expect(limiter.used('tools.ticker.limits[0]', T0 + 1)).toBe(1);
  });
});

describe('limits across all tools', () => {
  it('count calls to every tool, all_tools.limits as well as top-level limits', () => {
    const limiter = new RateLimiter(compile({ version: '1', all_tools: { limits: [{ max: 2, window: 'hour' }] } }));
    fill(limiter, 1, T0, 'ticker');
    fill(limiter, 1, T0, 'ohlc');
    expect(limiter.peek('account_balance', T0)?.rule).toBe('all_tools.limits[0]');
  });

  it('do not count calls that were never reserved', () => {
    const limiter = new RateLimiter(compile({ version: '1', limits: [{ max: 1, window: 'hour' }] }));
    expect(limiter.peek('ticker', T0)).toBeUndefined();
    expect(limiter.peek('ticker', T0)).toBeUndefined();
  });
});

describe('reloading the policy', () => {
  it('keeps the counts of unchanged limits and drops the rest', () => {
    const before = compile({ version: '1', tools: { ticker: { limits: [{ max: 1, window: 'minute' }] }, ohlc: { limits: [{ max: 1, window: 'minute' }] } } });
    const limiter = new RateLimiter(before);
    fill(limiter, 1, T0, 'ticker');
    fill(limiter, 1, T0, 'ohlc');
    limiter.setSource(compile({ version: '1', tools: { ticker: { limits: [{ max: 1, window: 'minute' }] }, ohlc: { limits: [{ max: 2, window: 'minute' }] } } }));
    expect(limiter.peek('ticker', T0 + 1)).toBeDefined();
    expect(limiter.peek('ohlc', T0 + 1)).toBeUndefined();
  });
});

describe('max 0', () => {
  it('refuses every call', () => {
    const limiter = limiterFor({ max: 0, window: 'day' });
    expect(limiter.reserve('ticker', T0)).toMatchObject({ ok: false, hit: { retryAfterMs: 86_400_000 } });
  });
});
