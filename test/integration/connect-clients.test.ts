// Real MCP clients that no one here wrote, against the real gateway:
// - mcp-remote, the stdio bridge Claude Desktop users run for remote servers, with its --header;
// - the MCP Inspector's CLI mode, which has no header option, so through `kraken-gate connect`.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callTool, nextRecord, startTestGateway, type TestGateway } from '../helpers/gateway.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
const MCP_REMOTE = join(dirname(require.resolve('mcp-remote/package.json')), 'dist', 'proxy.js');
const INSPECTOR = join(dirname(require.resolve('@modelcontextprotocol/inspector/package.json')), 'cli', 'build', 'cli.js');

function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env = { ...process.env, ...extra } as Record<string, string>;
  delete env.KRAKEN_GATE_DATA_DIR;
  return env;
}

describe('third-party MCP clients against Kraken Gate', () => {
  let gw: TestGateway;
  let authDir: string;
  beforeAll(async () => {
    gw = await startTestGateway();
    // mcp-remote keeps OAuth state in ~/.mcp-auth unless told otherwise; keep it out of $HOME.
    authDir = mkdtempSync(join(tmpdir(), 'kraken-gate-mcp-remote-'));
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(authDir, { recursive: true, force: true });
  });

  it('mcp-remote with --header "Authorization:Bearer …" lists the 17 tools and calls ticker', async () => {
    const client = new Client({ name: 'mcp-remote-user', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        // No spaces around the colon: the form its README gives for clients that mangle spaces in args.
        args: [MCP_REMOTE, gw.url, '--header', `Authorization:Bearer ${gw.token}`, '--transport', 'http-only', '--silent'],
        env: cleanEnv({ MCP_REMOTE_CONFIG_DIR: authDir }),
        stderr: 'ignore',
      }),
    );
    try {
      const { tools } = await client.listTools();
      expect(tools).toHaveLength(17);
      const recorded = nextRecord(gw.gate, (r) => r.tool === 'ticker');
      const result = await callTool(client, 'ticker', { pairs: 'XBTUSD' });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toHaveProperty('XXBTZUSD');
      expect((await recorded).client).toMatch(/^mcp-remote-user \(via mcp-remote [\d.]+\)$/);
    } finally {
      await client.close();
    }
  });

  const inspect = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [INSPECTOR, '--cli', process.execPath, '--import', 'tsx', 'main/cli/index.ts', 'connect', '--data-dir', gw.dataDir, ...args],
        { cwd: REPO, env: cleanEnv() },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
      );
    });

  it('the MCP Inspector CLI lists the tools through kraken-gate connect', async () => {
    const run = await inspect('--method', 'tools/list');
    expect(run.code).toBe(0);
    const { tools } = JSON.parse(run.stdout) as { tools: Array<{ name: string }> };
    expect(tools).toHaveLength(17);
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['ticker', 'add_order', 'account_balance']));
  });

  it('the MCP Inspector CLI calls ticker through kraken-gate connect', async () => {
    const recorded = nextRecord(gw.gate, (r) => r.tool === 'ticker' && r.client?.includes('via connect') === true);
    const run = await inspect('--method', 'tools/call', '--tool-name', 'ticker', '--tool-arg', 'pairs=XBTUSD');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { isError?: boolean; structuredContent?: Record<string, unknown> };
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toHaveProperty('XXBTZUSD');
    expect(await recorded).toMatchObject({ decision: 'allowed', arguments: { pairs: 'XBTUSD' } });
  });
});
