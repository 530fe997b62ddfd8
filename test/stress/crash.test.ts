// Crash: `kraken-gate serve` as its own process, paused through the control API, then a burst of
// calls from several agents while the pause is toggled; kill -9 in the middle of it, restart on
// the same data dir, several times over. After each restart the pause must be as last acknowledged
// (on), and every call whose answer an agent received must be in the call log, exactly once.
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRecordLine, queryLog } from '../../main/gate/calllog/index.js';
import { changesState } from '../../main/gate/placement.js';
import { COUNTING_UPSTREAM, receivedCalls } from '../fixtures/counting.js';
import { spawnServe, type ServeProcess } from '../helpers/serve-process.js';
import { controlCall } from '../reliability/http.js';

const ROUNDS = Number(process.env.STRESS_CRASH_ROUNDS ?? 10);
const AGENTS = 8;
/** Acknowledged calls per round before the kill. */
const BURST = 400;

describe('crash: kill -9 during a burst, restart on the same data dir', () => {
  it(`keeps the pause and every acknowledged record, over ${ROUNDS} kills`, async () => {
    const started = performance.now();
    const dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-crash-'));
    const recordFile = join(dataDir, 'upstream-calls.jsonl');
    const upstream = ['--', process.execPath, '--import', 'tsx', COUNTING_UPSTREAM, '--record', recordFile];
    const acknowledged = new Map<string, { forwarded: boolean }>();
    const sent = new Map<string, { name: string; args: unknown }>();
    const totals = { calls: 0, acknowledged: 0, toggles: 0, lostAcknowledged: 0, duplicated: 0, tornLines: 0, forwardedUnrecorded: 0 };
    let serve: ServeProcess | undefined;
    try {
      for (let round = 1; round <= ROUNDS + 1; round++) {
        // The counting stand-in counts as a real exchange; presence has its own tests (integration/presence*.test.ts).
        if (round === 1) writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ presence: 'off' }));
        serve = await spawnServe(dataDir, upstream);
        const controlToken = readFileSync(join(dataDir, 'control-token'), 'utf8').trim();
        const control = (method: string, input: unknown = {}) => controlCall(serve!.port, controlToken, method, input);

        // After a kill: the pause is as last acknowledged, and the log holds every acknowledged call.
        const status = await control('status');
        expect(status.body.paused, `round ${round}`).toBe(round > 1);
        await expectAcknowledgedInLog();
        if (round === ROUNDS + 1) break;
        if (round === 1) expect((await control('pause', {})).body).toMatchObject({ paused: true });

        // The burst: allowed market data, dry-run orders that the pause refuses (or, resumed, lets
        // through), account reads; while a second surface toggles the pause.
        const clients = await Promise.all(Array.from({ length: AGENTS }, (_, a) => serve!.connect(`crash-agent-${a}`)));
        let killing = false;
        let roundAcknowledged = 0;
        let burstReached!: () => void;
        const reachedBurst = new Promise<void>((resolve) => (burstReached = resolve));
        let next = 0;
        const agent = async (client: (typeof clients)[number]) => {
          while (true) {
            const n = next++;
            const marker = `r${round}-n${n}`;
            const [name, args] =
              n % 3 === 0
                ? ['add_order', { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.01, price: '1000', validate: true, marker }]
                : n % 3 === 1
                  ? ['ticker', { pairs: 'XBTUSD', marker }]
                  : ['account_balance', { marker }];
            totals.calls++;
            sent.set(marker, { name, args });
            try {
              const result = await client.callTool({ name, arguments: args as Record<string, unknown> });
              acknowledged.set(marker, { forwarded: result.isError !== true });
              if (++roundAcknowledged === BURST) burstReached();
            } catch {
              return; // the gateway is gone
            }
          }
        };
        const toggler = async () => {
          // Ends right after an acknowledged pause, so the state to survive is known: paused.
          while (!killing) {
            expect((await control('resume', {})).body).toMatchObject({ paused: false });
            expect((await control('pause', {})).body).toMatchObject({ paused: true });
            totals.toggles += 2;
          }
        };
        const burst = Promise.all(clients.map(agent));
        const toggling = toggler();
        // Kill once enough answers are in, with calls in flight and the toggler stopped on "paused".
        await reachedBurst;
        killing = true;
        await toggling;
        serve.child.kill('SIGKILL');
        if (serve.child.exitCode === null && serve.child.signalCode === null) await once(serve.child, 'exit');
        // A call whose response stream was cut would otherwise wait for the SDK's own timeout (60 s).
        await Promise.all(clients.map((client) => client.close()));
        await burst;
        serve = undefined;
      }

      totals.acknowledged = acknowledged.size;
      const calls = readdirSync(join(dataDir, 'calls'));
      for (const file of calls) {
        for (const line of readFileSync(join(dataDir, 'calls', file), 'utf8').split('\n')) if (line !== '' && !parseRecordLine(line)) totals.tornLines++;
      }
      // A torn line can only be the last write of a killed process.
      expect(totals.tornLines).toBeLessThanOrEqual(ROUNDS);
      const logged = new Set((await queryLog(join(dataDir, 'calls'), { limit: Infinity })).records.map((r) => String(r.arguments.marker)));
      // The in-flight journal covers calls that can move money and held ones: such a call the
      // upstream got just before a kill is recorded at the next start. This burst sends only reads
      // and dry runs, which are not journaled (docs/reliability.md): one the upstream got just
      // before a kill may have no record, and its agent never got an answer.
      const unrecorded = receivedCalls(recordFile).filter((c) => !logged.has(String(c.marker)));
      totals.forwardedUnrecorded = unrecorded.length;
      const call = (c: { marker: unknown }) => sent.get(String(c.marker))!;
      expect(unrecorded.filter((c) => changesState(call(c).name, call(c).args))).toEqual([]);
      expect(unrecorded.filter((c) => acknowledged.has(String(c.marker)))).toEqual([]);
      const elapsedS = (performance.now() - started) / 1000;
      console.log(
        `[stress] crash: ${ROUNDS} kill -9 during bursts of ${AGENTS} agents (${totals.calls} calls sent, ${totals.acknowledged} acknowledged, ${totals.toggles} pause/resume toggles) in ${elapsedS.toFixed(1)} s; ` +
          `after each restart: paused as acknowledged ${ROUNDS}/${ROUNDS}, acknowledged records lost ${totals.lostAcknowledged}, duplicated ${totals.duplicated}; torn lines skipped ${totals.tornLines}; ` +
          `read-only calls in flight at a kill that reached the upstream without a record (never answered) ${totals.forwardedUnrecorded}; failures 0`,
      );
    } finally {
      serve?.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }

    async function expectAcknowledgedInLog(): Promise<void> {
      const { records: all } = await queryLog(join(dataDir, 'calls'), { limit: Infinity });
      // The agents' calls; the person's pause and resume are records of their own (kraken-gate/pause).
      const records = all.filter((r) => !r.tool.startsWith('kraken-gate/'));
      const count = new Map<string, number>();
      for (const r of records) count.set(String(r.arguments.marker), (count.get(String(r.arguments.marker)) ?? 0) + 1);
      const lost = [...acknowledged.keys()].filter((m) => !count.has(m));
      const duplicated = [...count].filter(([, n]) => n > 1).map(([m]) => m);
      totals.lostAcknowledged = lost.length;
      totals.duplicated = duplicated.length;
      expect(lost).toEqual([]);
      expect(duplicated).toEqual([]);
      // An acknowledged call that was forwarded reached the upstream exactly once.
      const upstream = new Map<string, number>();
      for (const c of receivedCalls(recordFile)) upstream.set(String(c.marker), (upstream.get(String(c.marker)) ?? 0) + 1);
      const wrong = [...acknowledged].filter(([m, { forwarded }]) => (upstream.get(m) ?? 0) !== (forwarded ? 1 : 0));
      expect(wrong).toEqual([]);
    }
  });
});
