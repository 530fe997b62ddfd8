import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryLog, type CallRecord } from '../../main/gate/calllog/index.js';
import { startTestGateway } from '../helpers/gateway.js';
import { spawnServe } from '../helpers/serve-process.js';

const realOrder = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.01, price: '40000', validate: false };

describe('the call log, written by the real gateway', () => {
  it('records one line per call for every kind of decision, with who decided and the rule', async () => {
    const gw = await startTestGateway({ approvalTimeoutMs: 300 });
    try {
      const api = gw.api;
      const client = await gw.connect({ name: 'log-test-agent' });
      const nextHeld = () => new Promise<string>((resolve) => { const off = gw.gate.approvals.onDidAdd((p) => { off(); resolve(p.id); }); });

      await client.callTool({ name: 'ticker', arguments: { pairs: 'XBTUSD' } }); // allowed
      await client.callTool({ name: 'withdraw', arguments: {} }); // denied: not a tool

      let held = nextHeld();
      const approvedCall = client.callTool({ name: 'add_order', arguments: realOrder });
      await api.approve({ id: await held });
      expect((await approvedCall).isError).toBeFalsy();

      held = nextHeld();
      const rejectedCall = client.callTool({ name: 'add_order', arguments: realOrder });
      await api.deny({ id: await held, reason: 'too big' });
      expect((await rejectedCall).isError).toBe(true);

      const expired = await client.callTool({ name: 'cancel_order', arguments: { txid_or_userref: 'OABCDE-FGHIJ-KLMNOP' } }); // nobody answers
      expect(expired.isError).toBe(true);

      held = nextHeld();
      const aborter = new AbortController();
      const cancelledCall = client.callTool({ name: 'add_order', arguments: realOrder }, undefined, { signal: aborter.signal });
      const cancelled = new Promise<void>((resolve) => gw.gate.onDidRecord((r) => r.decision === 'cancelled' && resolve()));
      await held;
      aborter.abort();
      await expect(cancelledCall).rejects.toThrow();
      await cancelled;

      const { records } = await queryLog(join(gw.dataDir, 'calls'), { limit: 100 });
      const byDecision = Object.fromEntries(records.map((r) => [r.decision, r])) as Record<string, CallRecord>;
      expect(records.map((r) => r.decision).sort()).toEqual(['allowed', 'approved', 'cancelled', 'denied', 'expired', 'rejected']);
      expect(byDecision.allowed).toMatchObject({ tool: 'ticker', decidedBy: 'policy', client: 'log-test-agent', outcome: { status: 'ok' } });
      expect(byDecision.allowed!.upstreamMs).toBeGreaterThanOrEqual(0);
      expect(byDecision.denied).toMatchObject({ tool: 'withdraw', rule: 'unknown-tool', outcome: { status: 'not-forwarded' } });
      expect(byDecision.approved).toMatchObject({ decidedBy: 'cli', rule: 'tools.add_order.approve_if[0]', arguments: realOrder, outcome: { status: 'ok' } });
      expect(byDecision.approved!.waitedMs).toBeGreaterThanOrEqual(0);
      expect(byDecision.rejected).toMatchObject({ decidedBy: 'cli', reason: 'Denied by the user: too big', outcome: { status: 'not-forwarded' } });
      expect(byDecision.expired).toMatchObject({ decidedBy: 'timeout', tool: 'cancel_order' });
      expect(byDecision.cancelled).toMatchObject({ decidedBy: 'client' });
    } finally {
      await gw.close();
    }
  });

  it('never writes an API secret passed as an argument to the log file', async () => {
    const gw = await startTestGateway();
    try {
      const client = await gw.connect();
      const secret = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
      await client.callTool({ name: 'asset_info', arguments: { assets: 'XBT', aclass: secret } });
      const files = readdirSync(join(gw.dataDir, 'calls'));
      const bytes = files.map((f) => readFileSync(join(gw.dataDir, 'calls', f), 'utf8')).join('');
      expect(bytes).toContain('asset_info');
      expect(bytes).not.toContain(secret);
      expect(bytes).not.toContain(secret.slice(0, 24));
    } finally {
      await gw.close();
    }
  });
});

describe('a gateway killed with SIGKILL during a burst of calls', () => {
  it('keeps every call whose reply the agent got, in a log that still parses', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-crash-'));
    try {
      const serve = await spawnServe(dataDir);
      const clients = await Promise.all([1, 2, 3, 4].map((n) => serve.connect(`burst-${n}`)));
      const acknowledged: number[] = [];
      let next = 0;
      let killed = false;
      const worker = async (client: (typeof clients)[number]) => {
        while (!killed) {
          const marker = next++;
          try {
            // The SDK does not fail a request whose stream dies with the server; its timeout does.
            const result = await client.callTool({ name: 'recent_trades', arguments: { pair: 'XBTUSD', since: marker } }, undefined, { timeout: 5000 });
            if (!result.isError) acknowledged.push(marker);
          } catch {
            return; // the gateway is gone
          }
          if (acknowledged.length >= 300 && !killed) {
            killed = true;
            serve.child.kill('SIGKILL');
          }
        }
      };
      await Promise.all(clients.map(worker));
      if (serve.child.exitCode === null && serve.child.signalCode === null) await once(serve.child, 'exit');
      expect(acknowledged.length).toBeGreaterThanOrEqual(300);

      const { records } = await queryLog(join(dataDir, 'calls'), { tool: 'recent_trades', limit: Infinity });
      const logged = new Set(records.map((r) => r.arguments.since));
      const missing = acknowledged.filter((m) => !logged.has(m));
      expect(missing).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
