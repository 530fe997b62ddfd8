// Load: 32 agent sessions × 1 000 calls each, mixed allowed / denied / approved / rejected, while
// the policy file is rewritten (same meaning) again and again. Approvals are decided by two
// surfaces racing: the in-process API (as the desktop window would) on the gate's own event, and
// the control API over HTTP (as the CLI would) on the /api/events stream. Then:
//   - every call got exactly one answer, of the kind its rule calls for;
//   - the call log holds exactly one record per call, with the right decision;
//   - the counting upstream saw every forwarded call exactly once, and no refused one at all;
//   - every held call was decided exactly once.
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryLog } from '../../main/gate/calllog/index.js';
import { countingUpstream, isGatewayPriceRead, receivedCalls } from '../fixtures/counting.js';
import { startTestGateway, textOf, type TestGateway } from '../helpers/gateway.js';
import { controlEvents } from '../reliability/http.js';
import { prng } from '../helpers/random.js';

const SESSIONS = Number(process.env.STRESS_SESSIONS ?? 32);
const CALLS_PER_SESSION = Number(process.env.STRESS_CALLS ?? 1000);
const RELOAD_EVERY = Math.max(1, Math.floor((SESSIONS * CALLS_PER_SESSION) / 12));

type Kind = 'allowed' | 'dry-run' | 'denied-rule' | 'denied-default' | 'approved' | 'rejected';
const KIND_WEIGHTS: Array<[Kind, number]> = [
  ['allowed', 50],
  ['dry-run', 5],
  ['denied-rule', 10],
  ['denied-default', 10],
  ['approved', 20],
  ['rejected', 5],
];
const FORWARDED: ReadonlySet<Kind> = new Set(['allowed', 'dry-run', 'approved']);
const DECISION: Record<Kind, string> = {
  allowed: 'allowed',
  'dry-run': 'allowed',
  'denied-rule': 'denied',
  'denied-default': 'denied',
  approved: 'approved',
  rejected: 'rejected',
};

function policyText(revision: number): string {
  return `${JSON.stringify(
    {
      version: '1',
      description: `load test policy, revision ${revision}`,
      default: 'deny',
      tools: {
        ticker: {},
        add_order: {
          deny_if: [{ conditions: [{ path: 'args.pair', op: 'eq', value: 'DENYME' }], on_deny: 'Pair refused by the load-test policy.' }],
          approve_if: [{ conditions: [{ path: 'args.validate', op: 'eq', value: false }], reason: 'A real order.' }],
        },
      },
    },
    null,
    revision % 2 === 0 ? 2 : 4,
  )}\n`;
}

function pickKind(random: () => number): Kind {
  let roll = random() * 100;
  for (const [kind, weight] of KIND_WEIGHTS) if ((roll -= weight) < 0) return kind;
  return 'allowed';
}

function callFor(kind: Kind, marker: string): { name: string; arguments: Record<string, unknown> } {
  const order = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.01, price: '1000', marker };
  switch (kind) {
    case 'allowed':
      return { name: 'ticker', arguments: { pairs: 'XBTUSD', marker } };
    case 'dry-run':
      return { name: 'add_order', arguments: { ...order, validate: true } };
    case 'denied-rule':
      return { name: 'add_order', arguments: { ...order, pair: 'DENYME', validate: true } };
    case 'denied-default':
      return { name: 'cancel_order', arguments: { txid_or_userref: 'OABCDE-FGHIJ-KLMNOP', marker } };
    case 'approved':
    case 'rejected':
      return { name: 'add_order', arguments: { ...order, validate: false } };
  }
}

describe('load: 32 sessions × 1 000 calls while the policy reloads', () => {
  let gw: TestGateway;
  let dir: string;
  let recordFile: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kraken-gate-load-'));
    recordFile = join(dir, 'upstream-calls.jsonl');
    // The counting stand-in counts as a real exchange; presence has its own tests (integration/presence*.test.ts).
    gw = await startTestGateway({ upstream: countingUpstream(recordFile), policyText: policyText(0), presence: 'off' });
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every call has exactly one answer, one log record and one decision; nothing is forwarded twice', async () => {
    const started = performance.now();
    const kindOf = new Map<string, Kind>();
    const random = prng(20_260_501);
    const plan = Array.from({ length: SESSIONS }, (_, s) =>
      Array.from({ length: CALLS_PER_SESSION }, (_, c) => {
        const marker = `s${s}-c${c}`;
        const kind = pickKind(random);
        kindOf.set(marker, kind);
        return { marker, kind };
      }),
    );

    // Two surfaces decide every held call, racing: the window (in process) and the CLI (HTTP).
    const api = gw.apiFor({ channel: 'window', present: true });
    const heldMarker = new Map<string, string>();
    const wins = new Map<string, string[]>();
    const decideResults = { ok: 0, alreadyDecided: 0, other: [] as string[] };
    const inflightDecisions = new Set<Promise<unknown>>();
    const decide = (surface: 'window' | 'cli', id: string, marker: string): void => {
      const approve = kindOf.get(marker) === 'approved';
      const request =
        surface === 'window'
          ? approve
            ? api.approve({ id })
            : api.deny({ id, reason: 'load test' })
          : gw.control(approve ? 'approve' : 'deny', approve ? { id } : { id, reason: 'load test' }).then((r) => r.body);
      const tracked = request.then((result) => {
        if (result.ok) {
          decideResults.ok++;
          wins.set(id, [...(wins.get(id) ?? []), surface]);
        } else if (result.error === 'already-decided') decideResults.alreadyDecided++;
        else decideResults.other.push(`${surface} ${id}: ${result.error}`);
      });
      inflightDecisions.add(tracked);
      void tracked.finally(() => inflightDecisions.delete(tracked));
    };
    // The window acts after a random number of event-loop turns, so that either surface may be first.
    const jitter = prng(7);
    const afterTurns = (turns: number, fn: () => void): void => void (turns <= 0 ? fn() : setImmediate(() => afterTurns(turns - 1, fn)));
    gate().approvals.onDidAdd((pending) => {
      const marker = String(pending.arguments.marker);
      heldMarker.set(pending.id, marker);
      afterTurns(1 + Math.floor(jitter() * 6), () => decide('window', pending.id, marker));
    });
    const events = await controlEvents(gw.port, gw.controlToken, (event) => {
      if (event.type !== 'pending-added') return;
      const pending = event.pending as { id: string; arguments: { marker: string } };
      decide('cli', pending.id, pending.arguments.marker);
    });

    // Policy reloads: a new revision (same rules) every RELOAD_EVERY calls, written as editors do.
    let completed = 0;
    let written = 0;
    const reloads = { ok: 0, refused: 0 };
    gate().onDidReloadPolicy((result) => (result.ok ? reloads.ok++ : reloads.refused++));
    const policyPath = join(gw.dataDir, 'policy.json');
    const rewritePolicy = (): void => {
      written++;
      writeFileSync(`${policyPath}.tmp`, policyText(written));
      renameSync(`${policyPath}.tmp`, policyPath);
    };

    const answers = new Map<string, { isError: boolean; text: string }>();
    const thrown: string[] = [];
    const clients = await Promise.all(plan.map((_, s) => gw.connect({ name: `load-agent-${s}` })));
    await Promise.all(
      clients.map(async (client, s) => {
        for (const { marker, kind } of plan[s]!) {
          try {
            const result = await client.callTool(callFor(kind, marker));
            if (answers.has(marker)) thrown.push(`${marker}: answered twice`);
            answers.set(marker, { isError: result.isError === true, text: textOf(result as never) });
          } catch (error) {
            thrown.push(`${marker}: ${String(error)}`);
          }
          if (++completed % RELOAD_EVERY === 0) rewritePolicy();
        }
      }),
    );
    const elapsedS = (performance.now() - started) / 1000;
    events.close();
    while (inflightDecisions.size > 0) await Promise.allSettled([...inflightDecisions]);
    // The last rewrite may still be in its debounce window.
    while (reloads.ok + reloads.refused < written) await new Promise<void>((resolve) => void gate().onDidReloadPolicy(() => resolve()));

    const total = SESSIONS * CALLS_PER_SESSION;
    // 1. One answer per call, of the right kind.
    expect(thrown).toEqual([]);
    expect(answers.size).toBe(total);
    const wrongAnswers: string[] = [];
    for (const [marker, answer] of answers) {
      const kind = kindOf.get(marker)!;
      const ok = FORWARDED.has(kind)
        ? !answer.isError && (JSON.parse(answer.text) as { marker: string }).marker === marker
        : answer.isError && /not allowed by the policy|Pair refused by the load-test policy|Denied by the user/.test(answer.text);
      if (!ok) wrongAnswers.push(`${marker} (${kind}): ${answer.text}`);
    }
    expect(wrongAnswers.slice(0, 5)).toEqual([]);

    // 2. One record per call, with the decision its rule calls for.
    const { records } = await queryLog(join(gw.dataDir, 'calls'), { limit: Infinity });
    const perMarker = new Map<string, number>();
    const wrongRecords: string[] = [];
    for (const record of records) {
      const marker = String(record.arguments.marker);
      perMarker.set(marker, (perMarker.get(marker) ?? 0) + 1);
      const kind = kindOf.get(marker);
      if (!kind || record.decision !== DECISION[kind]) wrongRecords.push(`${marker}: ${record.decision}`);
      if ((kind === 'approved' || kind === 'rejected') && !['window', 'cli'].includes(record.decidedBy)) wrongRecords.push(`${marker}: decided by ${record.decidedBy}`);
    }
    const duplicateRecords = [...perMarker.values()].filter((n) => n > 1).length;
    const missingRecords = [...kindOf.keys()].filter((m) => !perMarker.has(m)).length;
    expect(records).toHaveLength(total);
    expect(duplicateRecords).toBe(0);
    expect(missingRecords).toBe(0);
    expect(wrongRecords.slice(0, 5)).toEqual([]);

    // 3. The upstream saw every forwarded call once, and nothing else.
    // The gateway's own market-price read for each held order (no agent marker) is not an agent's call.
    const all = receivedCalls(recordFile);
    const received = all.filter((call) => !isGatewayPriceRead(call));
    const priceReads = all.length - received.length;
    const upstreamCount = new Map<string, number>();
    for (const call of received) upstreamCount.set(String(call.marker), (upstreamCount.get(String(call.marker)) ?? 0) + 1);
    const forwardedMarkers = [...kindOf].filter(([, kind]) => FORWARDED.has(kind)).map(([marker]) => marker);
    const forwardedTwice = [...upstreamCount.values()].filter((n) => n > 1).length;
    const refusedReached = [...upstreamCount.keys()].filter((m) => !FORWARDED.has(kindOf.get(m)!)).length;
    const forwardedMissing = forwardedMarkers.filter((m) => upstreamCount.get(m) !== 1).length;
    expect(forwardedTwice).toBe(0);
    expect(refusedReached).toBe(0);
    expect(forwardedMissing).toBe(0);
    expect(received).toHaveLength(forwardedMarkers.length);

    // 4. Every held call decided exactly once, by one of the two surfaces.
    const held = [...kindOf.values()].filter((k) => k === 'approved' || k === 'rejected').length;
    expect(heldMarker.size).toBe(held);
    expect(decideResults.other).toEqual([]);
    expect(decideResults.ok).toBe(held);
    expect([...wins.values()].every((w) => w.length === 1)).toBe(true);
    expect(decideResults.alreadyDecided).toBe(held);
    expect(gate().approvals.pending()).toEqual([]);
    expect(priceReads).toBeLessThanOrEqual(held);

    // 5. The policy was reloaded as often as it was rewritten, never refused.
    expect(reloads).toEqual({ ok: written, refused: 0 });

    const count = (k: Kind) => [...kindOf.values()].filter((v) => v === k).length;
    const byWindow = [...wins.values()].filter((w) => w[0] === 'window').length;
    console.log(
      `[stress] load: ${SESSIONS} sessions × ${CALLS_PER_SESSION} calls = ${total} calls in ${elapsedS.toFixed(1)} s (${Math.round(total / elapsedS)} calls/s); ` +
        `allowed ${count('allowed') + count('dry-run')}, denied ${count('denied-rule') + count('denied-default')}, approved ${count('approved')}, rejected ${count('rejected')}; ` +
        `policy reloads ${reloads.ok} (refused ${reloads.refused}); log records ${records.length}, duplicates ${duplicateRecords}, missing ${missingRecords}, wrong decision ${wrongRecords.length}; ` +
        `upstream received ${received.length} = forwarded ${forwardedMarkers.length}, twice ${forwardedTwice}, refused that reached it ${refusedReached} (plus ${priceReads} market-price reads of the gateway's own for held orders); ` +
        `held ${held}, decided once ${decideResults.ok} (window ${byWindow}, cli ${decideResults.ok - byWindow}), second tries refused as already-decided ${decideResults.alreadyDecided}; failures 0`,
    );
  });

  function gate() {
    return gw.gate;
  }
});
