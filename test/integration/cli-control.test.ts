// The control commands' words, against a running test gateway: who decided a call first, a pause
// that was already on, a policy edit the gateway refused, colour for the few words that matter,
// and the agent's text shown inert.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cliIsOnPath, formatCliCommand } from '../../main/cli/cli-command.js';
import { kgInProcess } from '../helpers/cli-in-process.js';
import { nextEvent, nextPending, startTestGateway, type TestGateway } from '../helpers/gateway.js';

const REAL_ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.02, price: '1000', validate: false };

const CLOCK = /\d\d:\d\d:\d\d/.source;

describe('kraken-gate control commands, in words', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('approve of a call the tray already approved says so, and when; of one that expired, that it expired', async () => {
    vi.stubEnv('NO_COLOR', '1');
    const client = await gw.connect();
    const held = nextPending(gw.gate);
    const call = client.callTool({ name: 'add_order', arguments: REAL_ORDER });
    const { id } = await held;
    expect(gw.gate.approvals.decide(id, { approve: true, by: 'tray' }).ok).toBe(true);
    await call;

    const late = await kgInProcess('approve', id, '--data-dir', gw.dataDir);
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(new RegExp(`^kraken-gate: ${id} was already decided: approved from the tray at ${CLOCK}\\.\\n$`));
    const json = await kgInProcess('deny', id, '--json', '--data-dir', gw.dataDir);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: 'already-decided', decided: { decision: 'approved', by: 'tray', at: expect.any(String) } });

    const brief = await startTestGateway({ approvalTimeoutMs: 50 });
    try {
      const agent = await brief.connect();
      const waiting = nextPending(brief.gate);
      const expired = nextEvent(brief.gate.approvals.onDidDecide);
      const order = agent.callTool({ name: 'add_order', arguments: REAL_ORDER });
      const pending = await waiting;
      await expired;
      await order;
      const tooLate = await kgInProcess('approve', pending.id, '--data-dir', brief.dataDir);
      expect(tooLate.stderr).toMatch(new RegExp(`^kraken-gate: ${pending.id} was already decided: it expired at ${CLOCK}, nobody decided in time\\.\\n$`));
    } finally {
      await brief.close();
    }
  });

  it('status shows when the last edit of policy.json was refused and why, until an edit applies', async () => {
    vi.stubEnv('NO_COLOR', '1');
    const policy = join(gw.dataDir, 'policy.json');
    const original = readFileSync(policy, 'utf8');
    const refused = nextEvent(gw.gate.onDidReloadPolicy, (r) => !r.ok);
    writeFileSync(policy, JSON.stringify({ version: '1', tools: { ticker: { action: 'sometimes' } } }));
    await refused;

    const status = await kgInProcess('status', '--data-dir', gw.dataDir);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`\\npolicy: {4}REFUSED your edit of policy\\.json at ${CLOCK} \\([\\d.]+ s ago\\); the previous rules still apply:\\n {13}tools\\.ticker\\.action: `));
    const json = JSON.parse((await kgInProcess('status', '--json', '--data-dir', gw.dataDir)).stdout) as { policyRefused?: { at: string; errors: string[] } };
    expect(json.policyRefused).toEqual({ at: expect.any(String), errors: [expect.stringMatching(/^tools\.ticker\.action: /)] });

    // Undoing the edit puts back the very text the running rules came from: that clears it too.
    const applied = nextEvent(gw.gate.onDidReloadPolicy, (r) => r.ok);
    writeFileSync(policy, original);
    await applied;
    const after = await kgInProcess('status', '--data-dir', gw.dataDir);
    expect(after.stdout).not.toContain('policy:');
    expect(JSON.parse((await kgInProcess('status', '--json', '--data-dir', gw.dataDir)).stdout)).not.toHaveProperty('policyRefused');
  });

  it('colours PAUSED and a real order on a terminal, and shows the plain words with NO_COLOR', async () => {
    vi.stubEnv('FORCE_COLOR', '1');
    const paused = await kgInProcess('pause', '--data-dir', gw.dataDir);
    expect(paused.stdout).toBe('Financial tools are \x1b[1m\x1b[31mPAUSED\x1b[39m\x1b[22m: new orders and amendments are refused; cancelling orders still works.\n');
    expect((await kgInProcess('status', '--data-dir', gw.dataDir)).stdout).toContain('financial: \x1b[1m\x1b[31mPAUSED\x1b[39m\x1b[22m');
    vi.stubEnv('NO_COLOR', '1');
    expect((await kgInProcess('status', '--data-dir', gw.dataDir)).stdout).toContain(`financial: PAUSED (${formatCliCommand(cliIsOnPath(), ['resume', '--data-dir', gw.dataDir])} lifts it)`);
    // What the upstream trades on, said plainly: this test gateway runs the paper exchange.
    expect((await kgInProcess('status', '--data-dir', gw.dataDir)).stdout).toContain('exchange:  Paper exchange: no real money\n');
    await kgInProcess('resume', '--data-dir', gw.dataDir);
    vi.unstubAllEnvs();

    vi.stubEnv('FORCE_COLOR', '1');
    const client = await gw.connect();
    const held = nextPending(gw.gate);
    const call = client.callTool({ name: 'add_order', arguments: REAL_ORDER });
    const { id } = await held;
    try {
      expect((await kgInProcess('pending', '--data-dir', gw.dataDir)).stdout).toContain('Mode: \x1b[1m\x1b[31mReal order on the paper exchange (no real money)\x1b[39m\x1b[22m');
    } finally {
      gw.gate.approvals.decide(id, { approve: false, by: 'cli' });
      await call;
    }
  });

  it("shows the agent's name inert in pending: an escape sequence in clientInfo is printed escaped", async () => {
    vi.stubEnv('NO_COLOR', '1');
    const client = await gw.connect({ name: 'agent\x1b[2K\x1b[1A\u202Eyppah' });
    const held = nextPending(gw.gate);
    const call = client.callTool({ name: 'add_order', arguments: REAL_ORDER });
    const { id } = await held;
    try {
      const { stdout } = await kgInProcess('pending', '--data-dir', gw.dataDir);
      expect(stdout).toContain('from agent\\u001b[2K\\u001b[1A\\u202eyppah; denied automatically in ');
      expect(stdout.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\u202e]/u);
    } finally {
      gw.gate.approvals.decide(id, { approve: false, by: 'cli' });
      await call;
    }
  });
});
