// An export of a view with terms only the window applies (client:, -tool:, -word) holds exactly the
// calls the table shows: the same file the core writes for those calls alone, byte for byte.
import { describe, expect, it } from 'vitest';
import { toCsv, toJson } from '../../main/gate/calllog/export.js';
import type { CallRecord } from '../../main/gate/calllog/record.js';
import { csvRecords, filterExport } from '../../renderer/lib/log-export-filter.js';
import { parseQuery } from '../../renderer/lib/log-filter.js';
import { matchesLocal } from '../../renderer/lib/log-match.js';

const HASH = 'a'.repeat(64);
let n = 0;
function call(patch: Partial<CallRecord>): CallRecord {
  n += 1;
  return { id: `c${n}`, ts: new Date(Date.UTC(2026, 10, 25, 10, n)).toISOString(), session: 's1', client: 'cursor', tool: 'ticker', decision: 'allowed', rule: 'tools.ticker', decidedBy: 'policy', argsHash: HASH, arguments: { pairs: 'XBTUSD' }, outcome: { status: 'ok', summary: '{"result": "ok"}' }, ...patch };
}

const RECORDS: CallRecord[] = [
  call({}),
  call({ tool: 'add_order', arguments: { pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '50000', validate: false }, decision: 'approved', decidedBy: 'window' }),
  // What a spreadsheet must not run, and what CSV must quote: a guarded client, a reason over lines.
  call({ client: '=cmd', tool: 'cancel_order', decision: 'rejected', decidedBy: 'cli', outcome: { status: 'not-forwarded' }, reason: 'Denied, "by you",\r\nwith a line break', arguments: { txid_or_userref: 'OABC' } }),
  call({ client: "'quoted", tool: 'ohlc', arguments: {}, argumentsCut: { prefix: '{"pairs":"ETHUSD","note":"huge', bytes: 99_000 } }),
  call({ client: undefined, tool: 'kraken-gate/pause', decidedBy: 'window', outcome: { status: 'not-forwarded' } }),
];

describe('an export of a view the window narrowed', () => {
  for (const query of ['-tool:ticker', '-client:cursor', 'client:=cmd', "-client:'quoted", '-ethusd', '-line', '-xbtusd -tool:kraken-gate/pause']) {
    it(`holds the same calls as the table for ${query}`, () => {
      const { local } = parseQuery(query);
      const kept = RECORDS.filter((r) => matchesLocal(r, local));
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.length).toBeLessThan(RECORDS.length);
      expect(filterExport(toCsv(RECORDS), 'csv', local)).toEqual({ text: toCsv(kept), count: kept.length });
      expect(filterExport(toJson(RECORDS), 'json', local)).toEqual({ text: toJson(kept), count: kept.length });
    });
  }

  it('reads RFC 4180: quoted commas, doubled quotes and line breaks stay inside their field', () => {
    const rows = csvRecords(toCsv(RECORDS));
    expect(rows).toHaveLength(RECORDS.length + 1);
    expect(rows[3]!.fields[13]).toBe('Denied, "by you",\r\nwith a line break');
  });
});
