import { describe, expect, it } from 'vitest';
import { newApprovalId, normalizeApprovalId } from '../../../main/gate/approvals/index.js';

describe('approval ids', () => {
  it('encodes 40 random bits as 8 Crockford base32 characters', () => {
    expect(newApprovalId(() => new Uint8Array([0, 0, 0, 0, 0]))).toBe('00000000');
    expect(newApprovalId(() => new Uint8Array([255, 255, 255, 255, 255]))).toBe('ZZZZZZZZ');
    expect(newApprovalId(() => new Uint8Array([0x08, 0x86, 0x42, 0x98, 0xe8]))).toBe('12345678');
  });

  it('forgives case, spaces, dashes and look-alike letters when a human types one', () => {
    expect(normalizeApprovalId(' abcd-efgh ')).toBe('ABCDEFGH');
    expect(normalizeApprovalId('O0Il')).toBe('0011');
  });
});
