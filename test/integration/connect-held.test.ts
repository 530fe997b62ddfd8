// A call held for a human longer than the SDK's 60 s default request timeout, through
// `kraken-gate connect`: the bridge must not time its hop out, and the gateway's progress (every
// 5 s by default) must reach the agent so that the agent's own timeout keeps being reset.
// A real 61 s wait: here the timer is the point of the test.
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callTool, nextRecord, startTestGateway, type TestGateway } from '../helpers/gateway.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const REAL_ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.02, price: '1000', validate: false };
const HOLD_MS = 61_000;

describe('a held call that waits past 60 s, through kraken-gate connect', () => {
  let gw: TestGateway;
  let client: Client;
  beforeAll(async () => {
    // The shipped defaults: approvals time out after 120 s, progress every 5 s.
    gw = await startTestGateway();
    const env = { ...process.env } as Record<string, string>;
    delete env.KRAKEN_GATE_DATA_DIR;
    client = new Client({ name: 'slow-human-agent', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: ['--import', 'tsx', 'main/cli/index.ts', 'connect', '--data-dir', gw.dataDir], cwd: REPO, env, stderr: 'ignore' }),
    );
  });
  afterAll(async () => {
    await client?.close();
    await gw?.close();
  });

  it('keeps waiting with progress and returns the result once the user approves after 61 s', { timeout: 120_000 }, async () => {
    let approvedAt = 0;
    const disposeAdd = gw.gate.approvals.onDidAdd((pending) => {
      setTimeout(() => {
        approvedAt = Date.now();
        void gw.control('approve', { id: pending.id, argsHash: pending.argsHash });
      }, HOLD_MS);
    });
    const progress: Progress[] = [];
    const recorded = nextRecord(gw.gate, (r) => r.tool === 'add_order');
    const started = Date.now();
    try {
      // The SDK's default 60 s timeout, reset by each progress notification.
      const result = await callTool(client, 'add_order', REAL_ORDER, { onprogress: (p) => progress.push(p), resetTimeoutOnProgress: true });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ descr: { order: 'buy 0.02000000 XBTUSD @ limit 1000.0' }, txid: [expect.any(String)] });
    } finally {
      disposeAdd();
    }
    expect(approvedAt).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(HOLD_MS);
    expect(progress.length).toBeGreaterThanOrEqual(12);
    expect(progress.at(-1)?.message).toMatch(/Waiting for the user's approval/);
    expect(await recorded).toMatchObject({ decision: 'approved', client: 'slow-human-agent via connect', outcome: { status: 'ok' } });
  });
});
