import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EDITABLE_FIELDS, changesNote, editOrder } from '../../../main/gate/approvals/index.js';

const BUY = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '50000', validate: false } as const;
const SELL = { ...BUY, side: 'sell' } as const;
const AMEND = { order_id: 'OABCDE-FGHIJ-KLMNOP', order_qty: '0.5', limit_price: '50000' } as const;

describe('editOrder (approve with changes)', () => {
  it('lowers the volume, keeps everything else, and says what changed', () => {
    const edit = editOrder('add_order', BUY, { volume: 0.05 });
    expect(edit).toEqual({ ok: true, arguments: { ...BUY, volume: 0.05 }, changes: [{ field: 'volume', from: 0.1, to: 0.05 }] });
    expect(edit.ok && changesNote(edit.changes)).toBe('Approved with changes: volume 0.10 → 0.05');
  });

  it('refuses a larger volume, a zero volume, and any field outside the allowed list', () => {
    expect(editOrder('add_order', BUY, { volume: 0.2 })).toMatchObject({ ok: false, reason: expect.stringContaining('only be lowered') });
    expect(editOrder('add_order', BUY, { volume: 0 })).toMatchObject({ ok: false });
    // In words a person reads, not the schema library's.
    expect(editOrder('add_order', BUY, { volume: -1 })).toEqual({ ok: false, reason: '"volume" must be a number above 0.' });
    expect(editOrder('add_order', BUY, { timeinforce: 'FOK' })).toEqual({ ok: false, reason: '"timeinforce" must be GTC, IOC or GTD.' });
    for (const stray of [{ pair: 'ETHUSD' }, { side: 'sell' }, { ordertype: 'market' }, { validate: true }, { volume: 0.05, userref: 7 }]) {
      expect(editOrder('add_order', BUY, stray)).toMatchObject({ ok: false, reason: expect.stringContaining('cannot be changed') });
    }
  });

  it('reads a volume the agent sent as a numeric string, as kraken-mcp does', () => {
    expect(editOrder('add_order', { ...BUY, volume: '0.1' }, { volume: 0.05 })).toMatchObject({ ok: true, changes: [{ field: 'volume', from: '0.1', to: 0.05 }] });
    expect(editOrder('add_order', { ...BUY, volume: '0.1' }, { volume: 0.2 })).toMatchObject({ ok: false });
  });

  it('refuses values of the wrong type for the schema', () => {
    expect(editOrder('add_order', BUY, { volume: '0.05' })).toMatchObject({ ok: false, reason: expect.stringContaining('"volume"') });
    expect(editOrder('add_order', BUY, { timeinforce: 'FOK' })).toMatchObject({ ok: false });
  });

  it("moves a buy's limit down and a sell's up; the other way only when the human confirms it", () => {
    expect(editOrder('add_order', BUY, { price: '49000' })).toMatchObject({ ok: true, arguments: { price: '49000' } });
    expect(editOrder('add_order', BUY, { price: '51000' })).toMatchObject({ ok: false, reason: expect.stringContaining('worse price') });
    expect(editOrder('add_order', BUY, { price: '51000' }, { allowWorsePrice: true })).toMatchObject({ ok: true, arguments: { price: '51000' } });
    expect(editOrder('add_order', SELL, { price: '51000' })).toMatchObject({ ok: true });
    expect(editOrder('add_order', SELL, { price: '49999.5' })).toMatchObject({ ok: false });
    expect(editOrder('add_order', BUY, { price: '+100' })).toMatchObject({ ok: false, reason: expect.stringContaining('absolute price') });
  });

  it('moves only the limit: price2 of a stop-loss-limit, never a trigger', () => {
    const stop = { ...SELL, ordertype: 'stop-loss-limit', price: '45000', price2: '44000' };
    expect(editOrder('add_order', stop, { price2: '44500' })).toMatchObject({ ok: true, arguments: { price: '45000', price2: '44500' } });
    expect(editOrder('add_order', stop, { price: '46000' })).toMatchObject({ ok: false, reason: expect.stringContaining('not its limit price') });
    expect(editOrder('add_order', { ...BUY, ordertype: 'market', price: null }, { price: '1' })).toMatchObject({ ok: false });
  });

  it('tightens the time in force, never loosens it', () => {
    expect(editOrder('add_order', BUY, { timeinforce: 'IOC' })).toMatchObject({ ok: true, changes: [{ field: 'timeinforce', from: null, to: 'IOC' }] });
    expect(editOrder('add_order', { ...BUY, timeinforce: 'GTD' }, { timeinforce: 'IOC' })).toMatchObject({ ok: true });
    expect(editOrder('add_order', { ...BUY, timeinforce: 'IOC' }, { timeinforce: 'GTC' })).toMatchObject({ ok: false, reason: expect.stringContaining('tightened') });
    expect(editOrder('add_order', BUY, { timeinforce: 'GTD' })).toMatchObject({ ok: false });
  });

  it('amend_order: lowers order_qty, switches post_only on, moves a price only when confirmed (no side to judge by)', () => {
    expect(editOrder('amend_order', AMEND, { order_qty: '0.25' })).toMatchObject({ ok: true, arguments: { ...AMEND, order_qty: '0.25' } });
    expect(editOrder('amend_order', AMEND, { order_qty: '0.75' })).toMatchObject({ ok: false });
    expect(editOrder('amend_order', { order_id: 'X', limit_price: '1' }, { order_qty: '0.1' })).toMatchObject({ ok: false });
    expect(editOrder('amend_order', AMEND, { post_only: true })).toMatchObject({ ok: true });
    expect(editOrder('amend_order', { ...AMEND, post_only: true }, { post_only: false })).toMatchObject({ ok: false });
    expect(editOrder('amend_order', AMEND, { limit_price: '49000' })).toMatchObject({ ok: false, reason: expect.stringContaining('confirm') });
    expect(editOrder('amend_order', AMEND, { limit_price: '49000' }, { allowWorsePrice: true })).toMatchObject({ ok: true });
    expect(editOrder('amend_order', AMEND, { order_id: 'OTHER' })).toMatchObject({ ok: false, reason: expect.stringContaining('cannot be changed') });
  });

  it('refuses an edit that changes nothing, and tools that are not orders', () => {
    expect(editOrder('add_order', BUY, { volume: 0.1 })).toMatchObject({ ok: false, reason: expect.stringContaining('Nothing would change') });
    expect(editOrder('cancel_order', { txid_or_userref: 'X' }, { txid_or_userref: 'Y' })).toMatchObject({ ok: false });
  });

  it("edits only kraken-mcp's own argument names, with kraken-mcp's types", () => {
    const listed = JSON.parse(readFileSync(new URL('../../fixtures/kraken-mcp/tools-list.json', import.meta.url), 'utf8')) as {
      result: { tools: Array<{ name: string; inputSchema: { properties: Record<string, { type?: string; anyOf?: Array<{ type: string }> }> } }> };
    };
    const expected: Record<string, string> = { volume: 'number', price: 'string', price2: 'string', timeinforce: 'string', order_qty: 'string', limit_price: 'string', trigger_price: 'string', post_only: 'boolean' };
    for (const [tool, fields] of Object.entries(EDITABLE_FIELDS)) {
      const schema = listed.result.tools.find((t) => t.name === tool)!.inputSchema;
      for (const field of fields) {
        const property = schema.properties[field]!;
        const types = property.type ? [property.type] : (property.anyOf ?? []).map((a) => a.type);
        expect(types, `${tool}.${field}`).toContain(expected[field]);
      }
    }
  });
});
