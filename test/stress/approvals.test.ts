// Mass approvals: 500 calls held at once (50 agent sessions × 10 calls), then decided in random
// order from two surfaces at the same time, both trying every id with decisions of their own: the
// control API over HTTP (as the CLI would) and the in-process API (as the desktop window would).
// Each approval must be applied exactly once: one decide succeeds per id and the other is told
// "already decided"; each agent call gets exactly one result, the winner's; the log has one record
// per call with the winner as decider; the upstream receives exactly the approved calls, once each.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecideResult } from '../../preload/api.js';
import { queryLog } from '../../main/gate/calllog/index.js';
import { countingUpstream, receivedCalls } from '../fixtures/counting.js';
import { startTestGateway, textOf, type TestGateway } from '../helpers/gateway.js';
import { controlEvents } from '../reliability/http.js';
import { prng, shuffled } from '../helpers/random.js';

const SESSIONS = 50;
const CALLS_PER_SESSION = 10;
const ROUNDS = Number(process.env.STRESS_APPROVAL_ROUNDS ?? 3);
const HTTP_CONCURRENCY = 16;

const POLICY = {
  version: '1',
  default: 'deny',
  tools: {
    cancel_order: { action: 'approve' },
    add_order: { approve_if: [{ conditions: [{ path: 'args.validate', op: 'eq', value: false }], reason: 'A real order.' }] },
  },
};

type Surface = 'cli' | 'window';

describe('mass approvals: 500 held at once, decided from two surfaces at the same time', () => {
  let gw: TestGateway;
  let dir: string;
  let recordFile: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kraken-gate-approvals-'));
    recordFile = join(dir, 'upstream-calls.jsonl');
    // The counting stand-in counts as a real exchange; presence has its own tests (integration/presence*.test.ts).
    gw = await startTestGateway({ upstream: countingUpstream(recordFile), policy: POLICY, approvalTimeoutMs: 600_000, presence: 'off' });
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`each of ${SESSIONS * CALLS_PER_SESSION} approvals is applied exactly once, ${ROUNDS} rounds`, async () => {
    const held = SESSIONS * CALLS_PER_SESSION;
    const figures = { held: 0, approved: 0, rejected: 0, byCli: 0, byWindow: 0, secondTriesRefused: 0, doubleApplied: 0, ms: [] as number[] };
    // The window is the desktop app's: a click, presence by itself (the HTTP side is the CLI).
    const api = gw.apiFor({ channel: 'window', present: true });
    const clients = await Promise.all(Array.from({ length: SESSIONS }, (_, s) => gw.connect({ name: `approval-agent-${s}` })));
    const addedEvents = new Map<string, number>();
    const decidedEvents = new Map<string, { count: number; by: string; decision: string }>();
    const events = await controlEvents(gw.port, gw.controlToken, (event) => {
      if (event.type === 'pending-added') {
        const id = (event.pending as { id: string }).id;
        addedEvents.set(id, (addedEvents.get(id) ?? 0) + 1);
      } else if (event.type === 'pending-decided') {
        const id = event.id as string;
        const seen = decidedEvents.get(id);
        decidedEvents.set(id, { count: (seen?.count ?? 0) + 1, by: event.by as string, decision: event.decision as string });
      }
    });

    try {
      for (let round = 1; round <= ROUNDS; round++) {
        const random = prng(1000 + round);
        const markerOf = new Map<string, string>();
        let allHeld!: () => void;
        const heldNow = new Promise<void>((resolve) => (allHeld = resolve));
        const stopWatching = gw.gate.approvals.onDidAdd((pending) => {
          markerOf.set(pending.id, String(pending.arguments.marker));
          if (markerOf.size === held) allHeld();
        });

        // 500 calls, all waiting at once.
        const answers = clients.flatMap((client, s) =>
          Array.from({ length: CALLS_PER_SESSION }, (_, c) => {
            const marker = `r${round}-s${s}-c${c}`;
            const call =
              c % 2 === 0
                ? { name: 'cancel_order', arguments: { txid_or_userref: `O${s}-${c}`, marker } }
                : { name: 'add_order', arguments: { pair: 'XBTUSD', side: 'sell', ordertype: 'limit', volume: 0.01, price: '90000', validate: false, marker } };
            return client.callTool(call, undefined, { timeout: 600_000 }).then((result) => ({ marker, isError: result.isError === true, text: textOf(result as never) }));
          }),
        );
        await heldNow;
        stopWatching();
        const listed = await gw.control('pending', {});
        expect(listed.body).toHaveLength(held);
        expect(gw.gate.status().pending).toBe(held);
        const ids = listed.body.map((p) => p.id);
        expect(new Set(ids)).toEqual(new Set(markerOf.keys()));

        // Each surface: its own random order and its own random verdict for every id.
        const started = performance.now();
        const verdict = new Map<string, Record<Surface, boolean>>(ids.map((id) => [id, { cli: random() < 0.7, window: random() < 0.7 }]));
        const results = new Map<string, Partial<Record<Surface, DecideResult>>>();
        const note = (surface: Surface, id: string, result: DecideResult) => results.set(id, { ...results.get(id), [surface]: result });
        const cli = async () => {
          const queue = shuffled(ids, random);
          await Promise.all(
            Array.from({ length: HTTP_CONCURRENCY }, async () => {
              for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
                const approve = verdict.get(id)!.cli;
                const response = approve ? await gw.control('approve', { id }) : await gw.control('deny', { id, reason: 'cli says no' });
                expect(response.status).toBe(200);
                note('cli', id, response.body);
              }
            }),
          );
        };
        const window = async () => {
          for (const id of shuffled(ids, random)) {
            const approve = verdict.get(id)!.window;
            note('window', id, approve ? await api.approve({ id }) : await api.deny({ id, reason: 'window says no' }));
            // Let the HTTP side's requests in between: the two surfaces really interleave.
            await new Promise<void>((resolve) => setImmediate(resolve));
          }
        };
        await Promise.all([cli(), window()]);
        const answered = await Promise.all(answers);
        figures.ms.push(performance.now() - started);

        // Exactly one decide succeeded per id; the other was told it was already decided.
        const winner = new Map<string, { surface: Surface; decision: 'approved' | 'rejected' }>();
        for (const id of ids) {
          const r = results.get(id) ?? {};
          const wins = (['cli', 'window'] as const).filter((s) => r[s]?.ok);
          if (wins.length !== 1) figures.doubleApplied++;
          expect(wins, id).toHaveLength(1);
          const surface = wins[0]!;
          const loser = r[surface === 'cli' ? 'window' : 'cli']!;
          expect(loser).toMatchObject({ ok: false, error: 'already-decided' });
          figures.secondTriesRefused++;
          const won = r[surface] as Extract<DecideResult, { ok: true }>;
          if (won.decision === 'approved-with-changes') throw new Error(`${id}: approved with changes, but none were asked for`);
          winner.set(markerOf.get(id)!, { surface, decision: won.decision });
          if (surface === 'cli') figures.byCli++;
          else figures.byWindow++;
          figures[won.decision]++;
        }
        figures.held += ids.length;

        // Each agent call got exactly one result: the winner's.
        expect(answered).toHaveLength(held);
        for (const answer of answered) {
          const w = winner.get(answer.marker)!;
          if (w.decision === 'approved') {
            expect(answer.isError, answer.text).toBe(false);
            expect(JSON.parse(answer.text)).toMatchObject({ marker: answer.marker });
          } else {
            expect(answer.isError).toBe(true);
            expect(answer.text).toBe(`Denied by the user: ${w.surface} says no`);
          }
        }

        // One record per call, with the winner as the decider.
        const { records } = await queryLog(join(gw.dataDir, 'calls'), { limit: Infinity });
        const thisRound = records.filter((r) => String(r.arguments.marker).startsWith(`r${round}-`));
        expect(thisRound).toHaveLength(held);
        expect(new Set(thisRound.map((r) => r.arguments.marker)).size).toBe(held);
        for (const record of thisRound) {
          const w = winner.get(String(record.arguments.marker))!;
          expect({ decision: record.decision, by: record.decidedBy }).toEqual({ decision: w.decision, by: w.surface });
        }

        // The upstream received the approved calls exactly once each, and no rejected one.
        const received = receivedCalls(recordFile).filter((c) => String(c.marker).startsWith(`r${round}-`));
        const approvedMarkers = [...winner].filter(([, w]) => w.decision === 'approved').map(([m]) => m);
        expect(received.map((c) => String(c.marker)).sort()).toEqual(approvedMarkers.sort());

        // The event stream announced each hold and each decision once, with the same decider.
        for (const id of ids) {
          expect(addedEvents.get(id)).toBe(1);
          const w = winner.get(markerOf.get(id)!)!;
          expect(decidedEvents.get(id)).toEqual({ count: 1, by: w.surface, decision: w.decision });
        }
        expect(gw.gate.approvals.pending()).toEqual([]);
      }
    } finally {
      events.close();
    }

    const slowest = Math.max(...figures.ms) / 1000;
    console.log(
      `[stress] approvals: ${ROUNDS} rounds × ${held} held at once (${SESSIONS} sessions × ${CALLS_PER_SESSION}) = ${figures.held} approvals, ` +
        `each tried by both surfaces (${figures.held * 2} decide calls); applied once ${figures.held - figures.doubleApplied}, applied twice or never ${figures.doubleApplied}; ` +
        `won by cli (HTTP) ${figures.byCli}, by window (in-process) ${figures.byWindow}; approved ${figures.approved}, rejected ${figures.rejected}; ` +
        `second tries refused as already-decided ${figures.secondTriesRefused}; slowest round decided in ${slowest.toFixed(1)} s; failures 0`,
    );
  });
});
