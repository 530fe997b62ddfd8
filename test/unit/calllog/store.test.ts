import { appendFile, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CallLogStore, hashArguments, queryLog, type CallRecord } from '../../../main/gate/calllog/index.js';
import { input, krakenApiKey, krakenSecret, manualClock, tempDir } from './helpers.js';

async function lines(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8')).split('\n');
}

describe('CallLogStore.append', () => {
  it('writes one JSON line per call to the file of its UTC day, owner-only', async () => {
    const dir = await tempDir();
    const clock = manualClock('2024-05-01T23:59:59.000Z');
    const store = await CallLogStore.open(dir, { retention: {}, now: clock.now });
    const record = await store.append(input());
    const path = join(dir, 'calls-2024-05-01.jsonl');
    expect(await lines(path)).toEqual([JSON.stringify(record), '']);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await store.close();
  });

  it('writes U+2028 and U+2029 escaped, so every line reader splits the file where JSONL does, and reads them back exactly', async () => {
    const dir = await tempDir();
    const store = await CallLogStore.open(dir, { retention: {} });
    const tool = 'tick\u2028er';
    const written = await store.append(input({ tool, client: 'a\u2029b', arguments: { note: 'x\u2028y\u2029z' }, reason: '\u2028' }));
    await store.close();
    const [file] = await readdir(dir);
    const text = await readFile(join(dir, file!), 'utf8');
    expect(text).not.toMatch(/[\u2028\u2029]/);
    expect(text.split(/\r\n|[\n\r\u2028\u2029]/)).toHaveLength(2); // one line and the empty rest after the last newline
    expect(text).toContain('"tool":"tick\\u2028er"');
    expect((await queryLog(dir)).records).toEqual([written]);
    expect((await queryLog(dir, { tool })).records).toEqual([written]); // the raw-line prefilter finds the escaped form
  });

  it('never lets a secret passed as an argument reach the file bytes', async () => {
    const dir = await tempDir();
    const store = await CallLogStore.open(dir, { retention: {} });
    const secret = krakenSecret();
    const key = krakenApiKey();
    const args = { pair: 'XBTUSD', note: secret, headers: { 'API-Key': key }, otp: '991234' };
    const record = await store.append(
      input({ tool: 'add_order', arguments: args, outcome: { status: 'error', message: `EAPI:Invalid key ${key}`, summary: `echo ${secret}` } }),
    );
    await store.close();
    const [file] = await readdir(dir);
    const bytes = await readFile(join(dir, file!));
    for (const s of [secret, key, '991234', Buffer.from(secret, 'base64').toString('hex')]) expect(bytes.includes(s)).toBe(false);
    expect(record.argsHash).toBe(hashArguments(args)); // the hash is of what was sent, not of what is shown
    expect(record.arguments).toEqual({ pair: 'XBTUSD', note: '[redacted]', headers: { 'API-Key': '[redacted]' }, otp: '[redacted]' });
  });

  it('lands every concurrent append exactly once, in batches, and tells the live tail in file order', async () => {
    const dir = await tempDir();
    const store = await CallLogStore.open(dir, { retention: {} });
    const seen: string[] = [];
    store.onDidAppend((r) => seen.push(r.id));
    const n = 2000;
    // A burst from many callers at once, then more arriving while the first batch is syncing.
    const first = Array.from({ length: n / 2 }, (_, i) => store.append(input({ id: `a-${i}` })));
    await Promise.resolve();
    const second = Array.from({ length: n / 2 }, (_, i) => store.append(input({ id: `b-${i}` })));
    const written = await Promise.all([...first, ...second]);
    await store.close();
    expect(written.map((r) => r.id)).toEqual([...first.keys()].map((i) => `a-${i}`).concat([...second.keys()].map((i) => `b-${i}`)));
    const [file] = await readdir(dir);
    const ids = (await lines(join(dir, file!))).filter(Boolean).map((l) => (JSON.parse(l) as CallRecord).id);
    expect(ids).toHaveLength(n);
    expect(new Set(ids).size).toBe(n);
    expect(seen).toEqual(ids);
  });

  it('resolves only after the record is readable by another reader', async () => {
    const dir = await tempDir();
    const store = await CallLogStore.open(dir, { retention: {} });
    for (let i = 0; i < 5; i++) {
      const record = await store.append(input({ id: `r${i}` }));
      const page = await queryLog(dir, { limit: 1 });
      expect(page.records[0]).toEqual(record);
    }
    await store.close();
  });

  it('rotates to a new file at the UTC day change, by each record\'s own time', async () => {
    const dir = await tempDir();
    const clock = manualClock('2024-05-01T23:59:59.990Z');
    const store = await CallLogStore.open(dir, { retention: {}, now: clock.now });
    const a = store.append(input({ id: 'before' }));
    clock.advance(20); // midnight passes inside one batch
    const b = store.append(input({ id: 'after' }));
    await Promise.all([a, b]);
    clock.set('2024-05-03T08:00:00.000Z');
    await store.append(input({ id: 'later' }));
    await store.close();
    expect((await readdir(dir)).sort()).toEqual(['calls-2024-05-01.jsonl', 'calls-2024-05-02.jsonl', 'calls-2024-05-03.jsonl']);
    const ids = async (day: string) => (await lines(join(dir, `calls-${day}.jsonl`))).filter(Boolean).map((l) => (JSON.parse(l) as CallRecord).id);
    expect(await ids('2024-05-01')).toEqual(['before']);
    expect(await ids('2024-05-02')).toEqual(['after']);
    expect(await ids('2024-05-03')).toEqual(['later']);
  });

  it('after a crash, starts on a fresh line: the torn bytes stay one skipped line, the new record is intact', async () => {
    const dir = await tempDir();
    const clock = manualClock('2024-05-01T10:00:00.000Z');
    const first = await CallLogStore.open(dir, { retention: {}, now: clock.now });
    const kept = await first.append(input({ id: 'kept' }));
    await first.close();
    const path = join(dir, 'calls-2024-05-01.jsonl');
    await appendFile(path, '{"id":"torn","ts":"2024-05-01T10:00:0');
    const before = await readFile(path);

    const second = await CallLogStore.open(dir, { retention: {}, now: clock.now });
    const next = await second.append(input({ id: 'next' }));
    await second.close();
    const after = await readFile(path);
    expect(after.subarray(0, before.length)).toEqual(before); // appended, never rewritten
    expect((await queryLog(dir)).records).toEqual([next, kept]);
  });

  it('flushes appends made before close, and rejects later ones', async () => {
    const dir = await tempDir();
    const store = await CallLogStore.open(dir, { retention: {} });
    const pending = [store.append(input({ id: 'x1' })), store.append(input({ id: 'x2' }))];
    const closed = store.close();
    await expect(store.append(input())).rejects.toThrow(/closed/);
    await closed;
    expect((await Promise.all(pending)).map((r) => r.id)).toEqual(['x1', 'x2']);
    expect((await queryLog(dir)).records.map((r) => r.id)).toEqual(['x2', 'x1']);
  });

  it('rejects an invalid record without writing anything', async () => {
    const dir = await tempDir();
    const store = await CallLogStore.open(dir, { retention: {} });
    await expect(store.append(input({ decidedBy: 'someone' as never }))).rejects.toThrow();
    await store.close();
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps appending when a live-tail listener throws, and stops calling a disposed one', async () => {
    const dir = await tempDir();
    const onError = vi.fn();
    const store = await CallLogStore.open(dir, { retention: {}, onError });
    const calls: string[] = [];
    const dispose = store.onDidAppend((r) => calls.push(r.id));
    store.onDidAppend(() => {
      throw new Error('broken view');
    });
    await store.append(input({ id: 'one' }));
    dispose();
    await store.append(input({ id: 'two' }));
    await store.close();
    expect(calls).toEqual(['one']);
    expect(onError).toHaveBeenCalledTimes(2);
    expect((await queryLog(dir)).records).toHaveLength(2);
  });

  it('creates the data directory when missing', async () => {
    const dir = join(await tempDir(), 'nested', 'calls');
    const store = await CallLogStore.open(dir, { retention: {} });
    await store.append(input());
    await store.close();
    expect(await readdir(dir)).toHaveLength(1);
    await writeFile(join(dir, 'notes.txt'), 'not ours');
    expect((await queryLog(dir)).records).toHaveLength(1);
  });
});
