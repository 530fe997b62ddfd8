import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, CallLogStore, queryLog, toCsv, toJson, type CallRecord } from '../../../main/gate/calllog/index.js';
import { parseCsv, recordsFromCsv } from './csv-parse.js';
import { input, tempDir } from './helpers.js';

/** Records whose text exercises every quoting and guarding rule, read back from a real log. */
async function trickyRecords(): Promise<CallRecord[]> {
  const dir = await tempDir();
  const store = await CallLogStore.open(dir, { retention: {} });
  await store.append(input());
  await store.append(
    input({
      client: '',
      tool: 'add_order',
      arguments: { pair: 'XBTUSD', price: '-5%', note: 'a, "quoted"\r\nline', emoji: 'ⓚ 🐙', nested: { list: [1, null, true] } },
      decision: 'denied',
      decidedBy: 'policy',
      rule: 'tools.add_order.deny_if[0]',
      outcome: { status: 'not-forwarded', message: '=HYPERLINK("http://evil")' },
      reason: "'quoted from the start",
    }),
  );
  await store.append(input({ decision: 'expired', decidedBy: 'timeout', waitedMs: 120_000, upstreamMs: undefined, client: undefined, outcome: { status: 'not-forwarded', summary: '@here +1 -2' }, reason: '' }));
  await store.append(input({ decision: 'approved', decidedBy: 'notification', waitedMs: 0.5, outcome: { status: 'error', message: 'line1\nline2' }, arguments: {} }));
  await store.append(input({ arguments: { blob: '=cmd|calc'.repeat(5000) } })); // kept as the start of its JSON
  // Approved with changes: both argument sets, the agent's hash, who changed what.
  await store.append(
    input({
      tool: 'add_order',
      decision: 'approved',
      decidedBy: 'cli',
      waitedMs: 4200,
      arguments: { pair: 'XBTUSD', volume: 0.05, price: '48000' },
      edited: { agentArguments: { pair: 'XBTUSD', volume: 0.1, price: '49000' }, by: 'cli', changes: [{ field: 'volume', from: 0.1, to: 0.05 }, { field: 'price', from: '49000', to: '48000' }] },
    }),
  );
  await store.close();
  return (await queryLog(dir)).records;
}

describe('export', () => {
  it('CSV round-trips: parsed back, the records are equal', async () => {
    const records = await trickyRecords();
    const csv = toCsv(records);
    expect(recordsFromCsv(csv)).toEqual(records);
    expect(recordsFromCsv(toCsv(records, { spreadsheetSafe: false }), false)).toEqual(records);
  });

  it('JSON round-trips', async () => {
    const records = await trickyRecords();
    expect(JSON.parse(toJson(records))).toEqual(records);
    expect(toJson([])).toBe('[]\n');
  });

  it('writes RFC 4180: header row, CRLF, quotes doubled, arguments as JSON in one column', async () => {
    const records = await trickyRecords();
    const csv = toCsv(records);
    expect(csv.startsWith(`${CSV_COLUMNS.join(',')}\r\n`)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows).toHaveLength(records.length + 1);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
    const denied = rows[1 + records.findIndex((r) => r.decision === 'denied')]!;
    const column = (name: (typeof CSV_COLUMNS)[number]) => denied[CSV_COLUMNS.indexOf(name)]!;
    expect(JSON.parse(column('arguments').value)).toEqual(records.find((r) => r.decision === 'denied')!.arguments);
    expect(csv).toContain('"a, \\""quoted\\""\\r\\nline"'); // JSON escapes inside, CSV doubling outside
    expect(column('client')).toEqual({ value: '', quoted: true }); // empty string, not absent
    expect(column('outcomeWords').value).toMatch(/^(Denied by a rule|Rate-limited|Paused)$/); // the words every surface uses
  });

  it('guards cells that a spreadsheet would run as formulas', async () => {
    const records = await trickyRecords();
    const rows = parseCsv(toCsv(records));
    const values = rows.flat().map((f) => f.value);
    expect(values).toContain(`'=HYPERLINK("http://evil")`);
    expect(values).toContain("'@here +1 -2");
    expect(values).toContain("''quoted from the start");
    expect(values.some((v) => /^[=+\-@]/.test(v))).toBe(false);
    const unguarded = parseCsv(toCsv(records, { spreadsheetSafe: false })).flat().map((f) => f.value);
    expect(unguarded).toContain('=HYPERLINK("http://evil")');
  });

  it('guards formulas behind leading spaces, tabs, NBSP and other blanks, and the full-width ＝ ＋ － ＠, and still round-trips', async () => {
    const dir = await tempDir();
    const store = await CallLogStore.open(dir, { retention: {} });
    const hostile = [' =1+1', '  +SUM(A1)', '\u00a0=HYPERLINK("http://evil")', '\t=1', '\u3000@x', '\u2003-2+3', '\u200b=1', '＝1+1', '＋1', '－1', '＠SUM(A1)', ' ＝1', '\r\n=1'];
    for (const text of hostile) await store.append(input({ outcome: { status: 'not-forwarded', message: text }, reason: text, client: text }));
    await store.close();
    const records = (await queryLog(dir)).records;
    const csv = toCsv(records);
    const cells = parseCsv(csv).slice(1).flatMap((row) => [row[CSV_COLUMNS.indexOf('client')]!, row[CSV_COLUMNS.indexOf('message')]!, row[CSV_COLUMNS.indexOf('reason')]!]);
    expect(cells).toHaveLength(hostile.length * 3);
    for (const cell of cells) expect(cell.value.startsWith("'"), JSON.stringify(cell.value)).toBe(true);
    expect(recordsFromCsv(csv)).toEqual(records);
    // Ordinary text with a minus or an at sign inside, and negative numbers, are left alone.
    const plain = parseCsv(toCsv([{ ...records[0]!, reason: 'a - b @ c', waitedMs: 5 }]))[1]!;
    expect(plain[CSV_COLUMNS.indexOf('reason')]!.value).toBe('a - b @ c');
  });
});

describe('CSV durations', () => {
  it('gives upstreamMs in whole milliseconds, as measured to the microsecond it is noise (JSON keeps it exact)', async () => {
    const dir = await tempDir();
    const store = await CallLogStore.open(dir, { retention: {} });
    await store.append(input({ upstreamMs: 12.345678912 }));
    await store.append(input({ upstreamMs: 0.4 }));
    await store.close();
    const records = (await queryLog(dir)).records;
    const column = CSV_COLUMNS.indexOf('upstreamMs');
    expect(parseCsv(toCsv(records)).slice(1).map((row) => row[column]!.value).sort()).toEqual(['0', '12']);
    expect(JSON.parse(toJson(records)).map((r: CallRecord) => r.upstreamMs).sort()).toEqual([0.4, 12.345678912]);
  });
});
