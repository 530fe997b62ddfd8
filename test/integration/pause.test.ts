// The financial pause: one switch that refuses new orders and amendments, including calls already
// waiting for a human, while cancels, market data and account reads keep working; it survives a restart.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kgInProcess } from '../helpers/cli-in-process.js';
import { nextPending, nextRecord, startTestGateway, textOf, type TestGateway } from '../helpers/gateway.js';

const REAL_ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.02, price: '1000', validate: false };
const DRY_RUN = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.02, price: '1000', validate: true };

describe('the financial pause', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('refuses an order already waiting for approval the moment the user pauses', async () => {
    const client = await gw.connect();
    const held = nextPending(gw.gate);
    const recorded = nextRecord(gw.gate, (r) => r.tool === 'add_order');
    const call = client.callTool({ name: 'add_order', arguments: REAL_ORDER });
    await held;

    const paused = await gw.control('pause', {});
    expect(paused.body).toMatchObject({ paused: true, pending: 0 });

    const result = await call;
    expect(result.isError).toBe(true);
    expect(textOf(result as never)).toBe('Financial tools are paused');
    expect(await recorded).toMatchObject({ decision: 'rejected', rule: 'pause', decidedBy: 'cli', reason: 'Financial tools are paused', outcome: { status: 'not-forwarded' } });
    expect((await client.callTool({ name: 'open_orders', arguments: {} })).structuredContent).toEqual({ open: {} });
  });

  it('refuses new financial calls at once while paused, even dry runs, and still serves market data and account reads', async () => {
    await gw.control('pause', {});
    const client = await gw.connect();
    let held = 0;
    const stopCounting = gw.gate.approvals.onDidAdd(() => held++);
    try {
      for (const [name, args] of [
        ['add_order', REAL_ORDER],
        ['add_order', DRY_RUN],
        ['amend_order', { order_id: 'OABCDE-FGHIJ-KLMNOP', limit_price: '1100' }],
        ['cancel_all_orders_after', { timeout_seconds: 60 }],
      ] as const) {
        const result = await client.callTool({ name, arguments: args });
        expect(result.isError, name).toBe(true);
        expect(textOf(result as never), name).toBe('Financial tools are paused');
      }
      expect(held).toBe(0);
    } finally {
      stopCounting();
    }
    const ticker = await client.callTool({ name: 'ticker', arguments: { pairs: 'XBTUSD' } });
    expect(ticker.isError).toBeFalsy();
    expect(ticker.structuredContent).toHaveProperty('XXBTZUSD');
    const balance = await client.callTool({ name: 'account_balance', arguments: {} });
    expect(balance.isError).toBeFalsy();
    expect(balance.structuredContent).toHaveProperty('ZUSD');
    expect((await gw.control('status', {})).body).toMatchObject({ paused: true });
  });

  it('still lets a person clean up while paused: a cancel and a disarm of the dead man\'s switch go to the rules, not the pause', async () => {
    await gw.control('pause', {});
    const client = await gw.connect();
    // The shipped rules ask a human for both; the pause does not refuse them first.
    for (const [name, args] of [
      ['cancel_order', { txid_or_userref: '42' }],
      ['cancel_all_orders_after', { timeout_seconds: 0 }],
    ] as const) {
      const held = nextPending(gw.gate, name);
      const call = client.callTool({ name, arguments: args });
      const pending = await held;
      expect(pending.rule).toMatchObject({ id: `tools.${name}.action` });
      expect((await gw.control('approve', { id: pending.id })).body).toMatchObject({ ok: true, decision: 'approved' });
      const result = await call;
      expect(textOf(result as never), name).not.toBe('Financial tools are paused');
    }
    // A pause set while such a call waits does not sweep it away either.
    const held = nextPending(gw.gate, 'cancel_order');
    const call = client.callTool({ name: 'cancel_order', arguments: { txid_or_userref: '43' } });
    const { id } = await held;
    await gw.control('pause', {});
    expect(gw.gate.approvals.get(id)).toBeDefined();
    await gw.control('deny', { id });
    await call;
  });

  it('lets orders through again after resume', async () => {
    await gw.control('pause', {});
    const client = await gw.connect();
    expect(textOf((await client.callTool({ name: 'add_order', arguments: DRY_RUN })) as never)).toBe('Financial tools are paused');

    const resumed = await gw.control('resume', {});
    expect(resumed.body).toMatchObject({ paused: false });
    const result = await client.callTool({ name: 'add_order', arguments: DRY_RUN });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ descr: { order: 'buy 0.02000000 XBTUSD @ limit 1000.0' } });
  });
});

describe('the financial pause across a restart', () => {
  it('is still on when a new gateway starts on the same data dir', async () => {
    const first = await startTestGateway();
    let second: TestGateway | undefined;
    try {
      expect((await first.control('pause', {})).body).toMatchObject({ paused: true });
      await first.stop();
      expect(existsSync(join(first.dataDir, 'pause.json'))).toBe(true);

      second = await startTestGateway({ dataDir: first.dataDir });
      expect((await second.control('status', {})).body).toMatchObject({ paused: true, upstream: { state: 'ready' } });
      const client = await second.connect();
      expect(textOf((await client.callTool({ name: 'add_order', arguments: DRY_RUN })) as never)).toBe('Financial tools are paused');

      await second.control('resume', {});
      expect((await client.callTool({ name: 'add_order', arguments: DRY_RUN })).isError).toBeFalsy();
    } finally {
      await second?.close();
      await first.close();
    }
  });
});

describe('the financial pause set while no gateway runs', () => {
  it('kraken-gate pause on a stopped (or never started) data dir: the gateway then starts paused; resume lifts it the same way', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'kraken-gate-pause-')), 'data');
    const paused = await kgInProcess('pause', '--data-dir', dataDir);
    expect(paused.code).toBe(0);
    expect(paused.stdout).toBe('Financial tools are PAUSED: new orders and amendments are refused; cancelling orders still works. Kraken Gate is not running: it will start with them paused.\n');
    // The lock was only borrowed: a gateway starts on the dir, paused.
    expect(existsSync(join(dataDir, 'kraken-gate.lock'))).toBe(false);
    const gw = await startTestGateway({ dataDir });
    try {
      const client = await gw.connect();
      expect(textOf((await client.callTool({ name: 'add_order', arguments: DRY_RUN })) as never)).toBe('Financial tools are paused');
      // While it runs, the CLI goes through the running gateway.
      expect((await kgInProcess('resume', '--data-dir', dataDir)).stdout).toBe('Financial tools are active again.\n');
      expect(gw.gate.pause.paused).toBe(false);
    } finally {
      await gw.close();
    }
    expect(JSON.parse((await kgInProcess('resume', '--data-dir', dataDir, '--json')).stdout)).toEqual({ paused: false, changed: false, running: false });
  });
});

