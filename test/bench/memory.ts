// Resident memory of `kraken-gate serve` idle, then after many allowed calls from 32 sessions:
// growth must stay bounded (no per-call state kept). Linux: reads /proc/<pid>/status.
import { readFileSync } from 'node:fs';
import { callTicker, gateway } from './targets.js';

const CALLS = Number(process.env.BENCH_MEMORY_CALLS ?? 100_000);
const SESSIONS = 32;

function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return kb / 1024;
}

const target = await gateway();
try {
  const pid = target.serve.child.pid!;
  const clients = await Promise.all(Array.from({ length: SESSIONS }, (_, i) => target.connect(`mem-${i}`)));
  await Promise.all(clients.map((c) => callTicker(c)));
  const idle = rssMiB(pid);
  let started = 0;
  let finished = 0;
  const checkpoints: string[] = [];
  await Promise.all(
    clients.map(async (client) => {
      while (started < CALLS) {
        started++;
        await callTicker(client);
        finished++;
        if (finished % (CALLS / 4) === 0) checkpoints.push(`${finished}: ${rssMiB(pid).toFixed(1)} MiB`);
      }
    }),
  );
  const after = rssMiB(pid);
  console.log(`## Memory of kraken-gate serve (RSS), ${SESSIONS} sessions`);
  console.log('| state | RSS |');
  console.log('|---|---|');
  console.log(`| idle, sessions open | ${idle.toFixed(1)} MiB |`);
  console.log(`| after ${CALLS} calls | ${after.toFixed(1)} MiB |`);
  console.log(`\ngrowth: ${(after - idle).toFixed(1)} MiB (${(after / idle).toFixed(2)}x idle); checkpoints: ${checkpoints.join(', ')}`);
} finally {
  await target.stop();
}
