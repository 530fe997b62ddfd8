// 1, 8 and 32 concurrent sessions, each calling `ticker` back to back (one call at a time per
// session), through the gateway and against the direct HTTP baseline. With one session this
// measures latency, not capacity, and is printed as such: interleaved.ts measures single-session
// throughput with 1, 4 and 16 calls in flight against a pass-through gateway. Sequential A-then-B
// runs on a shared machine are noisy (re-runs vary by ±15 %): quote interleaved.ts for ratios.
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

console.log(`## Sessions: ticker calls/s, ${SECONDS} s per level`);
console.log('Each session sends one call at a time. With one session that is latency, not throughput: its row');
console.log('gives the time per call. Single-session throughput (1, 4, 16 calls in flight on one session) is in');
console.log('"Against a pass-through gateway" above, measured interleaved.\n');
console.log('| sessions | direct HTTP | through kraken-gate | ratio (gate / direct) |');
console.log('|---|---|---|---|');
for (const sessions of LEVELS) {
  const direct = await directHttp();
  const base = await run(direct, sessions).finally(() => direct.stop());
  const gate = await gateway();
  const gated = await run(gate, sessions).finally(() => gate.stop());
  if (sessions === 1) {
    // Latency: ms per call; the ratio is of times, so above 1 means slower.
    console.log(`| 1 (latency, ms per call) | ${(1000 / base).toFixed(3)} ms | ${(1000 / gated).toFixed(3)} ms | ${(base / gated).toFixed(2)} |`);
  } else {
    console.log(`| ${sessions} (calls/s) | ${base.toFixed(0)} | ${gated.toFixed(0)} | ${(gated / base).toFixed(2)} |`);
  }
}
