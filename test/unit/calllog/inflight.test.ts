import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CallLogStore, CUT_OFF_MESSAGE, HELD_CUT_OFF_REASON, InflightJournal, queryLog } from '../../../main/gate/calllog/index.js';
import { input, tempDir } from './helpers.js';

async function openAll(dir: string) {
  const log = await CallLogStore.open(join(dir, 'calls'), { retention: {} });
  const opened = await InflightJournal.open(join(dir, 'inflight.jsonl'), log, join(dir, 'calls'));
  return { log, ...opened };
}

const intent = (id: string) => ({ ...input({ tool: 'add_order', arguments: { pair: 'XBTUSD', side: 'buy', volume: 1, validate: false } }), id, ts: new Date().toISOString() });

describe('the in-flight journal', () => {
  it('records, at the next start, a forwarded call whose gateway died before recording it (an order: outcome unknown)', async () => {
    const dir = await tempDir();
    const first = await openAll(dir);
    first.journal.begin(intent('call-cut-off')); // forwarded… and the process dies here
    await first.log.close();

    const second = await openAll(dir);
    expect(second.recovered).toBe(1);
    const { records } = await queryLog(join(dir, 'calls'));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ id: 'call-cut-off', tool: 'add_order', decision: 'allowed', outcome: { status: 'unknown' } });
    expect(records[0]!.outcome.message).toBe(`${CUT_OFF_MESSAGE} The order may have been placed — check open orders before retrying.`);
    await second.log.close();

    // Recovered once: a third start finds nothing left to do.
    const third = await openAll(dir);
    expect(third.recovered).toBe(0);
    await third.log.close();
  });

  it('a cut-off order approved with changes keeps, once recovered, the agent arguments (redacted) beside the ones sent', async () => {
    const dir = await tempDir();
    const first = await openAll(dir);
    const agent = { pair: 'XBTUSD', side: 'buy', volume: 0.1, validate: false, api_secret: 'kraken-secret-value' };
    first.journal.begin({
      ...input({ tool: 'add_order', arguments: { ...agent, volume: 0.05 }, decision: 'approved', decidedBy: 'window' }),
      edited: { agentArguments: agent, by: 'window', changes: [{ field: 'volume', from: 0.1, to: 0.05 }] },
      id: 'edited-cut-off',
      ts: new Date().toISOString(),
    });
    await first.log.close();
    const journalText = (await import('node:fs')).readFileSync(join(dir, 'inflight.jsonl'), 'utf8');
    expect(journalText).not.toContain('kraken-secret-value');

    const second = await openAll(dir);
    const { records } = await queryLog(join(dir, 'calls'));
    expect(records[0]).toMatchObject({
      id: 'edited-cut-off',
      arguments: { volume: 0.05 },
      edited: { agentArguments: { volume: 0.1, api_secret: '[redacted]' }, by: 'window', changes: [{ field: 'volume', from: 0.1, to: 0.05 }] },
      outcome: { status: 'unknown' },
    });
    await second.log.close();
  });

  it('a cut-off call that cannot move money (a read, a dry run) is an error, not unknown', async () => {
    const dir = await tempDir();
    const first = await openAll(dir);
    first.journal.begin({ ...input({ tool: 'account_balance', arguments: {} }), id: 'read', ts: new Date().toISOString() });
    first.journal.begin({ ...input({ tool: 'add_order', arguments: { pair: 'XBTUSD', side: 'buy', volume: 1 } }), id: 'dry-run', ts: new Date().toISOString() });
    await first.log.close();

    const second = await openAll(dir);
    expect(second.recovered).toBe(2);
    const { records } = await queryLog(join(dir, 'calls'));
    expect(records.map((r) => r.outcome)).toEqual([
      { status: 'error', message: CUT_OFF_MESSAGE },
      { status: 'error', message: CUT_OFF_MESSAGE },
    ]);
    await second.log.close();
  });

  it('records a call that was held for a human when the gateway died as cancelled by the restart, unless it went on', async () => {
    const dir = await tempDir();
    const first = await openAll(dir);
    const held = (id: string) => {
      const { decision: _d, decidedBy: _b, outcome: _o, ...rest } = input({ tool: 'add_order', arguments: { pair: 'XBTUSD', side: 'buy', volume: 1, validate: false } });
      return { ...rest, id, ts: new Date().toISOString() };
    };
    first.journal.hold(held('still-held'));
    first.journal.hold(held('approved-then-sent'));
    first.journal.begin({ ...intent('approved-then-sent'), decision: 'approved', decidedBy: 'cli' });
    first.journal.hold(held('decided'));
    await first.log.append({ ...input(), id: 'decided', decision: 'rejected', decidedBy: 'cli', outcome: { status: 'not-forwarded' } });
    first.journal.end('decided');
    await first.log.close();

    const second = await openAll(dir);
    expect(second.recovered).toBe(2);
    const { records } = await queryLog(join(dir, 'calls'), { limit: Infinity });
    const byId = new Map(records.map((r) => [r.id, r]));
    expect(byId.get('still-held')).toMatchObject({ decision: 'cancelled', decidedBy: 'restart', reason: HELD_CUT_OFF_REASON, outcome: { status: 'not-forwarded' } });
    expect(byId.get('approved-then-sent')).toMatchObject({ decision: 'approved', decidedBy: 'cli', outcome: { status: 'unknown' } });
    expect(records.filter((r) => r.id === 'decided')).toHaveLength(1);
    await second.log.close();
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
