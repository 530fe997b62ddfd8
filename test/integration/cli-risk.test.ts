// The CLI's side of risk tiers: `pending` says why an order is unusual or blocked, `approve` asks
// for CONFIRM at a terminal (or takes --confirm-risk), and without either the gateway's refusal
// says what to do. Against a running test gateway on the paper exchange (10 000 USD, XBT/USD 50 000).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stdoutColors } from '../../main/cli/colour.js';
import { confirmRiskFor } from '../../main/cli/risk-confirm.js';
import { kgInProcess } from '../helpers/cli-in-process.js';
import { nextPending, startTestGateway, type TestGateway } from '../helpers/gateway.js';

const UNUSUAL = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.01, price: '80000', validate: false };
const BLOCKED = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.5, price: '50000', validate: false };
const plain = (text: string) => text.replace(/\u202f/g, ' ');

describe('kraken-gate and risky orders', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    vi.stubEnv('NO_COLOR', '1');
    gw = await startTestGateway({ presence: 'off' });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await gw?.close();
  });

  async function hold(args: Record<string, unknown>) {
    const client = await gw.connect();
    const held = nextPending(gw.gate);
    const call = client.callTool({ name: 'add_order', arguments: args });
    return { id: (await held).id, call };
  }

  it('pending says why; approve without CONFIRM is refused with what to run; --confirm-risk approves', async () => {
    const { id, call } = await hold(UNUSUAL);
    expect(plain((await kgInProcess('pending', '--data-dir', gw.dataDir)).stdout)).toContain(
      '    UNUSUAL: fills at once, 60 % above the ask (50 000 USD) — approving asks you to type CONFIRM\n',
    );
    const refused = await kgInProcess('approve', id, '--data-dir', gw.dataDir);
    expect(refused.code).toBe(1);
    expect(plain(refused.stderr)).toMatch(new RegExp(`^kraken-gate: ${id} is unusual: fills at once, 60 % above the ask \\(50 000 USD\\)\\. Approve it only after typing CONFIRM\\. It is still waiting\\.\\nRead why, then: .*approve ${id} --confirm-risk( |$)`, 'm'));
    expect(gw.gate.approvals.get(id)).toBeDefined();
    const approved = await kgInProcess('approve', id, '--confirm-risk', '--data-dir', gw.dataDir);
    expect(approved).toMatchObject({ code: 0, stdout: `${id}: approved.\n` });
    await call;
  });

  it('pending marks a blocked order, and no flag approves it', async () => {
    const { id, call } = await hold(BLOCKED);
    expect(plain((await kgInProcess('pending', '--data-dir', gw.dataDir)).stdout)).toContain(
      '    BLOCKED: needs ≈ 25 000 USD; the account holds 10 000 USD — it cannot be approved as it is\n',
    );
    const refused = await kgInProcess('approve', id, '--confirm-risk', '--data-dir', gw.dataDir);
    expect(refused.code).toBe(1);
    expect(plain(refused.stderr)).toContain(`${id} cannot be approved: the account cannot pay it (needs ≈ 25 000 USD; the account holds 10 000 USD)`);
    await kgInProcess('deny', id, '--data-dir', gw.dataDir);
    await call;
  });

  it('at a terminal, asks for CONFIRM after the reasons, and takes nothing else for it', async () => {
    const { id, call } = await hold(UNUSUAL);
    const asked: string[] = [];
    const api = gw.api;
    const ask = (answer: string) => async (question: string) => (asked.push(question), answer);
    expect(await confirmRiskFor(api, id.toLowerCase(), false, stdoutColors(), ask('yes'))).toEqual({ declined: `Not approved: you did not type CONFIRM (or the amount, 0.01); ${id} is still waiting (kraken-gate approve, deny).` });
    expect(plain(asked[0]!)).toBe(`${id} is unusual:\n  - fills at once, 60 % above the ask (50 000 USD)\nType CONFIRM (or the amount, 0.01) to approve it anyway: `);
    expect(await confirmRiskFor(api, id, false, stdoutColors(), ask('CONFIRM'))).toEqual({ confirmRisk: 'CONFIRM' });
    // The amount, as the window takes it; the gateway checks what is sent again.
    expect(await confirmRiskFor(api, id, false, stdoutColors(), ask('0.010'))).toEqual({ confirmRisk: '0.010' });
    expect(await gw.control('approve', { id, confirmRisk: '0.02' })).toMatchObject({ body: { ok: false, error: 'needs-confirmation' } });
    expect(await gw.control('approve', { id, confirmRisk: '0.010' })).toMatchObject({ body: { ok: true, decision: 'approved' } });
    await call;
  });
});
