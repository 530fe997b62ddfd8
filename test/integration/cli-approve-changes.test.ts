// `kraken-gate approve ID --volume …`: the changed order in words, a question (unless --yes), and
// exactly the printed arguments approved, against a running test gateway and the paper exchange.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliIsOnPath, formatCliCommand } from '../../main/cli/cli-command.js';
import { kgInProcess } from '../helpers/cli-in-process.js';
import { nextPending, nextRecord, startTestGateway, textOf, type TestGateway } from '../helpers/gateway.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const LOW_LIMIT_BUY = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '1000', validate: false };

/** The real CLI in its own process, with `input` on its stdin (the answer to its question). */
function kgWithInput(input: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.KRAKEN_GATE_DATA_DIR;
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', ...args], { cwd: REPO, env }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
    child.stdin?.end(input);
  });
}

describe('kraken-gate approve with changes', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  async function hold(args: Record<string, unknown> = LOW_LIMIT_BUY) {
    const client = await gw.connect();
    const held = nextPending(gw.gate);
    const call = client.callTool({ name: 'add_order', arguments: args });
    return { pending: await held, call };
  }

  it("offers a price change only where the order has a limit price: a market order's hint has none", async () => {
    const { pending, call } = await hold({ pair: 'XBTUSD', side: 'buy', ordertype: 'market', volume: 0.01, validate: false });
    const listed = await kgInProcess('pending', '--data-dir', gw.dataDir);
    expect(listed.stdout).toContain(`    smaller or safer: ${formatCliCommand(cliIsOnPath(), ['approve', pending.id, '--data-dir', gw.dataDir])} --volume N | --timeinforce IOC\n`);
    await kgInProcess('deny', pending.id, '--data-dir', gw.dataDir);
    await call;
  });

  it('--yes: prints the changed order in words and approves exactly it; the agent reads the note', async () => {
    const { pending, call } = await hold();
    const listed = await kgInProcess('pending', '--data-dir', gw.dataDir);
    // Copied as printed, the hint finds this gateway: it names the data dir given to pending.
    expect(listed.stdout).toContain(`    smaller or safer: ${formatCliCommand(cliIsOnPath(), ['approve', pending.id, '--data-dir', gw.dataDir])} --volume N | --price P | --timeinforce IOC\n`);
    const recorded = nextRecord(gw.gate, (r) => r.tool === 'add_order');
    const run = await kgInProcess('approve', pending.id, '--volume', '0.05', '--price', '900', '--yes', '--data-dir', gw.dataDir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${pending.id}  Buy 0.05 XBT/USD, limit 900 USD — about 45 USD`);
    expect(run.stdout).toContain('Approved with changes: volume 0.10 → 0.05, price 1000 → 900');
    expect(run.stdout).toMatch(new RegExp(`${pending.id}: .*approved with changes.* \\(volume 0\\.10 → 0\\.05, price 1000 → 900\\)\\.\\n$`));
    const result = (await call) as { content: Array<{ text: string }> };
    expect(result.content.at(-1)?.text).toBe('Approved with changes: volume 0.10 → 0.05, price 1000 → 900');
    expect(await recorded).toMatchObject({ decision: 'approved', decidedBy: 'cli', arguments: { volume: 0.05, price: '900' }, edited: { agentArguments: { volume: 0.1, price: '1000' } } });
  });

  it('refuses a larger volume with the reason; the call stays pending', async () => {
    const { pending, call } = await hold();
    const run = await kgInProcess('approve', pending.id, '--volume', '0.5', '--yes', '--data-dir', gw.dataDir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`kraken-gate: Not allowed: The volume can only be lowered (the agent asked for 0.10). ${pending.id} is still waiting (kraken-gate approve, deny).\n`);
    expect(gw.gate.approvals.get(pending.id)).toBeDefined();
    await gw.control('deny', { id: pending.id });
    await call;
  });

  it('asks before approving: "n" leaves the call waiting, "y" approves it', async () => {
    const { pending, call } = await hold();
    const declined = await kgWithInput('n\n', 'approve', pending.id, '--timeinforce', 'IOC', '--data-dir', gw.dataDir);
    expect(declined.code).toBe(1);
    expect(declined.stdout).toContain('Approved with changes: timeinforce none → IOC');
    expect(declined.stderr).toContain(`Not approved; ${pending.id} is still waiting`);
    expect(gw.gate.approvals.get(pending.id)).toBeDefined();

    const accepted = await kgWithInput('y\n', 'approve', pending.id, '--timeinforce', 'IOC', '--data-dir', gw.dataDir);
    expect(accepted.stderr).toContain('Approve with these changes? [y/N]');
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain(`${pending.id}: approved with changes (timeinforce none → IOC).`);
    // An IOC limit far below the market does not rest: the exchange's answer, then the note.
    expect(textOf((await call) as never)).toContain('Approved with changes: timeinforce none → IOC');
  });
});
