import { describe, expect, it } from 'vitest';
import { REDACTED, redactArguments, redactText } from '../../../main/gate/calllog/index.js';
import { redactTextFully } from '../../../main/gate/calllog/redact.js';
import { krakenApiKey, krakenSecret } from './helpers.js';

describe('redactArguments: secrets go', () => {
  it('redacts values under secret-sounding names, whatever their shape', () => {
    const out = redactArguments({
      api_key: 'short',
      apiSecret: 'x',
      'API-Sign': 'abc', // not a secret name on its own…
      signature: 'abc',
      otp: '123456',
      password: 'hunter2',
      passphrase: { nested: true },
      Authorization: 'whatever',
      access_token: 12345,
      nonce: 1712345678901,
    });
    expect(out).toEqual({
      api_key: REDACTED,
      apiSecret: REDACTED,
      'API-Sign': 'abc',
      signature: REDACTED,
      otp: REDACTED,
      password: REDACTED,
      passphrase: REDACTED,
      Authorization: REDACTED,
      access_token: REDACTED,
      nonce: 1712345678901,
    });
  });

  it('redacts Kraken secrets and keys wherever they appear, under any name', () => {
    const secret = krakenSecret();
    const key = krakenApiKey();
    expect(secret).toHaveLength(88);
    expect(key).toHaveLength(56);
    const out = redactArguments({ note: secret, list: [key, 'XBTUSD'], deep: { a: { b: secret } }, [secret]: 1 });
    const json = JSON.stringify(out);
    expect(json).not.toContain(secret);
    expect(json).not.toContain(key);
    expect(out).toEqual({ note: REDACTED, list: [REDACTED, 'XBTUSD'], deep: { a: { b: REDACTED } }, [REDACTED]: 1 });
  });

  it('redacts bearer tokens, JWTs, hex digests and prefixed API tokens', () => {
    const hex = 'a3f1c2d4e5b6978812345678abcdef0123456789abcdef0123456789abcdef01';
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    const out = redactArguments({ h: 'Bearer abcdefgh12345678', sig: hex, j: jwt, t: 'sk-proj-abcdefghijklmnop1234', u: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' });
    expect(Object.values(out)).toEqual([`Bearer ${REDACTED}`, REDACTED, REDACTED, REDACTED, REDACTED]);
  });

  it('keeps the words of free text around an embedded secret', () => {
    const secret = krakenSecret();
    const out = redactArguments({ comment: `use key ${secret} for this` });
    expect(out.comment).toBe(`use key ${REDACTED} for this`);
  });

  it('is idempotent and does not change its input', () => {
    const args = { api_key: 'k', pair: 'XBTUSD', note: krakenSecret() };
    const copy = structuredClone(args);
    const once = redactArguments(args);
    expect(redactArguments(once)).toEqual(once);
    expect(args).toEqual(copy);
  });
});

describe('redactArguments: trading fields stay', () => {
  it('keeps an add_order exactly as sent', () => {
    const order = {
      pair: 'XBTUSD',
      type: 'buy',
      ordertype: 'limit',
      volume: '0.10',
      price: '50000.1',
      price2: '+5%',
      leverage: '2:1',
      oflags: 'post,fciq',
      timeinforce: 'GTC',
      starttm: '0',
      expiretm: '+3600',
      cl_ord_id: '6d1b345e-2821-40e2-ad83-4ecb18a06876',
      userref: 123456789,
      validate: true,
      close: { ordertype: 'stop-loss', price: '45000' },
      deadline: '2024-05-01T12:00:00.000Z',
    };
    expect(redactArguments(order)).toEqual(order);
  });

  it('keeps txids, short UUID client ids, asset lists, OHLC intervals and long decimals', () => {
    const args = {
      txid: 'OABCDE-FGHIJ-KLMNOP',
      txids: ['OABCDE-FGHIJ-KLMNOP', 'OQRSTU-VWXYZ-ABCDEF'],
      cl_ord_id: '6d1b345e282140e2ad834ecb18a06876',
      pairs: 'XBTUSD,ETHUSD,SOLUSD,ADAUSD,DOTUSD,XRPUSD,LTCUSD,LINKUSD',
      asset: 'XBT,ETH,USDT,USDC,ZUSD,ZEUR,XXBT,XETH,SOL,ADA,DOT',
      interval: 60,
      since: '1712345678',
      volume: '0.12345678901234567890123456789012345',
      refid: 'TXID12-ABCDE-FGHIJ',
      description: 'buy 0.10 XBTUSD @ limit 50000.1 (post only)',
    };
    expect(redactArguments(args)).toEqual(args);
  });
});

describe('redactText', () => {
  it('redacts values named in messages and keeps the message readable', () => {
    expect(redactText('EAPI:Invalid key')).toBe('EAPI:Invalid key');
    expect(redactText('request failed: api_key=AbCdEf123456 rejected')).toBe(`request failed: api_key=${REDACTED} rejected`);
    expect(redactText('{"token":"abcdef123456789"}')).toBe(`{"token":"${REDACTED}"}`);
    expect(redactText('EOrder:Insufficient funds for XBTUSD volume 0.10')).toBe('EOrder:Insufficient funds for XBTUSD volume 0.10');
  });
});

describe('redactText pre-check', () => {
  it('skips only text the full redaction would leave unchanged (seeded fuzz over secret-like fragments)', () => {
    // Fragments that make or break every pattern: words, prefixes, token characters and separators.
    const parts = ['key', 'otp', 'Token ', 'Bearer ', 'basic ', 'eyJ', '-----BEGIN PRIVATE KEY-----', 'sk-', 'ghp_', '0x', 'abcdef', '0123456789', 'XBTUSD', 'AbCd', '+/', '_-', '=', ':', '"', ' ', '.', ',', '64123.4'];
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    let redacted = 0;
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      const length = 3 + rand(14);
      for (let j = 0; j < length; j++) text += parts[rand(parts.length)]!;
      const full = redactTextFully(text);
      expect(redactText(text), text).toBe(text.length < 16 ? text : full);
      if (full !== text) redacted++;
    }
    expect(redacted).toBeGreaterThan(1000); // the fuzz reached the patterns, not only harmless text
  });

  it('skips the common summaries: a ticker answer, an order confirmation', () => {
    const ticker = '{"XXBTZUSD":{"a":["64123.40000","1","1.000"],"b":["64123.30000","2","2.000"],"c":["64123.40000","0.00100000"],"v":["1234.5","2345.6"]';
    expect(redactText(ticker)).toBe(ticker);
    expect(redactTextFully(ticker)).toBe(ticker);
  });
});
