// "Approve with changes", end to end: the official SDK client → the real gateway → the control API
// over HTTP (as the CLI and the web UI use it) → the paper exchange. The human lowers the volume
// of a held order; the exchange fills what the human approved, the agent reads the exchange's own
// answer and a note of the change, and the call log keeps both argument sets.
import { afterEach, describe, expect, it } from 'vitest';
import { runLogCommand } from '../../main/cli/log-command.js';
import { balance, nextPending, nextRecord, openOrders, startTestGateway, textOf, type TestGateway } from '../helpers/gateway.js';

const MARKET_BUY = { pair: 'XBTUSD', side: 'buy', ordertype: 'market', volume: 0.1, validate: false };
// Rests far below the market: placed, never filled.
const LOW_LIMIT_BUY = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '1000', validate: false };

describe('approve with changes', () => {
  let gw: TestGateway | undefined;
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
  });

  it('a 0.10 XBT order approved with volume 0.05 fills 0.05; the agent gets the exchange answer and the note; the log keeps both', async () => {
    gw = await startTestGateway();
    const client = await gw.connect({ name: 'trading-agent' });
    const before = await balance(client);
    const held = nextPending(gw.gate);
    const call = client.callTool({ name: 'add_order', arguments: MARKET_BUY });
    const pending = await held;

    const preview = await gw.control('previewChanges', { id: pending.id, changes: { volume: 0.05 } });
    expect(preview.body).toMatchObject({ ok: true, note: 'Approved with changes: volume 0.10 → 0.05', pending: { arguments: { ...MARKET_BUY, volume: 0.05 } } });
    if (!preview.body.ok) throw new Error(preview.body.message);
    expect(preview.body.pending.summary.headline).toMatch(/^Buy 0\.05 XBT\/USD at market/);
    expect(preview.body.pending.argsHash).not.toBe(pending.argsHash);

    const recorded = nextRecord(gw.gate, (r) => r.tool === 'add_order');
    const decided = await gw.control('approve', { id: pending.id, changes: { volume: 0.05 }, argsHash: preview.body.pending.argsHash });
    expect(decided.body).toEqual({ ok: true, id: pending.id, decision: 'approved-with-changes', note: 'Approved with changes: volume 0.10 → 0.05' });

    const result = (await call) as { content: Array<{ type: string; text: string }>; structuredContent: Record<string, unknown>; isError?: boolean };
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ descr: { order: 'buy 0.05000000 XBTUSD @ market' }, txid: [expect.any(String)] });
    // The upstream's own answer first, unchanged; the note is a second text part.
    expect(result.content).toHaveLength(2);
    expect(JSON.parse(result.content[0]!.text)).toEqual(result.structuredContent);
    expect(result.content[1]).toEqual({ type: 'text', text: 'Approved with changes: volume 0.10 → 0.05' });

    const after = await balance(client);
    expect(Number(after.XXBT) - Number(before.XXBT)).toBeCloseTo(0.05, 10);
    const txid = (result.structuredContent as { txid: string[] }).txid[0]!;
    const closed = (await client.callTool({ name: 'closed_orders', arguments: {} })).structuredContent as { closed: Record<string, unknown> };
    expect(closed.closed[txid]).toMatchObject({ vol: '0.05000000', descr: { pair: 'XBTUSD', type: 'buy', ordertype: 'market' } });

    expect(await recorded).toMatchObject({
      decision: 'approved',
      decidedBy: 'cli',
      arguments: { ...MARKET_BUY, volume: 0.05 },
      argsHash: preview.body.pending.argsHash,
      edited: { agentArguments: MARKET_BUY, agentArgsHash: pending.argsHash, by: 'cli', changes: [{ field: 'volume', from: 0.1, to: 0.05 }] },
      outcome: { status: 'ok' },
    });
    // The window's log and `kraken-gate log` (table and JSON) show both argument sets and the change.
    const page = await gw.control('log', { tool: ['add_order'] });
    expect(page.body).toMatchObject({
      ok: true,
      records: [{ arguments: { volume: 0.05 }, edited: { agentArguments: { volume: 0.1 }, by: 'cli', changes: [{ field: 'volume', from: 0.1, to: 0.05 }], text: 'volume 0.10 → 0.05' } }],
    });
    const table: string[] = [];
    await runLogCommand(gw.dataDir, { tool: 'add_order' }, (text) => table.push(text));
    expect(table.join('')).toMatch(/\n.*Approved with changes.*add_order.*you \(CLI\) after .*changed volume 0\.10 → 0\.05: /);
    const json: string[] = [];
    await runLogCommand(gw.dataDir, { tool: 'add_order', json: true }, (text) => json.push(text));
    expect(JSON.parse(json.join(''))).toMatchObject([{ arguments: { volume: 0.05 }, edited: { agentArguments: { volume: 0.1 }, changes: [{ field: 'volume', from: 0.1, to: 0.05 }] } }]);
  });

  it('refuses an edit that enlarges the order or changes the pair, with a reason, and the call stays pending', async () => {
    gw = await startTestGateway();
    const client = await gw.connect();
    const ordersBefore = await openOrders(client);
    const held = nextPending(gw.gate);
    const call = client.callTool({ name: 'add_order', arguments: LOW_LIMIT_BUY });
    const pending = await held;

    // A preview decides nothing: its refusal says the edit is not allowed, and names the field.
    const previewLarger = await gw.control('previewChanges', { id: pending.id, changes: { volume: 0.2 } });
    expect(previewLarger.body).toEqual({ ok: false, id: pending.id, error: 'invalid-changes', message: 'Not allowed: The volume can only be lowered (the agent asked for 0.10).' });
    const previewWord = await gw.control('previewChanges', { id: pending.id, changes: { volume: 'half' } });
    expect(previewWord.body).toMatchObject({ ok: false, message: 'Not allowed: "volume" must be a number.' });
    const larger = await gw.control('approve', { id: pending.id, changes: { volume: 0.2 } });
    expect(larger.body).toMatchObject({ ok: false, error: 'invalid-changes', message: expect.stringMatching(/volume can only be lowered.*still waiting/) });
    const otherPair = await gw.control('approve', { id: pending.id, changes: { pair: 'ETHUSD' } });
    expect(otherPair.body).toMatchObject({ ok: false, error: 'invalid-changes', message: expect.stringContaining('"pair" cannot be changed') });
    const worse = await gw.control('approve', { id: pending.id, changes: { price: '2000' } });
    expect(worse.body).toMatchObject({ ok: false, error: 'invalid-changes', message: expect.stringContaining('worse price') });

    const still = await gw.control('pending', {});
    expect(still.body).toEqual([expect.objectContaining({ id: pending.id, arguments: LOW_LIMIT_BUY, argsHash: pending.argsHash })]);
    expect(await openOrders(client)).toEqual(ordersBefore);

    await gw.control('deny', { id: pending.id });
    expect(textOf((await call) as never)).toBe('Denied by the user.');
  });

  it('refuses at approval time an edit that would break the daily cap, and lets a smaller one through', async () => {
    // 0.1 XBT at 1 000 USD is worth 100 USD, under the 150 USD cap; at a limit of 2 000 USD it is not.
    gw = await startTestGateway({ policy: { version: '1', default: 'deny', daily_notional_cap: 150, tools: { add_order: { action: 'approve' }, open_orders: {} } } });
    const client = await gw.connect();
    const held = nextPending(gw.gate);
    const call = client.callTool({ name: 'add_order', arguments: LOW_LIMIT_BUY });
    const pending = await held;

    // 100 USD of a 150 USD cap is unusual: each approval carries the typed confirmation.
    expect(pending.risk?.tier).toBe('unusual');
    const overCap = await gw.control('approve', { id: pending.id, changes: { price: '2000' }, allowWorsePrice: true, confirmRisk: true });
    expect(overCap.body).toMatchObject({ ok: false, error: 'refused-by-rules', message: expect.stringMatching(/daily.*still waiting/i) });
    expect(gw.gate.approvals.get(pending.id)).toBeDefined();

    const recorded = nextRecord(gw.gate, (r) => r.tool === 'add_order');
    const fits = await gw.control('approve', { id: pending.id, changes: { price: '2000', volume: 0.07 }, allowWorsePrice: true, confirmRisk: true });
    expect(fits.body).toMatchObject({ ok: true, decision: 'approved-with-changes' });
    const result = (await call) as { content: Array<{ text: string }>; isError?: boolean };
    expect(result.isError).toBeFalsy();
    expect(result.content.at(-1)?.text).toBe('Approved with changes: volume 0.10 → 0.07, price 1000 → 2000');
    expect(await recorded).toMatchObject({ decision: 'approved', arguments: { volume: 0.07, price: '2000' }, outcome: { status: 'ok' } });
  });

  it('approving with changes twice applies once', async () => {
    gw = await startTestGateway();
    const client = await gw.connect();
    const ordersBefore = Object.keys(await openOrders(client)).length;
    const held = nextPending(gw.gate);
    const call = client.callTool({ name: 'add_order', arguments: LOW_LIMIT_BUY });
    const pending = await held;

    const [first, second] = await Promise.all([
      gw.control('approve', { id: pending.id, changes: { volume: 0.05 } }),
      gw.control('approve', { id: pending.id, changes: { volume: 0.04 } }),
    ]);
    const bodies = [first.body, second.body];
    expect(bodies.filter((b) => b.ok)).toHaveLength(1);
    expect(bodies.filter((b) => !b.ok)).toEqual([expect.objectContaining({ error: 'already-decided' })]);
    await call;
    // One order on the book, with the winner's volume; one record.
    const winner = first.body.ok ? 0.05 : 0.04;
    const open = Object.values(await openOrders(client)) as Array<{ vol: string }>;
    expect(open).toHaveLength(ordersBefore + 1);
    expect(open.map((o) => Number(o.vol))).toContain(winner);
    const page = await gw.control('log', { tool: ['add_order'] });
    expect(page.body).toMatchObject({ ok: true, records: [{ decision: 'approved', arguments: { volume: winner } }] });
    expect(page.body.ok && page.body.records).toHaveLength(1);
  });
});
