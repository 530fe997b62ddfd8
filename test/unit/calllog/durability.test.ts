// The two durability tiers, proven with spies on the store's system calls: every record is written
// (write(2)) before append resolves; a call that can move money or that a human decided is also
// fdatasync'd before; a read-only call's record is fdatasync'd within the timer, and at close.
import { fdatasync, fdatasyncSync, writeSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallLogStore, type StoreIo } from '../../../main/gate/calllog/store.js';
import { SOON_SYNC_MS, durabilityOf } from '../../../main/gate/calllog/durability.js';
import { input, tempDir } from './helpers.js';

/** Real system calls, logged in order; each fdatasync completes only when the test says so. */
function spyIo() {
  const events: string[] = [];
  const pending: Array<() => void> = [];
  const io: StoreIo = {
    writeSync: (fd, data, offset, length) => {
      events.push('write');
      return writeSync(fd, data, offset, length);
    },
    fdatasync: (fd, callback) => {
      events.push('fdatasync');
      pending.push(() => fdatasync(fd, callback));
    },
    fdatasyncSync: (fd) => {
      events.push('fdatasyncSync');
      fdatasyncSync(fd);
    },
  };
  /** Lets every fdatasync asked for so far run. */
  const complete = () => {
    for (const run of pending.splice(0)) run();
  };
  return { io, events, pending, complete };
}

const REAL_ORDER = { tool: 'add_order', arguments: { pair: 'XBTUSD', side: 'buy', volume: '0.1', price: '1000', validate: false } };

afterEach(() => {
  vi.useRealTimers();
});

describe('durability by risk', () => {
  it('classifies: money-moving, human-decided and unknown-outcome calls before the reply; reads and dry runs soon', () => {
    expect(durabilityOf(input(REAL_ORDER))).toBe('before-reply');
    expect(durabilityOf(input({ tool: 'cancel_order', arguments: { txid: 'O1' } }))).toBe('before-reply');
    expect(durabilityOf(input({ tool: 'cancel_all_orders_after', arguments: { timeout: 60 } }))).toBe('before-reply');
    expect(durabilityOf(input({ tool: 'some_new_tool' }))).toBe('before-reply'); // unknown tools count as financial
    expect(durabilityOf(input({ decision: 'approved', decidedBy: 'window', waitedMs: 900 }))).toBe('before-reply');
    expect(durabilityOf(input({ decision: 'expired', decidedBy: 'timeout' }))).toBe('before-reply');
    expect(durabilityOf(input({ outcome: { status: 'unknown' } }))).toBe('before-reply');
    expect(durabilityOf(input())).toBe('soon');
    expect(durabilityOf(input({ tool: 'account_balance', arguments: {} }))).toBe('soon');
    expect(durabilityOf(input({ tool: 'add_order', arguments: { pair: 'XBTUSD', volume: '1' } }))).toBe('soon'); // validate defaults to true
    expect(durabilityOf(input({ decision: 'denied', decidedBy: 'policy', outcome: { status: 'not-forwarded' } }))).toBe('soon');
  });

  it('a state-changing call: written, then fdatasync\'d, and only then does append resolve', async () => {
    const spy = spyIo();
    const store = await CallLogStore.open(await tempDir(), { retention: {}, io: spy.io });
    let resolved = false;
    const appended = store.append(input({ ...REAL_ORDER, id: 'order' })).then(() => (resolved = true));
    expect(spy.events).toEqual(['write']); // the write(2) happened inside append
    await vi.waitFor(() => expect(spy.pending).toHaveLength(1));
    expect(resolved).toBe(false);
    spy.complete();
    await appended;
    expect(spy.events).toEqual(['write', 'fdatasync']);
    await store.close();
  });

  it('concurrent state-changing calls share one fdatasync (group commit)', async () => {
    const spy = spyIo();
    const store = await CallLogStore.open(await tempDir(), { retention: {}, io: spy.io });
    const all = Promise.all(Array.from({ length: 20 }, (_, i) => store.append(input({ ...REAL_ORDER, id: `o${i}` }))));
    await vi.waitFor(() => expect(spy.pending).toHaveLength(1));
    spy.complete();
    await all;
    expect(spy.events.filter((e) => e === 'fdatasync')).toHaveLength(1);
    await store.close();
  });

  it('a read-only call: written before append resolves, fdatasync\'d by the timer within its interval', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const spy = spyIo();
    const store = await CallLogStore.open(await tempDir(), { retention: {}, io: spy.io });
    await store.append(input({ id: 'read-1' }));
    await store.append(input({ id: 'read-2' }));
    expect(spy.events).toEqual(['write', 'write']); // answered with no fdatasync yet
    vi.advanceTimersByTime(SOON_SYNC_MS - 1);
    await Promise.resolve();
    expect(spy.events).not.toContain('fdatasync');
    vi.advanceTimersByTime(1);
    await vi.waitFor(() => expect(spy.pending).toHaveLength(1)); // one flush covers both
    spy.complete();
    vi.useRealTimers();
    await store.close();
    expect(spy.events).toEqual(['write', 'write', 'fdatasync']); // nothing left for close to flush
  });

  it('close flushes a read-only record the timer has not yet flushed', async () => {
    const spy = spyIo();
    const store = await CallLogStore.open(await tempDir(), { retention: {}, io: spy.io, soonSyncMs: 60_000 });
    await store.append(input({ id: 'read' }));
    const closed = store.close();
    await vi.waitFor(() => expect(spy.pending).toHaveLength(1));
    spy.complete();
    await closed;
    expect(spy.events).toEqual(['write', 'fdatasync']);
  });

  it('a state-changing call\'s fdatasync also covers the read-only records written before it', async () => {
    const spy = spyIo();
    const store = await CallLogStore.open(await tempDir(), { retention: {}, io: spy.io, soonSyncMs: 60_000 });
    await store.append(input({ id: 'read' }));
    const order = store.append(input({ ...REAL_ORDER, id: 'order' }));
    await vi.waitFor(() => expect(spy.pending).toHaveLength(1));
    spy.complete();
    await order;
    await store.close(); // nothing left unflushed: close adds no second fdatasync
    expect(spy.events).toEqual(['write', 'write', 'fdatasync']);
  });
});
