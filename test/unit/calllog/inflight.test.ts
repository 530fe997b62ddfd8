import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CallLogStore, CUT_OFF_MESSAGE, InflightJournal, queryLog } from '../../../main/gate/calllog/index.js';
import { input, tempDir } from './helpers.js';

async function openAll(dir: string) {
  const log = await CallLogStore.open(join(dir, 'calls'), { retention: {} });
  const opened = await InflightJournal.open(join(dir, 'inflight.jsonl'), log, join(dir, 'calls'));
  return { log, ...opened };
}

const intent = (id: string) => ({ ...input({ tool: 'add_order', arguments: { pair: 'XBTUSD', side: 'buy', volume: 1, validate: false } }), id, ts: new Date().toISOString() });

describe('the in-flight journal', () => {
  it('records, at the next start, a forwarded call whose gateway died before recording it', async () => {
    const dir = await tempDir();
    const first = await openAll(dir);
    first.journal.begin(intent('call-cut-off')); // forwarded… and the process dies here
    await first.log.close();

    const second = await openAll(dir);
    expect(second.recovered).toBe(1);
    const { records } = await queryLog(join(dir, 'calls'));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ id: 'call-cut-off', tool: 'add_order', decision: 'allowed', outcome: { status: 'error', message: CUT_OFF_MESSAGE } });
    await second.log.close();

    // Recovered once: a third start finds nothing left to do.
    const third = await openAll(dir);
    expect(third.recovered).toBe(0);
    await third.log.close();
  });

  it('adds nothing for calls that ended, or that were recorded before the end mark was lost', async () => {
    const dir = await tempDir();
    const first = await openAll(dir);
    first.journal.begin(intent('ended'));
    await first.log.append({ ...input(), id: 'ended' });
    first.journal.end('ended');
    first.journal.begin(intent('recorded-not-ended'));
    await first.log.append({ ...input(), id: 'recorded-not-ended' });
    await first.log.close();

    const second = await openAll(dir);
    expect(second.recovered).toBe(0);
    expect((await queryLog(join(dir, 'calls'))).records.map((r) => r.id).sort()).toEqual(['ended', 'recorded-not-ended']);
    await second.log.close();
  });
});
