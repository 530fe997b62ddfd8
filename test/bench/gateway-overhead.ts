// Cost of one `ticker` call through the gateway against the same call sent to the paper upstream
// directly, measured in one run: sequential calls after a warm-up, median and p99.
import { callTicker, directHttp, directStdio, gateway, type Target } from './targets.js';
import { fmt, percentile, timeEach } from './stats.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const WARMUP = 200;

async function measure(start: () => Promise<Target>): Promise<{ name: string; samples: number[] }> {
  const target = await start();
  try {
    const client = await target.connect();
    await timeEach(WARMUP, () => callTicker(client));
    return { name: target.name, samples: await timeEach(CALLS, () => callTicker(client)) };
  } finally {
    await target.stop();
  }
}

const stdio = await measure(directStdio);
const http = await measure(directHttp);
const gated = await measure(() => gateway());
console.log(`## Overhead per call: ticker, ${CALLS} sequential calls after ${WARMUP} warm-up`);
console.log('| path | median | p99 |');
console.log('|---|---|---|');
for (const { name, samples } of [stdio, http, gated]) console.log(`| ${name} | ${fmt(percentile(samples, 50))} | ${fmt(percentile(samples, 99))} |`);
const med = (s: number[]) => percentile(s, 50);
console.log(`\ngateway vs direct HTTP: ${(med(gated.samples) / med(http.samples)).toFixed(2)}x the median, +${fmt(med(gated.samples) - med(http.samples))}`);
console.log(`gateway vs direct stdio: ${(med(gated.samples) / med(stdio.samples)).toFixed(2)}x the median, +${fmt(med(gated.samples) - med(stdio.samples))}`);
