import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CallLogStore,
  callRecordSchema,
  DECIDERS,
  DECISION_KINDS,
  canonicalJson,
  createCallRecord,
  hashArguments,
  logJson,
  parseRecordLine,
  queryLog,
} from '../../../main/gate/calllog/index.js';
import { RECORD_MAX_BYTES } from '../../../main/gate/calllog/bounds.js';
import { SecretMask } from '../../../main/gate/text/secret-mask.js';
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

  it('masks a secret argument\'s value wherever the upstream\'s answer repeats it (otp, two_factor), not only under its name', () => {
    const message = "2 validation errors for call[add_order]\notp\n  Unexpected keyword argument [type=unexpected_keyword_argument, input_value='123456', input_type=str]\ntwo_factor\n  Unexpected keyword argument [type=unexpected_keyword_argument, input_value=987654, input_type=int]";
    const record = createCallRecord(
      input({ arguments: { pair: 'XBTUSD', otp: '123456', two_factor: 987654 }, outcome: { status: 'error', message, summary: 'otp 123456 refused' }, reason: 'code 987654' }),
    );
    const line = JSON.stringify(record);
    expect(line).not.toContain('123456');
    expect(line).not.toContain('987654');
    expect(record.arguments).toEqual({ pair: 'XBTUSD', otp: '[redacted]', two_factor: '[redacted]' });
    expect(record.outcome.message).toContain("input_value='[redacted]'");
    expect(record.outcome.message).toContain('input_value=[redacted],');
    // Only the whole value: other numbers in the text stay.
    expect(createCallRecord(input({ arguments: { otp: '1234' }, outcome: { status: 'error', message: 'order 12345 and otp 1234' } })).outcome.message).toBe('order 12345 and otp [redacted]');
  });

  it('masks the values the store was told are secret (the upstream\'s API key) in every text and argument', () => {
    const key = 'paper-key-0123456789';
    const record = createCallRecord(input({ arguments: { note: `key=${key}`, echo: key }, outcome: { status: 'error', message: `bad key ${key}` } }), new Date(), { secrets: new SecretMask([key]) });
    expect(JSON.stringify(record)).not.toContain(key);
  });

  it('bounds what one record stores: large arguments kept as the start of their JSON + their size + the hash of the whole', () => {
    const hostile = '\x1b\u202e"\\'.repeat(100_000); // every character escapes to several bytes
    const args = { pair: 'XBTUSD', blob: hostile, list: Array.from({ length: 5000 }, (_, i) => i) };
    const record = createCallRecord(
      input({ client: hostile, tool: hostile, session: hostile, rule: hostile, arguments: args, outcome: { status: 'error', message: hostile, summary: hostile }, reason: hostile }),
    );
    const line = logJson(record);
    expect(Buffer.byteLength(line)).toBeLessThanOrEqual(RECORD_MAX_BYTES);
    expect(record.argsHash).toBe(hashArguments(args));
    expect(record.arguments).toEqual({});
    expect(record.argumentsCut!.bytes).toBe(Buffer.byteLength(JSON.stringify(args)));
    expect(JSON.stringify(args).startsWith(record.argumentsCut!.prefix.slice(0, -1))).toBe(true);
    expect(record.argumentsCut!.prefix.endsWith('…')).toBe(true);
    expect(record.client!.endsWith('…')).toBe(true);
    expect(parseRecordLine(line)).toEqual(record);
    // Ordinary calls are stored exactly as they were.
    const small = { pair: 'XBTUSD', note: 'n'.repeat(10_000) };
    expect(createCallRecord(input({ arguments: small, client: 'claude\x1b[2A' })).arguments).toEqual(small);
    expect(createCallRecord(input({ client: 'claude\x1b[2A' })).client).toBe('claude\x1b[2A');
  });

  it('stamps id and ts, normalizes a given ts, and keeps fields in the line order readers rely on', () => {
    const record = createCallRecord(input({ ts: '2024-05-01T12:00:00Z' }), new Date(0));
    expect(record.ts).toBe('2024-05-01T12:00:00.000Z');
    expect(record.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(record)).toMatch(/^\{"id":"[^"]+","ts":"2024-05-01T12:00:00.000Z","session":/);
    expect(createCallRecord(input(), new Date(5)).ts).toBe('1970-01-01T00:00:00.005Z');
  });

  it('builds only records the reader\'s schema accepts (the builder checks by hand, not with the schema)', () => {
    const variants = [
      input(),
      input({ client: undefined, waitedMs: 0, decision: 'approved', decidedBy: 'window' }),
      input({ decision: 'denied', outcome: { status: 'not-forwarded' }, reason: 'no', upstreamMs: undefined }),
      input({ outcome: { status: 'unknown', message: 'gone' }, arguments: { nested: { a: [1, 'two', null] } } }),
      input({ arguments: { big: 'x'.repeat(RECORD_MAX_BYTES) } }),
    ];
    for (const variant of variants) {
      const record = createCallRecord(variant);
      expect(callRecordSchema.parse(record)).toEqual(record);
    }
  });

  it('rejects what no reader could read back', () => {
    expect(() => createCallRecord(input({ decision: 'maybe' as never }))).toThrow();
    expect(() => createCallRecord(input({ ts: 'yesterday' }))).toThrow(RangeError);
    expect(() => createCallRecord(input({ waitedMs: -1 }))).toThrow();
    expect(() => createCallRecord(input({ upstreamMs: Number.NaN }))).toThrow();
    expect(() => createCallRecord(input({ decidedBy: 'someone' as never }))).toThrow();
    expect(() => createCallRecord(input({ outcome: { status: 'fine' as never } }))).toThrow();
    expect(() => createCallRecord(input({ argsHash: 'not-a-hash' }))).toThrow();
    expect(() => createCallRecord(input({ id: '' }))).toThrow();
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
