// Issue 24, item 6: the small messages a person meets first. A typo after `help`, a client name
// half remembered, a gateway killed with -9, help text read at any width, a broken policy.json at
// start: each says what is wrong and what to do.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../main/cli/run.js';
import { kgInProcess } from '../helpers/cli-in-process.js';
import { nextEvent, startTestGateway } from '../helpers/gateway.js';
import { spawnServe } from '../helpers/serve-process.js';

const SLOW = { timeout: 60_000 };
const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'kraken-gate-messages-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

describe('messages a person meets first', () => {
  it('`help aprove` says "unknown command" with the suggestion, as `aprove` does', async () => {
    for (const argv of [['help', 'aprove'], ['aprove']]) {
      const run = await kgInProcess(...argv);
      expect(run).toEqual({ code: 2, stdout: '', stderr: "kraken-gate: unknown command 'aprove'. Did you mean approve?\n" });
    }
    expect((await kgInProcess('help', 'approve')).stdout).toMatch(/^Usage: kraken-gate approve/);
  });

  it('`config claude` names the clients it may mean', async () => {
    const run = await kgInProcess('config', 'claude', '--port', '8787');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^kraken-gate: unknown client "claude"\. Did you mean claude-desktop or claude-code\?\nUsage: kraken-gate config claude-desktop\|/);
    expect((await kgInProcess('config', 'curosr', '--port', '8787')).stderr).toContain('Did you mean cursor?');
  });

  it('help text breaks lines only between sentences: a terminal of any width wraps the rest', () => {
    const program = buildProgram({ upstreamArgv: [], done: () => undefined });
    for (const command of allCommands(program)) {
      const lines = command.description().split('\n');
      for (const line of lines.slice(0, -1)) expect(line, `${command.name()}: ${JSON.stringify(line)}`).toMatch(/[.:;!?)]$/);
    }
  });
});

describe('after kill -9', SLOW, () => {
  it('`status` says Kraken Gate is not running, and how to start it', async () => {
    const dataDir = tempDir();
    const serve = await spawnServe(dataDir);
    const exited = new Promise((resolve) => serve.child.once('exit', resolve));
    serve.child.kill('SIGKILL');
    await exited;
    const status = await kgInProcess('status', '--data-dir', dataDir);
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(/^kraken-gate: Kraken Gate is not running: it stopped without cleaning up \(pid \d+ is gone, nothing answers on 127\.0\.0\.1:\d+\)\. Start it with `kraken-gate serve` or the desktop app\.\n$/);
  });
});

describe('a refused policy.json at start', SLOW, () => {
  const broken = '{\n  "version": "1",\n  "tools": {\n    "ticker": { "action": "sometimes" }\n  }\n}\n';

  it('on a first start: names the file and the line, and starts on the shipped rules', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'policy.json'), broken);
    const said: string[] = [];
    const gw = await startTestGateway({ dataDir, log: (line) => said.push(line) });
    try {
      expect(said.find((l) => l.includes('REFUSED'))).toContain(`  policy: REFUSED ${join(dataDir, 'policy.json')}: the shipped rules run (a first start: there are no earlier ones) until you save a valid edit`);
      expect(said).toContain('    tools.ticker.action: expected one of allow, deny, approve (got "sometimes") (line 4)');
      expect(gw.gate.status().policyRefused?.errors).toEqual(['tools.ticker.action: expected one of allow, deny, approve (got "sometimes") (line 4)']);
      const agent = await gw.connect();
      expect((await agent.callTool({ name: 'ticker', arguments: { pairs: 'XBTUSD' } })).isError).toBeFalsy();
    } finally {
      await gw.close();
    }
  });

  it('on a restart: the last rules in force run, and a valid edit then applies', async () => {
    const dataDir = tempDir();
    const gw = await startTestGateway({ dataDir, policy: { version: '1', default: 'deny', tools: { server_time: {} } } });
    await gw.close();
    writeFileSync(join(dataDir, 'policy.json'), broken);
    const said: string[] = [];
    const again = await startTestGateway({ dataDir, log: (line) => said.push(line) });
    try {
      expect(said.find((l) => l.includes('REFUSED'))).toContain(`REFUSED ${join(dataDir, 'policy.json')}: the last rules you confirmed run until you save a valid edit`);
      const agent = await again.connect();
      expect((await agent.callTool({ name: 'ticker', arguments: { pairs: 'XBTUSD' } })).isError).toBe(true);
      expect((await agent.callTool({ name: 'server_time', arguments: {} })).isError).toBeFalsy();
      const applied = nextEvent(again.gate.onDidReloadPolicy, (result) => result.ok);
      writeFileSync(join(dataDir, 'policy.json'), JSON.stringify({ version: '1', default: 'deny', tools: { server_time: {}, ticker: {} } }));
      await applied;
      expect(again.gate.status().policyRefused).toBeUndefined();
      expect((await agent.callTool({ name: 'ticker', arguments: { pairs: 'XBTUSD' } })).isError).toBeFalsy();
    } finally {
      await again.close();
    }
  });
});
