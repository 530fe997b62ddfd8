import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperCommand } from '../../../main/paper/command.js';

// The real kraken-mcp's answers, captured once into test/fixtures/kraken-mcp (see its README).
const captured = (file: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/kraken-mcp/${file}`, import.meta.url), 'utf8')) as {
    result: Record<string, unknown>;
  };
const realTools = captured('tools-list.json').result.tools as Tool[];
const realInit = captured('initialize-response.json').result as { serverInfo: unknown; capabilities: unknown };

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
// Started exactly as the gateway starts it: `kraken-gate paper`.
const paperProcess = { ...paperCommand(), cwd: repoRoot };

const textOf = (result: CallToolResult) => (result.content[0] as { type: 'text'; text: string }).text;

describe('paper server over real stdio, seen by the official MCP client', () => {
  const client = new Client({ name: 'paper-test', version: '1.0.0' });

  beforeAll(async () => {
    await client.connect(new StdioClientTransport({ ...paperProcess, stderr: 'pipe' }));
  });
  afterAll(async () => {
    await client.close();
  });

  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;

  it('introduces itself with the serverInfo and capabilities of kraken-mcp', () => {
    expect(client.getServerVersion()).toEqual(realInit.serverInfo);
    expect(client.getServerCapabilities()).toEqual(realInit.capabilities);
  });

  it('lists the same 17 tools as the real server, field by field', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(realTools.map((t) => t.name));
    expect(tools).toHaveLength(17);
    for (const [i, real] of realTools.entries()) {
      const ours = tools[i] as Tool;
      expect(ours.title, real.name).toBe(real.title);
      expect('description' in ours, `${real.name} has a description`).toBe('description' in real);
      expect(ours.description, real.name).toBe(real.description);
      expect(ours.inputSchema, real.name).toEqual(real.inputSchema);
      expect(ours.outputSchema, real.name).toEqual(real.outputSchema);
      expect(ours._meta, real.name).toEqual(real._meta);
      expect(Object.keys(ours).sort(), real.name).toEqual(Object.keys(real).sort());
    }
  });

  it("answers ticker with Kraken's result, as JSON text and as structured content", async () => {
    const result = await call('ticker', { pairs: 'XBTUSD' });
    expect(result.isError).toBe(false);
    expect(result.structuredContent).toMatchObject({ XXBTZUSD: { a: ['50000.0', '1', '1.000'], b: ['49999.9', '1', '1.000'] } });
    expect(JSON.parse(textOf(result))).toEqual(result.structuredContent);
  });

  it('add_order only validates by default; validate=false places the order', async () => {
    const order = { pair: 'XBTUSD', side: 'buy', volume: 0.1, price: '50000' };
    const before = (await call('account_balance')).structuredContent;

    const validated = await call('add_order', order);
    expect(validated.structuredContent).toEqual({ descr: { order: 'buy 0.10000000 XBTUSD @ limit 50000.0' } });
    expect((await call('account_balance')).structuredContent).toEqual(before);

    const placed = await call('add_order', { ...order, validate: false });
    expect(placed.structuredContent).toMatchObject({ txid: [expect.stringMatching(/^O[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}$/)] });
    expect((await call('account_balance')).structuredContent).toMatchObject({ ZUSD: '5000.0000', XXBT: '0.6000000000' });
    expect(Object.keys((await call('trades_history')).structuredContent?.trades as object)).toHaveLength(1);
  });

  it("refuses in Kraken's words, as an error result", async () => {
    const result = await call('add_order', { pair: 'XBTUSD', side: 'buy', volume: 10, price: '50000', validate: false });
    expect(result).toEqual({
      content: [{ type: 'text', text: "Error calling tool 'add_order': EOrder:Insufficient funds" }],
      isError: true,
    });
  });

  it('rejects bad arguments with the pydantic text of the real server', async () => {
    const result = await call('add_order', { pair: 'XBTUSD', side: 'hold' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      "1 validation error for call[add_order]\nside\n  Input should be 'buy' or 'sell' [type=literal_error, input_value='hold', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.13/v/literal_error",
    );
  });

  it('answers an unknown tool with an error result', async () => {
    const result = await call('withdraw_funds', { amount: 1 });
    expect(result).toMatchObject({ isError: true, content: [{ type: 'text', text: 'Unknown tool: withdraw_funds' }] });
  });
});

describe('paper server process', () => {
  it('writes only protocol messages to stdout and exits by itself when stdin closes', async () => {
    const child = spawn(paperProcess.command, paperProcess.args, { cwd: paperProcess.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = once(child, 'exit');
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines: string[] = [];
    const reader = createInterface({ input: child.stdout });
    reader.on('line', (line) => lines.push(line));
    const firstLine = once(reader, 'line');

    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    };
    child.stdin.write(`${JSON.stringify(initialize)}\n`);
    await firstLine;
    child.stdin.end();

    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });
    expect(JSON.parse(lines[0] as string)).toMatchObject({ id: 1, result: { serverInfo: realInit.serverInfo } });
    expect(stderr).toContain('paper');
  });
});
