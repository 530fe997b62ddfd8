// Deny & pause agent (design rule 8), through the real gateway with SDK agents on the paper
// exchange: one agent's financial calls are refused at once for a while, its reads pass, other
// agents are not touched; the pause is a person's action in the log, survives a restart, and where
// presence is required it is lifted early only with the person's code, never by editing its file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateApiOutput } from '../../preload/api.js';
import { untilWords } from '../../main/gate/state/agent-pauses.js';
import { kgInProcess } from '../helpers/cli-in-process.js';
import { callTool, nextPending, nextRecord, startTestGateway, textOf, type TestGateway } from '../helpers/gateway.js';
import { testAuthenticator } from '../helpers/presence.js';

const REAL_ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.01, price: '1000', validate: false };
const DRY_RUN = { ...REAL_ORDER, validate: true };

type Paused = Extract<GateApiOutput<'denyAndPauseAgent'>, { ok: true }>;

describe('Deny & pause agent', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("denies the held call and refuses that agent's financial calls at once, while its reads and other agents go on; resume lets it through again", async () => {
    const claude = await gw.connect({ name: 'claude-code' });
    const cursor = await gw.connect({ name: 'cursor' });
    const held = nextPending(gw.gate, 'add_order');
    const first = callTool(claude, 'add_order', REAL_ORDER);
    const { id } = await held;
    const second = nextPending(gw.gate, 'add_order');
    const another = callTool(claude, 'add_order', { ...REAL_ORDER, price: '1001' });
    const { id: otherId } = await second;

    const action = nextRecord(gw.gate, (r) => r.tool === 'kraken-gate/pause-agent');
    const answer = await gw.control('denyAndPauseAgent', { id, reason: 'not now', minutes: 15 });
    expect(answer.status).toBe(200);
    const paused = answer.body as Paused;
    expect(paused).toMatchObject({ ok: true, id, paused: { agent: 'claude-code', client: 'claude-code', by: 'cli' }, alsoDenied: [otherId] });
    const until = paused.paused.until!;
    expect(Date.parse(until) - Date.now()).toBeGreaterThan(14 * 60_000);
    const reason = `claude-code is paused by you ${untilWords(until)} (Deny & pause agent)`;
    expect(textOf((await first) as never)).toBe(`Denied by the user: not now. ${reason}.`);
    // Its other waiting order was refused with it, under the pause's rule.
    expect(textOf((await another) as never)).toBe(reason);
    expect(await action).toMatchObject({ decision: 'allowed', rule: 'person', decidedBy: 'cli', arguments: { agent: 'claude-code', until, denied: [id, otherId] } });

    // A new order, a dry run and an amendment from it are refused at once: nothing is held.
    const refusedRecord = nextRecord(gw.gate, (r) => r.tool === 'add_order' && r.rule === 'agent-pause');
    let holds = 0;
    const stop = gw.gate.approvals.onDidAdd(() => holds++);
    try {
      for (const [name, args] of [
        ['add_order', REAL_ORDER],
        ['add_order', DRY_RUN],
        ['amend_order', { order_id: 'OABCDE-FGHIJ-KLMNOP', limit_price: '1100' }],
      ] as const) {
        const result = await callTool(claude, name, args);
        expect(result.isError, name).toBe(true);
        expect(textOf(result as never), name).toBe(reason);
      }
    } finally {
      stop();
    }
    expect(holds).toBe(0);
    expect(await refusedRecord).toMatchObject({ decision: 'denied', decidedBy: 'policy', client: 'claude-code', reason });
    // Its reads still pass; so does a new session under the same name (it is the agent that is paused).
    expect((await callTool(claude, 'ticker', { pairs: 'XBTUSD' })).isError).toBeFalsy();
    expect((await callTool(claude, 'account_balance')).isError).toBeFalsy();
    const again = await gw.connect({ name: 'claude-code' });
    expect(textOf((await callTool(again, 'add_order', REAL_ORDER)) as never)).toBe(reason);

    // Another agent is not touched: its order waits for a person as before.
    const cursorHeld = nextPending(gw.gate, 'add_order');
    const cursorCall = callTool(cursor, 'add_order', REAL_ORDER);
    const cursorPending = await cursorHeld;
    expect(cursorPending.origin?.clientName).toBe('cursor');
    await gw.control('deny', { id: cursorPending.id });
    await cursorCall;

    // The status lists it, the CLI says it and how to lift it.
    expect((await gw.control('status', {})).body).toMatchObject({ pausedAgents: [{ agent: 'claude-code', until }] });
    const status = await kgInProcess('status', '--data-dir', gw.dataDir);
    expect(status.stdout).toMatch(new RegExp(`agents: {4}claude-code paused ${untilWords(until)} \\(.*kraken-gate resume --agent claude-code`));

    // Resumed from the CLI (no proof on the paper exchange): its next order waits for a person again.
    const resumedRecord = nextRecord(gw.gate, (r) => r.tool === 'kraken-gate/resume-agent');
    const resumed = await kgInProcess('resume', '--agent', 'claude-code', '--data-dir', gw.dataDir);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('claude-code is resumed');
    expect(await resumedRecord).toMatchObject({ decision: 'allowed', decidedBy: 'cli', presence: 'not-required', arguments: { agent: 'claude-code' } });
    expect(gw.gate.status().pausedAgents).toBeUndefined();
    const heldAgain = nextPending(gw.gate, 'add_order');
    const last = callTool(claude, 'add_order', REAL_ORDER);
    await gw.control('deny', { id: (await heldAgain).id });
    expect(textOf((await last) as never)).toBe('Denied by the user.');
    // Lifting what is not paused says so.
    expect((await gw.control('resumeAgent', { agent: 'claude-code' })).body).toEqual({ ok: false, message: 'claude-code is not paused (kraken-gate status lists the paused agents).' });
  });

  it('pauses a client that gave no name by its session, and says why not more', async () => {
    const unnamed = await gw.connect({ name: '' });
    const held = nextPending(gw.gate, 'add_order');
    const call = callTool(unnamed, 'add_order', REAL_ORDER);
    const { id } = await held;
    const answer = (await gw.control('denyAndPauseAgent', { id, minutes: null })).body as Paused;
    expect(answer.paused).toMatchObject({ agent: expect.stringMatching(/^session:/) });
    expect(answer.paused.until).toBeUndefined();
    await call;
    const refused = await callTool(unnamed, 'add_order', REAL_ORDER);
    expect(textOf(refused as never)).toBe('This session (a client that gave no name) is paused by you until you resume it (Deny & pause agent)');
    expect((await gw.control('resumeAgent', { agent: answer.paused.agent })).body).toMatchObject({ ok: true });
  });

  it('kraken-gate deny ID --pause-agent: denies and pauses from the command line, and says until when', async () => {
    const agent = await gw.connect({ name: 'aider' });
    const held = nextPending(gw.gate, 'add_order');
    const call = callTool(agent, 'add_order', REAL_ORDER);
    const { id } = await held;
    expect((await kgInProcess('deny', id, '--pause-agent', '5x', '--data-dir', gw.dataDir)).stderr).toContain('--pause-agent takes a time from 1 minute to 7 days (15m, 1h, 2d) or "resumed"');
    expect(gw.gate.approvals.get(id)).toBeDefined();
    const run = await kgInProcess('deny', id, '--pause-agent', '1h', '--reason', 'too many', '--data-dir', gw.dataDir);
    expect(run.code, run.stderr).toBe(0);
    const until = gw.gate.status().pausedAgents?.find((p) => p.agent === 'aider')?.until;
    expect(run.stdout).toBe(`${id}: denied. Denied ${id}; the orders and amendments of aider are refused ${untilWords(until)} (its reads and cancels still pass).\n`);
    expect(textOf((await call) as never)).toMatch(/^Denied by the user: too many\. aider is paused by you until /);
    expect((await kgInProcess('resume', '--agent', 'aider', '--data-dir', gw.dataDir)).code).toBe(0);
  });

  it('answers a call that is no longer waiting without pausing anyone', async () => {
    expect((await gw.control('denyAndPauseAgent', { id: 'ZZZZ-ZZZZ', minutes: 15 })).body).toMatchObject({ ok: false, error: 'unknown-id' });
    expect(gw.gate.status().pausedAgents).toBeUndefined();
  });
});

describe('Deny & pause agent across a restart, with presence required', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-agent-pause-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps the pause through a restart and a hand edit of agent-pauses.json; lifting it early takes the code', async () => {
    const auth = testAuthenticator(dataDir);
    let gw = await startTestGateway({ dataDir, presence: 'always', withPresence: auth.presence });
    auth.setup();
    try {
      const agent = await gw.connect({ name: 'claude-code' });
      const held = nextPending(gw.gate, 'add_order');
      const call = callTool(agent, 'add_order', REAL_ORDER);
      // Pausing is the safe direction: one step, no code.
      expect((await gw.control('denyAndPauseAgent', { id: (await held).id, minutes: 60 })).body).toMatchObject({ ok: true });
      await call;
    } finally {
      await gw.close();
    }
    // An agent with the person's file access empties the file and restarts the gateway.
    const file = join(dataDir, 'agent-pauses.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).paused).toHaveLength(1);
    writeFileSync(file, '{"paused":[]}\n');
    gw = await startTestGateway({ dataDir, withPresence: auth.presence });
    try {
      expect(gw.gate.status().pausedAgents).toMatchObject([{ agent: 'claude-code' }]);
      const agent = await gw.connect({ name: 'claude-code' });
      expect(textOf((await callTool(agent, 'add_order', REAL_ORDER)) as never)).toMatch(/^claude-code is paused by you until \d\d:\d\d \(Deny & pause agent\)$/);

      const refused = await gw.control('resumeAgent', { agent: 'claude-code' });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: 'presence-required', reason: 'no-code' });
      expect(gw.gate.status().refusedAttempts).toEqual([expect.objectContaining({ action: 'resume-agent', channel: 'cli' })]);
      const resumed = nextRecord(gw.gate, (r) => r.tool === 'kraken-gate/resume-agent' && r.decision === 'allowed');
      expect((await gw.control('resumeAgent', { agent: 'claude-code', code: auth.code() })).body).toMatchObject({ ok: true });
      expect(await resumed).toMatchObject({ presence: 'code' });
      const held = nextPending(gw.gate, 'add_order');
      const call = callTool(agent, 'add_order', REAL_ORDER);
      await gw.control('deny', { id: (await held).id });
      await call;
    } finally {
      await gw.close();
    }
  });
});
