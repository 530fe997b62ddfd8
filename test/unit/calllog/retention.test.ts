import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CallLogStore, createCallRecord, logFileName } from '../../../main/gate/calllog/index.js';
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

  it('by size: deletes oldest files first until the total fits, never today\'s', async () => {
    const dir = await tempDir();
    const sizes = new Map<string, number>();
    for (const day of ['2024-04-28', '2024-04-29', '2024-04-30', '2024-05-01']) sizes.set(day, (await seedDay(dir, day, 10)).length);
    const before = await snapshot(dir);
    const cap = sizes.get('2024-04-30')! + sizes.get('2024-05-01')! + 1;
    const clock = manualClock('2024-05-01T06:00:00.000Z');
    const store = await CallLogStore.open(dir, { retention: { maxTotalBytes: cap }, now: clock.now });
    expect(await store.prune()).toEqual([]); // already within the cap
    const after = await snapshot(dir);
    expect([...after.keys()]).toEqual(['calls-2024-04-30.jsonl', 'calls-2024-05-01.jsonl']);
    for (const [name, bytes] of after) expect(bytes).toEqual(before.get(name));

    // A cap smaller than today's file alone: everything else goes, today's file stays.
    const tiny = await CallLogStore.open(dir, { retention: { maxTotalBytes: 10 }, now: clock.now });
    await tiny.append(input());
    expect(await readdir(dir)).toEqual(['calls-2024-05-01.jsonl']);
    await Promise.all([store.close(), tiny.close()]);
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
