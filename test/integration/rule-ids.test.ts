// Through the real gateway (SDK agent → gateway → control API over HTTP → paper exchange): a held
// call's record names the rule that held it by its id, its place and what it said, and reads "Approved
// by you (CLI) after …; held by rule r-real (…)"; the id survives the rules being reordered by a
// save; an allow_if lets its share of similar orders through, then asks again (issue 23).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toLogRecord } from '../../main/gate/calllog/view.js';
import { findRule, ruleFingerprint } from '../../preload/rule-ref.js';
import { whoDecidedText } from '../../preload/who-decided.js';
import { nextPending, nextRecord, startTestGateway, textOf, type TestGateway } from '../helpers/gateway.js';

const REAL = { id: 'r-real', conditions: [{ path: 'args.validate', op: 'neq', value: true }], reason: 'Places a real order.' };
const HUGE = { id: 'r-huge', conditions: [{ path: 'args.volume', op: 'gt', value: 100 }], reason: 'Huge.' };
const SIMILAR = { id: 'r-sim', conditions: [{ path: 'args.pair', op: 'eq', value: 'XBTUSD' }, { path: 'args.volume', op: 'lte', value: 0.01 }], limit: { max: 1, window: 'hour' } };
const policy = (tools: Record<string, unknown>) => ({ version: '1', default: 'deny', tools: { ticker: {}, ...tools } });
// Rests far below the market: placed, it is only an open order.
const ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.01, price: '1000', validate: false };

describe('rule ids and who decided, through the gateway', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ policy: policy({ add_order: { approve_if: [REAL] } }), approvalTimeoutMs: 1500 });
  });
  afterAll(async () => {
    await gw?.close();
  });

  async function held(args: Record<string, unknown> = ORDER) {
    const client = await gw.connect({ name: 'trading-agent' });
    const pending = nextPending(gw.gate);
    const call = client.callTool({ name: 'add_order', arguments: args });
    return { pending: await pending, call };
  }

  it('records the rule that held an approved call by id, place and words, and says who approved it', async () => {
    const { pending, call } = await held();
    const recorded = nextRecord(gw.gate, (r) => r.tool === 'add_order');
    expect((await gw.control('approve', { id: pending.id, argsHash: pending.argsHash })).body).toMatchObject({ ok: true });
    expect((await call).isError).toBeFalsy();
    const record = await recorded;
    expect(record).toMatchObject({ decision: 'approved', decidedBy: 'cli', rule: 'tools.add_order.approve_if[0]', ruleId: 'r-real', ruleHash: ruleFingerprint(REAL), ruleReason: 'Places a real order.' });
    expect(whoDecidedText(toLogRecord(record))).toMatch(/^Approved by you \(CLI\) after \d+\.\d s; held by rule r-real \(Places a real order\.\)$/);
    // The window reads the same record over the contract.
    const page = await gw.control('log', { tool: ['add_order'], limit: 1 });
    expect(page.body).toMatchObject({ ok: true, records: [{ id: record.id, ruleId: 'r-real', ruleReason: 'Places a real order.' }] });
  });

  it('says nobody decided when the wait ran out', async () => {
    const { call } = await held();
    const recorded = nextRecord(gw.gate, (r) => r.tool === 'add_order');
    expect((await call).isError).toBe(true);
    expect(whoDecidedText(toLogRecord(await recorded))).toMatch(/^Expired after 1\.\d s: nobody decided; held by rule r-real \(Places a real order\.\)$/);
  });

  it('keeps the id when a save moves the rule, so an old record still finds it', async () => {
    const before = await nextRecordOf(() => held().then(async ({ pending, call }) => (await gw.control('deny', { id: pending.id, reason: 'not now' }), call)));
    const reordered = policy({ add_order: { approve_if: [HUGE, REAL] } });
    expect((await gw.control('savePolicy', { text: JSON.stringify(reordered, null, 2) })).body).toMatchObject({ ok: true });
    const after = await nextRecordOf(() => held().then(async ({ pending, call }) => (await gw.control('deny', { id: pending.id }), call)));
    expect(after).toMatchObject({ rule: 'tools.add_order.approve_if[1]', ruleId: 'r-real', ruleHash: before.ruleHash });
    expect(whoDecidedText(toLogRecord(before))).toMatch(/^Denied by you \(CLI\) after \d+\.\d s: not now; held by rule r-real/);
    expect(findRule(reordered, { rule: before.rule, ruleId: before.ruleId!, ruleHash: before.ruleHash! })).toMatchObject({ state: 'same', entry: { path: 'tools.add_order.approve_if[1]' } });
  });

  it('lets one similar order an hour through by allow_if, then holds the next and says why', async () => {
    expect((await gw.control('savePolicy', { text: JSON.stringify(policy({ add_order: { approve_if: [REAL], allow_if: [SIMILAR] } })) })).body).toMatchObject({ ok: true });
    const client = await gw.connect({ name: 'trading-agent' });
    const allowed = nextRecord(gw.gate, (r) => r.tool === 'add_order');
    expect((await client.callTool({ name: 'add_order', arguments: ORDER })).isError).toBeFalsy();
    expect(await allowed).toMatchObject({ decision: 'allowed', rule: 'tools.add_order.allow_if[0]', ruleId: 'r-sim' });
    const { pending, call } = await held();
    expect(pending.rule).toEqual({ id: 'tools.add_order.approve_if[0]', ruleId: 'r-real', reason: 'Places a real order. (Rule r-sim lets at most 1 such calls per hour through without asking; they are used up.)' });
    await gw.control('deny', { id: pending.id });
    expect(textOf((await call) as never)).toMatch(/^Denied by the user/);
  });

  async function nextRecordOf(run: () => Promise<unknown>) {
    const recorded = nextRecord(gw.gate, (r) => r.tool === 'add_order');
    await run();
    return recorded;
  }
});
