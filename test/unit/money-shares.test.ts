// The pieces behind the money races (test/reliability/money-races.test.ts has them end to end): the
// daily cap's shares, the approval that the rules can still refuse, the queue a waiting call can
// leave, and what an error answer proves.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApprovalQueue, summarizeCall } from '../../main/gate/approvals/index.js';
import { DailyNotional } from '../../main/gate/state/daily-notional.js';
import { changesState, provesNothingHappened } from '../../main/gate/placement.js';
import { SerialQueue } from '../../main/gate/upstream/serial.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function stateFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kraken-gate-daily-'));
  dirs.push(dir);
  return join(dir, 'daily-notional.json');
}

/** The daily total as the file holds it: its last line. */
function lastLine(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8').trimEnd().split('\n').at(-1)!);
}

describe('DailyNotional shares', () => {
  it('counts a reserved share at once, on disk only once charged, and gives back only what is released', () => {
    const path = stateFile();
    const daily = new DailyNotional(path);
    const a = daily.reserve(950, 'USD');
    const b = daily.reserve(950, 'USD');
    expect(daily.total('USD')).toBe(1900);
    expect(daily.charged()).toBe(0);
    expect(daily.charge(a, 2000)).toBe(true);
    expect(lastLine(path)).toMatchObject({ total: 950 });
    daily.release(b);
    expect(daily.total('USD')).toBe(950);
    // A restart keeps what was charged (it may be on the book), not what was merely reserved.
    expect(new DailyNotional(path).total('USD')).toBe(950);
    daily.release(a);
    expect(daily.total('USD')).toBe(0);
    expect(new DailyNotional(path).total('USD')).toBe(0);
  });

  it('refuses to charge past a cap lowered while the order waited, and charging twice is a no-op', () => {
    const daily = new DailyNotional(stateFile());
    const a = daily.reserve(950, 'USD');
    const b = daily.reserve(950, 'USD');
    expect(daily.charge(a, 1000)).toBe(true);
    expect(daily.charge(a, 1000)).toBe(true);
    expect(daily.charge(b, 1000)).toBe(false);
    expect(daily.charged()).toBe(950);
    daily.release(b);
    expect(daily.total('USD')).toBe(950);
  });

  it('starts a new day at zero, and a share charged yesterday does not lower today', () => {
    let now = new Date('2026-01-01T23:59:59Z');
    const daily = new DailyNotional(stateFile(), () => now);
    const late = daily.reserve(500, 'USD');
    daily.charge(late);
    now = new Date('2026-01-02T00:00:01Z');
    expect(daily.total('USD')).toBe(0);
    daily.charge(daily.reserve(100, 'USD'));
    daily.release(late);
    expect(daily.total('USD')).toBe(100);
  });
});

describe('DailyNotional on disk', () => {
  it('appends one line per change, and a restart reads the last one', () => {
    const path = stateFile();
    const daily = new DailyNotional(path, () => new Date('2026-03-04T12:00:00Z'));
    for (let i = 0; i < 5; i++) daily.charge(daily.reserve(100, 'USD'));
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lastLine(path)).toEqual({ day: '2026-03-04', total: 500, currency: 'USD' });
    expect(new DailyNotional(path, () => new Date('2026-03-04T13:00:00Z')).charged()).toBe(500);
  });

  it('skips a line a crash cut short (its order was never sent), and starts the file afresh at the next change', () => {
    const path = stateFile();
    writeFileSync(path, '{"day":"2026-03-04","total":300}\n{"day":"2026-03-04","total":4');
    const daily = new DailyNotional(path, () => new Date('2026-03-04T12:00:00Z'));
    expect(daily.charged()).toBe(300);
    daily.charge(daily.reserve(50, 'USD'));
    expect(readFileSync(path, 'utf8')).toBe('{"day":"2026-03-04","total":350,"currency":"USD"}\n');
  });

  it('reads the file as earlier versions wrote it (one JSON object), and rewrites it short once it has grown', () => {
    const path = stateFile();
    writeFileSync(path, `${JSON.stringify({ day: '2026-03-04', total: 10 })}\n`);
    const daily = new DailyNotional(path, () => new Date('2026-03-04T12:00:00Z'));
    expect(daily.charged()).toBe(10);
    // Each line is ~35 bytes: 64 KiB holds under 2 000 of them.
    for (let i = 0; i < 2500; i++) daily.charge(daily.reserve(1, 'USD'));
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeLessThan(2000);
    expect(lastLine(path)).toEqual({ day: '2026-03-04', total: 2510, currency: 'USD' });
    daily.close();
    expect(new DailyNotional(path, () => new Date('2026-03-04T12:00:00Z')).charged()).toBe(2510);
  });
});

describe('ApprovalQueue onApprove', () => {
  const call = { tool: 'add_order', arguments: { pair: 'XBTUSD', side: 'buy', volume: 1, price: '1000', validate: false } };

  it('a refusal turns the approval into a rejection by the rules, and the human hears why', async () => {
    const queue = new ApprovalQueue();
    const held = queue.hold({ ...call, summary: summarizeCall(call), onApprove: () => ({ rule: 'daily_notional_cap', reason: 'Daily notional cap of 2000 would be exceeded' }) });
    expect(queue.decide(held.id, { approve: true, by: 'cli' })).toEqual({ ok: false, error: 'refused-by-rules', reason: 'Daily notional cap of 2000 would be exceeded' });
    await expect(held.outcome).resolves.toMatchObject({ decision: 'rejected', by: 'policy', rule: 'daily_notional_cap' });
    expect(queue.decide(held.id, { approve: true, by: 'window' })).toEqual({ ok: false, error: 'already-decided', decided: { decision: 'rejected', by: 'policy', at: expect.any(String) } });
  });

  it('is asked only for an approval, not for a denial', () => {
    const queue = new ApprovalQueue();
    let asked = 0;
    const held = queue.hold({ ...call, summary: summarizeCall(call), onApprove: () => void asked++ });
    expect(queue.decide(held.id, { approve: false, by: 'cli' })).toMatchObject({ ok: true });
    expect(asked).toBe(0);
  });
});

describe('SerialQueue', () => {
  it('withdraws a waiting task at once when its signal aborts; the task never runs, the next one does', async () => {
    const queue = new SerialQueue();
    let finishFirst!: () => void;
    const first = queue.run(() => new Promise<string>((resolve) => (finishFirst = () => resolve('first'))));
    const controller = new AbortController();
    let ran = false;
    const second = queue.run(async () => void (ran = true), controller.signal, () => new Error('withdrawn'));
    const third = queue.run(async () => 'third');
    controller.abort();
    await expect(second).rejects.toThrow('withdrawn');
    finishFirst();
    expect(await first).toBe('first');
    expect(await third).toBe('third');
    expect(ran).toBe(false);
  });

  it('a task already running keeps its signal: aborting it no longer withdraws anything', async () => {
    const queue = new SerialQueue();
    const controller = new AbortController();
    const result = queue.run(async () => {
      controller.abort();
      return 'done';
    }, controller.signal);
    expect(await result).toBe('done');
  });
});

describe('what an answer proves', () => {
  const error = (text: string) => ({ content: [{ type: 'text', text }], isError: true });

  it('a refusal by Kraken or by kraken-mcp proves nothing happened; a timeout, a 5xx, an unexplained error does not', () => {
    expect(provesNothingHappened(error("Error calling tool 'add_order': EOrder:Insufficient funds"))).toBe(true);
    expect(provesNothingHappened(error("1 validation error for call[add_order]\nside\n  Input should be 'buy' or 'sell'"))).toBe(true);
    expect(provesNothingHappened(error('Unknown tool: add_orders'))).toBe(true);
    expect(provesNothingHappened(error("Error calling tool 'add_order': EService:Unavailable"))).toBe(false);
    expect(provesNothingHappened(error("Error calling tool 'add_order': EGeneral:Internal error"))).toBe(false);
    expect(provesNothingHappened(error("Error calling tool 'add_order': ReadTimeout"))).toBe(false);
    expect(provesNothingHappened(error("Error calling tool 'add_order': Server error '502 Bad Gateway'"))).toBe(false);
    expect(provesNothingHappened(error("Error calling tool 'add_order': Expecting value: line 1 column 1"))).toBe(false);
    expect(provesNothingHappened({ content: [{ type: 'text', text: '{}' }] })).toBe(false);
  });

  it('only calls that can move money are waited for: not reads, not an add_order that only validates', () => {
    expect(changesState('add_order', { validate: false })).toBe(true);
    expect(changesState('add_order', {})).toBe(false);
    expect(changesState('cancel_order', { txid_or_userref: 'O' })).toBe(true);
    expect(changesState('some_new_tool', {})).toBe(true);
    expect(changesState('account_balance', {})).toBe(false);
  });
});

describe('DailyNotional in one currency', () => {
  it('reads a total written before caps had a currency as USD, and will not add another currency to it', () => {
    const path = stateFile();
    writeFileSync(path, '{"day":"2026-03-04","total":700}\n');
    const daily = new DailyNotional(path, () => new Date('2026-03-04T12:00:00Z'));
    expect(daily.total('USD')).toBe(700);
    expect(daily.currency()).toBe('USD');
    // The policy now counts in EUR: 700 USD cannot be added to euros without a rate.
    expect(daily.total('EUR')).toBeUndefined();
    const euros = daily.reserve(100, 'EUR');
    expect(daily.charge(euros, 2000)).toBe(false);
    expect(daily.charged()).toBe(700);
    daily.close();
    // A new UTC day starts in the new currency.
    const tomorrow = new DailyNotional(path, () => new Date('2026-03-05T00:00:01Z'));
    expect(tomorrow.total('EUR')).toBe(0);
    expect(tomorrow.charge(tomorrow.reserve(100, 'EUR'), 2000)).toBe(true);
    expect(lastLine(path)).toEqual({ day: '2026-03-05', total: 100, currency: 'EUR' });
    tomorrow.close();
  });
});
