import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApprovalQueue, summarizeCall, type ApprovalDecided, type ApprovalOutcome, type DecideResult } from '../../../main/gate/approvals/index.js';

const HOLDS = 500;
type Surface = 'cli' | 'window';

// One decide attempt per surface per call; a surface works through its own random order, and the
// two surfaces' attempts are interleaved at random, as two people at two screens would race.
const race = fc.record({
  cliOrder: fc.shuffledSubarray([...Array(HOLDS).keys()], { minLength: HOLDS, maxLength: HOLDS }),
  windowOrder: fc.shuffledSubarray([...Array(HOLDS).keys()], { minLength: HOLDS, maxLength: HOLDS }),
  turns: fc.array(fc.boolean(), { minLength: 2 * HOLDS, maxLength: 2 * HOLDS }),
  cliApproves: fc.array(fc.boolean(), { minLength: HOLDS, maxLength: HOLDS }),
  windowApproves: fc.array(fc.boolean(), { minLength: HOLDS, maxLength: HOLDS }),
});

describe('ApprovalQueue under two racing surfaces', () => {
  it('applies exactly one decision per call and resolves every outcome once', async () => {
    await fc.assert(
      fc.asyncProperty(race, async ({ cliOrder, windowOrder, turns, cliApproves, windowApproves }) => {
        // No timer ever fires: only the two surfaces decide.
        const queue = new ApprovalQueue({ setTimeout: () => 0, clearTimeout: () => undefined });
        const events: ApprovalDecided[] = [];
        queue.onDidDecide((e) => events.push(e));
        const held = Array.from({ length: HOLDS }, (_, i) => {
          const call = { tool: 'cancel_order', arguments: { txid_or_userref: `O${i}` } };
          return queue.hold({ ...call, summary: summarizeCall(call) });
        });
        const resolutions = new Array<number>(HOLDS).fill(0);
        const outcomes = held.map((h, i) =>
          h.outcome.then((o) => {
            resolutions[i]! += 1;
            return o;
          }),
        );

        const results: Record<Surface, (DecideResult | undefined)[]> = { cli: [], window: [] };
        const queues: Record<Surface, number[]> = { cli: [...cliOrder], window: [...windowOrder] };
        const approves: Record<Surface, boolean[]> = { cli: cliApproves, window: windowApproves };
        for (const cliTurn of turns) {
          const preferred: Surface = cliTurn ? 'cli' : 'window';
          const surface: Surface = queues[preferred].length > 0 ? preferred : preferred === 'cli' ? 'window' : 'cli';
          const i = queues[surface].shift();
          if (i === undefined) break;
          const h = held[i]!;
          results[surface][i] = queue.decide(h.id, { approve: approves[surface][i]!, by: surface, argsHash: h.argsHash });
        }

        const settled: ApprovalOutcome[] = await Promise.all(outcomes);
        for (let i = 0; i < HOLDS; i++) {
          const cli = results.cli[i]!;
          const window = results.window[i]!;
          expect([cli.ok, window.ok].filter(Boolean)).toHaveLength(1);
          const winner: Surface = cli.ok ? 'cli' : 'window';
          const won = (cli.ok ? cli : window) as Extract<DecideResult, { ok: true }>;
          expect(cli.ok ? window : cli).toEqual({ ok: false, error: 'already-decided', decided: { decision: won.outcome.decision, by: winner, at: expect.any(String) } });
          expect(won.outcome).toBe(settled[i]);
          expect(settled[i]).toMatchObject({ by: winner, decision: approves[winner][i] ? 'approved' : 'rejected' });
          expect(settled[i]!.arguments).toEqual({ txid_or_userref: `O${i}` });
        }
        expect(resolutions).toEqual(new Array<number>(HOLDS).fill(1));
        expect(events).toHaveLength(HOLDS);
        expect(new Set(events.map((e) => e.approval.id)).size).toBe(HOLDS);
        const indexOf = new Map(held.map((h, i) => [h.id, i]));
        expect(events.every((e) => e.outcome === settled[indexOf.get(e.approval.id)!])).toBe(true);
        expect(queue.pending()).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});
