import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CallLogStore, createCallRecord, logFileName } from '../../../main/gate/calllog/index.js';
import { RECORD_MAX_BYTES } from '../../../main/gate/calllog/bounds.js';
import { input, manualClock, tempDir } from './helpers.js';

/** A day file of `count` valid records; returns its bytes. */
async function seedDay(dir: string, day: string, count: number): Promise<Buffer> {
  const text = Array.from({ length: count }, (_, i) => `${JSON.stringify(createCallRecord(input({ ts: `${day}T12:00:00.000Z`, id: `${day}-${i}` })))}\n`).join('');
  await writeFile(join(dir, logFileName(day)), text);
  return Buffer.from(text);
}

async function snapshot(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const name of (await readdir(dir)).sort()) files.set(name, await readFile(join(dir, name)));
  return files;
}

describe('retention', () => {
  it('by age: deletes whole files whose every record is older than the limit, on open', async () => {
    const dir = await tempDir();
    for (const day of ['2024-04-01', '2024-04-23', '2024-04-24', '2024-04-30', '2024-05-01']) await seedDay(dir, day, 3);
    await writeFile(join(dir, 'calls-notes.txt'), 'not a log file');
    const before = await snapshot(dir);
    // 7 days before 2024-05-01T06:00 is 2024-04-24T06:00: the 24th still holds younger records.
    const clock = manualClock('2024-05-01T06:00:00.000Z');
    const store = await CallLogStore.open(dir, { retention: { maxAgeDays: 7 }, now: clock.now });
    await store.close();
    const after = await snapshot(dir);
    expect([...after.keys()]).toEqual(['calls-2024-04-24.jsonl', 'calls-2024-04-30.jsonl', 'calls-2024-05-01.jsonl', 'calls-notes.txt']);
    for (const [name, bytes] of after) expect(bytes).toEqual(before.get(name)); // never rewritten
  });

  it('by size: never deletes a file; at the limit the store reports itself full, and not full once files are moved away', async () => {
    const dir = await tempDir();
    const sizes = new Map<string, number>();
    for (const day of ['2024-04-28', '2024-04-29', '2024-04-30', '2024-05-01']) sizes.set(day, (await seedDay(dir, day, 10)).length);
    const before = await snapshot(dir);
    const total = [...sizes.values()].reduce((a, b) => a + b, 0);
    const clock = manualClock('2024-05-01T06:00:00.000Z');

    const roomy = await CallLogStore.open(dir, { retention: { maxTotalBytes: total + 1 }, now: clock.now });
    expect(roomy.usage).toEqual({ bytes: total, limitBytes: total + 1, full: false });
    await roomy.close();

    // A limit smaller than what is there: everything stays, byte for byte; the store says it is full.
    const store = await CallLogStore.open(dir, { retention: { maxTotalBytes: 10 }, now: clock.now });
    expect(store.full).toBe(true);
    expect(await store.prune()).toEqual([]);
    const changes: boolean[] = [];
    store.onDidChangeFull((usage) => changes.push(usage.full));
    // Still records (a refusal is a call too), and still deletes nothing.
    const record = await store.append(input());
    expect(await snapshot(dir)).toEqual(new Map([...before].map(([name, bytes]) => [name, name === 'calls-2024-05-01.jsonl' ? Buffer.concat([bytes, Buffer.from(`${JSON.stringify(record)}\n`)]) : bytes])));
    expect(store.usage.bytes).toBe(total + Buffer.byteLength(`${JSON.stringify(record)}\n`));

    await store.close();

    // The user moves the old days away: a full store measures again before it answers "still full".
    const limit = sizes.get('2024-05-01')! * 2;
    const watched = await CallLogStore.open(dir, { retention: { maxTotalBytes: limit }, now: clock.now, rescanWhileFullMs: 0 });
    expect(watched.full).toBe(true);
    watched.onDidChangeFull((usage) => changes.push(usage.full));
    for (const day of ['2024-04-28', '2024-04-29', '2024-04-30']) await rm(join(dir, logFileName(day)));
    expect(await watched.stillFull()).toBe(false);
    expect(changes).toEqual([false]);
    await watched.close();
  });

  it('an agent\'s large calls cannot erase earlier days: the log fills, says so once, and every earlier byte stays', async () => {
    const dir = await tempDir();
    for (const day of ['2024-04-29', '2024-04-30']) await seedDay(dir, day, 5);
    const before = await snapshot(dir);
    const earlier = [...before.values()].reduce((sum, b) => sum + b.length, 0);
    const clock = manualClock('2024-05-01T06:00:00.000Z');
    const store = await CallLogStore.open(dir, { retention: { maxAgeDays: 90, maxTotalBytes: earlier + 50_000 }, now: clock.now });
    const fills: number[] = [];
    store.onDidChangeFull((usage) => usage.full && fills.push(usage.bytes));
    let lines = 0;
    for (let i = 0; i < 40; i++) {
      await store.append(input({ decision: 'denied', decidedBy: 'policy', rule: 'default', tool: 'add_order', arguments: { blob: 'x'.repeat(100_000) }, outcome: { status: 'not-forwarded' } }));
      lines++;
      clock.advance(60_000);
    }
    await store.close();
    const after = await snapshot(dir);
    for (const [name, bytes] of before) expect(after.get(name)).toEqual(bytes);
    expect(fills).toHaveLength(1);
    expect(fills[0]).toBeGreaterThanOrEqual(earlier + 50_000);
    const today = after.get('calls-2024-05-01.jsonl')!;
    expect(today.toString('utf8').split('\n').filter(Boolean)).toHaveLength(lines); // one record per call, each bounded
    expect(today.length).toBeLessThanOrEqual(lines * RECORD_MAX_BYTES);
  });

  it('runs again at rotation, keeping the file just opened', async () => {
    const dir = await tempDir();
    const clock = manualClock('2024-05-01T10:00:00.000Z');
    const store = await CallLogStore.open(dir, { retention: { maxAgeDays: 1 }, now: clock.now });
    await store.append(input());
    await seedDay(dir, '2024-04-20', 2); // e.g. restored from a backup while running
    clock.set('2024-05-02T23:59:59.000Z');
    await store.append(input());
    await store.close();
    // A day ago was 05-01T23:59:59: 05-01 still holds a younger second, so it stays; 04-20 goes.
    expect((await readdir(dir)).sort()).toEqual(['calls-2024-05-01.jsonl', 'calls-2024-05-02.jsonl']);
    clock.set('2024-05-03T00:00:02.000Z');
    const again = await CallLogStore.open(dir, { retention: { maxAgeDays: 1 }, now: clock.now });
    expect(await readdir(dir)).toEqual(['calls-2024-05-02.jsonl']); // pruned on open
    expect(await again.prune()).toEqual([]);
    await again.close();
  });
});
