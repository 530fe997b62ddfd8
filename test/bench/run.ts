// `npm run bench`: runs every benchmark script in turn, prints its figures, and writes them to
// docs/performance.md with the machine they came from. Each script measures its own baseline in
// the same run, so the ratios hold on any machine even when the absolute figures do not.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const scripts = [
  ['interleaved.ts', 'Against a pass-through gateway'],
  ['gateway-overhead.ts', 'Overhead per call'],
  ['throughput.ts', 'Throughput'],
  ['policy-bench.ts', 'Policy evaluation'],
  ['calllog-bench.ts', 'Call log'],
  ['approval-roundtrip.ts', 'Approval path'],
  ['memory.ts', 'Memory'],
] as const;
const only = process.argv.slice(2);

function run(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `test/bench/${script}`], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited with ${code}`))));
  });
}

// What the figures mean; kept here so a regenerated docs/performance.md keeps it.
const READING = `## Reading the figures

- Durability by risk (docs/reliability.md): every record is written (write(2)) before the agent's
  reply, so a crash or kill -9 of the gateway loses nothing. Records of calls that can move money,
  or that a human decided, are also fdatasync'd before the reply (concurrent ones share one
  fdatasync: group commit); read-only records are fdatasync'd within 100 ms. So a read is compared
  with a pass-through that writes a line per call, a real order with one that also fdatasyncs.
- Quote the interleaved section for ratios: every variant is its own process, the variants take
  turns in blocks whose order rotates by round, and a ratio is taken per round, so drift on a
  shared machine (other load, CPU frequency) hits all alike. The sequential sections (sessions
  table, overhead per call) run A then B and move by ±15 % between runs on a shared 2-core machine.
- The rounds are spread over three sets of fresh processes: each set settles on the two cores its
  own way, and two sets of one build were seen to differ by up to 0.1. Each ratio comes with a
  95 % interval of its median that resamples the sets and their rounds, and with each set's own
  median. docs/performance-history.md keeps the runs, and A/B runs of one build against the one
  before it (\`BENCH_BASELINE_BUILD=dist-baseline npm run bench:overhead\`).
- The direct baseline is one process (the paper exchange behind the SDK's HTTP transport); the
  gateway path is two (gateway, then the upstream over stdio), on the same 2 cores as the load
  generator.`;

const sections: string[] = [];
for (const [script, title] of scripts) {
  if (only.length && !only.some((o) => script.startsWith(o))) continue;
  console.log(`\n=== ${title} (${script})`);
  const out = (await run(script)).trim();
  sections.push(out.startsWith('## ') ? out : `## ${title}\n\n\`\`\`\n${out}\n\`\`\``);
}

if (!only.length) {
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${process.platform} ${process.arch}, Node ${process.version}`;
  const doc = `# Performance\n\nWritten by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, on ${machine}.\nEach figure is compared with a baseline measured in the same run.\n\n${READING}\n\n${sections.join('\n\n')}\n`;
  writeFileSync(`${root}docs/performance.md`, doc);
  console.log('\nwrote docs/performance.md');
}
