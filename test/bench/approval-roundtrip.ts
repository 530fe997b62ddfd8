// The approval path as a person drives it from the CLI or UI: a real order is held, the control
// API's approve is posted, and the order's result reaches the agent. Median over N approvals,
// against a baseline in the same run: the same order allowed outright (no human step).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callTicker, gateway } from './targets.js';
import { fmt, percentile } from './stats.js';

const ROUNDS = Number(process.env.BENCH_APPROVALS ?? 100);
const order = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.0001, price: '40000', validate: false };
const ask = { version: '1', default: 'deny', tools: { ticker: {}, add_order: { action: 'approve' } } };
const allow = { version: '1', default: 'deny', tools: { ticker: {}, add_order: {} } };

async function measure(policy: unknown, approve: boolean): Promise<{ held: number[]; total: number[] }> {
  const target = await gateway(policy);
  try {
    const client = await target.connect('bench-approvals');
    await callTicker(client);
    const controlToken = readFileSync(join(target.dataDir, 'control-token'), 'utf8').trim();
    const control = (method: string, body: unknown) =>
      fetch(`http://127.0.0.1:${target.serve.port}/api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${controlToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
    const held: number[] = [];
    const total: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const started = performance.now();
      const call = client.callTool({ name: 'add_order', arguments: order });
      if (approve) {
        let pending: Array<{ id: string }> = [];
        // The CLI's way of learning about a held call: ask the control API for pending ones.
        while (pending.length === 0) pending = (await control('pending', {})) as Array<{ id: string }>;
        const approveSent = performance.now();
        await control('approve', { id: pending[0]!.id });
        await call;
        held.push(performance.now() - approveSent);
      } else {
        await call;
      }
      total.push(performance.now() - started);
    }
    return { held: held.sort((a, b) => a - b), total: total.sort((a, b) => a - b) };
  } finally {
    await target.stop();
  }
}

const allowed = await measure(allow, false);
const approved = await measure(ask, true);
console.log(`## Approval round trip: ${ROUNDS} real paper orders`);
console.log('| path | median |');
console.log('|---|---|');
console.log(`| order allowed by policy (baseline), call → result | ${fmt(percentile(allowed.total, 50))} |`);
console.log(`| order held, call → pending seen → approve → result | ${fmt(percentile(approved.total, 50))} |`);
console.log(`| of which: approve posted → result at the agent | ${fmt(percentile(approved.held, 50))} |`);
console.log(`\nheld / allowed, median: ${(percentile(approved.total, 50) / percentile(allowed.total, 50)).toFixed(2)}x`);
