import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CallLogStore,
  DECIDERS,
  DECISION_KINDS,
  canonicalJson,
  createCallRecord,
  hashArguments,
  parseRecordLine,
  queryLog,
} from '../../../main/gate/calllog/index.js';
import { input, krakenSecret, tempDir } from './helpers.js';

describe('hashArguments', () => {
  it('hashes equal arguments equally whatever the key order, at every depth', () => {
    const a = { pair: 'XBTUSD', volume: '0.1', close: { price: '1', ordertype: 'limit' }, list: [{ b: 1, a: 2 }] };
    const b = { list: [{ a: 2, b: 1 }], close: { ordertype: 'limit', price: '1' }, volume: '0.1', pair: 'XBTUSD' };
    expect(hashArguments(a)).toBe(hashArguments(b));
    expect(canonicalJson(b)).toBe('{"close":{"ordertype":"limit","price":"1"},"list":[{"a":2,"b":1}],"pair":"XBTUSD","volume":"0.1"}');
  });

  it('is sha256 hex of the canonical JSON, and any change of value changes it', () => {
    const args = { pair: 'XBTUSD', volume: '0.1' };
    expect(hashArguments(args)).toBe(createHash('sha256').update('{"pair":"XBTUSD","volume":"0.1"}').digest('hex'));
    expect(hashArguments({ pair: 'XBTUSD', volume: '0.10' })).not.toBe(hashArguments(args));
    expect(hashArguments({ list: [1, 2] })).not.toBe(hashArguments({ list: [2, 1] }));
  });

  it('follows JSON.stringify for what JSON cannot hold', () => {
    expect(canonicalJson({ b: undefined, a: [undefined, NaN], d: new Date(0) })).toBe('{"a":[null,null],"d":"1970-01-01T00:00:00.000Z"}');
  });
});

describe('createCallRecord', () => {
  it('hashes the arguments as sent and stores them redacted', () => {
    const secret = krakenSecret();
    const record = createCallRecord(input({ arguments: { pair: 'XBTUSD', otp: '123456', memo: secret } }));
    expect(record.argsHash).toBe(hashArguments({ pair: 'XBTUSD', otp: '123456', memo: secret }));
    expect(record.arguments).toEqual({ pair: 'XBTUSD', otp: '[redacted]', memo: '[redacted]' });
  });

  it('stamps id and ts, normalizes a given ts, and keeps fields in the line order readers rely on', () => {
    const record = createCallRecord(input({ ts: '2024-05-01T12:00:00Z' }), new Date(0));
    expect(record.ts).toBe('2024-05-01T12:00:00.000Z');
    expect(record.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(record)).toMatch(/^\{"id":"[^"]+","ts":"2024-05-01T12:00:00.000Z","session":/);
    expect(createCallRecord(input(), new Date(5)).ts).toBe('1970-01-01T00:00:00.005Z');
  });

  it('rejects what no reader could read back', () => {
    expect(() => createCallRecord(input({ decision: 'maybe' as never }))).toThrow();
    expect(() => createCallRecord(input({ ts: 'yesterday' }))).toThrow(RangeError);
    expect(() => createCallRecord(input({ waitedMs: -1 }))).toThrow();
  });

  it('parses a line back to the same record, and rejects damaged lines', () => {
    const record = createCallRecord(input());
    const line = JSON.stringify(record);
    expect(parseRecordLine(line)).toEqual(record);
    expect(parseRecordLine(line.slice(0, -5))).toBeUndefined();
    expect(parseRecordLine(JSON.stringify({ ...record, decision: 'maybe' }))).toBeUndefined();
  });
});

describe('every decision kind round-trips through the file', () => {
  it('writes and reads back each decision with each decider', async () => {
    const dir = await tempDir();
    const store = await CallLogStore.open(dir, { retention: {} });
    const written = [];
    for (const decision of DECISION_KINDS) {
      for (const decidedBy of DECIDERS) {
        written.push(
          await store.append(
            input({
              decision,
              decidedBy,
              waitedMs: decision === 'allowed' ? undefined : 1500,
              outcome: decision === 'allowed' || decision === 'approved' ? { status: 'ok', summary: 'done' } : { status: 'not-forwarded', message: decision },
              reason: decision === 'denied' ? 'Only BTC and ETH pairs.' : undefined,
            }),
          ),
        );
      }
    }
    await store.close();
    const page = await queryLog(dir, { limit: 1000 });
    expect(page.records).toEqual(written.reverse());
    expect(new Set(page.records.map((r) => r.decision))).toEqual(new Set(DECISION_KINDS));
  });
});
