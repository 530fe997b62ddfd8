// Calls per second with 1, 8 and 32 concurrent sessions, each calling `ticker` back to back (one
// call at a time per session), through the gateway and against the direct HTTP baseline. With one
// session this measures latency, not capacity: interleaved.ts measures one session with 1, 4 and 16
// calls in flight against a pass-through gateway.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { callTicker, directHttp, gateway, type Target } from './targets.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const LEVELS = [1, 8, 32];

async function run(target: Target, sessions: number): Promise<number> {
  const clients: Client[] = await Promise.all(Array.from({ length: sessions }, (_, i) => target.connect(`bench-${i}`)));
  await Promise.all(clients.map((c) => callTicker(c)));
  const deadline = performance.now() + SECONDS * 1000;
  let calls = 0;
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < deadline) {
        await callTicker(client);
        calls++;
      }
    }),
  );
  await Promise.all(clients.map((c) => c.close()));
  return calls / SECONDS;
}

console.log(`## Throughput by session count: ticker calls/s, ${SECONDS} s per level`);
console.log('Each session sends one call at a time, so the 1-session row is bound by latency, not capacity.\n');
console.log('| sessions | direct HTTP | through kraken-gate | ratio |');
console.log('|---|---|---|---|');
for (const sessions of LEVELS) {
  const direct = await directHttp();
  const base = await run(direct, sessions).finally(() => direct.stop());
  const gate = await gateway();
  const gated = await run(gate, sessions).finally(() => gate.stop());
  console.log(`| ${sessions} | ${base.toFixed(0)} | ${gated.toFixed(0)} | ${((gated / base) * 100).toFixed(0)} % |`);
}
