import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { callPaperTool } from '../../../main/paper/call-tool.js';
import { PaperExchange } from '../../../main/paper/exchange.js';
import { KRAKEN_MCP_TOOLS } from '../../../main/kraken-mcp/tools.js';

interface Sample {
  call: string;
  arguments: Record<string, unknown>;
  response: { id: number; result: Record<string, unknown> };
}

// Captured from the real kraken-mcp (test/fixtures/kraken-mcp, see its README).
const samples = JSON.parse(
  readFileSync(new URL('../../fixtures/kraken-mcp/tools-call-samples.json', import.meta.url), 'utf8'),
) as Sample[];

// The capture's Kraken was itself a stand-in holding orders we do not have, or missing methods;
// for these only the shape of the answer can be compared.
const STATE_DEPENDENT: Record<number, string> = {
  12: 'ticker: the capture returned only a/b/c; Kraken (and the paper exchange) return all fields',
  16: 'cancel_order: the capture knew that order id',
  18: 'amend_order: the capture knew that order id',
  23: 'ohlc: the capture stand-in lacked OHLC ("EGeneral:Unknown method")',
};

function captureExchange() {
  // The capture's account and clock: 1000 USD, 0.5 BTC, 2023-11-14T22:13:20Z.
  return new PaperExchange({ now: () => 1_700_000_000_000, balances: { ZUSD: 1000, XXBT: 0.5 } });
}

describe('paper tools/call answers, against the real server capture', () => {
  const exchange = captureExchange();
  const answers = samples.map((s) => ({ sample: s, result: callPaperTool(exchange, s.call, s.arguments) }));

  for (const { sample, result } of answers.filter((a) => !(a.sample.response.id in STATE_DEPENDENT))) {
    it(`answers ${sample.call} ${JSON.stringify(sample.arguments)} exactly as captured`, () => {
      expect(result).toEqual(sample.response.result);
    });
  }

  it('answers the state-dependent captures in the same shapes', () => {
    const byId = new Map(answers.map((a) => [a.sample.response.id, a.result]));
    const ticker = byId.get(12);
    expect(ticker?.structuredContent).toMatchObject(samples.find((s) => s.response.id === 12)?.response.result.structuredContent as object);
    expect(JSON.parse((ticker?.content[0] as { text: string }).text)).toEqual(ticker?.structuredContent);
    expect(byId.get(16)).toEqual({ content: [{ type: 'text', text: "Error calling tool 'cancel_order': EOrder:Unknown order" }], isError: true });
    expect(byId.get(18)).toEqual({ content: [{ type: 'text', text: "Error calling tool 'amend_order': EOrder:Unknown order" }], isError: true });
    expect(byId.get(23)).toMatchObject({ isError: false, structuredContent: { XXBTZUSD: expect.any(Array), last: expect.any(Number) } });
  });

  it('serves every one of the 17 tools', () => {
    const minimal: Record<string, unknown> = { pair: 'XBTUSD', side: 'buy', txid_or_userref: '1', timeout_seconds: 0 };
    const fresh = captureExchange();
    for (const tool of KRAKEN_MCP_TOOLS) {
      const args = Object.fromEntries((tool.inputSchema.required ?? []).map((k) => [k, minimal[k]]));
      const result = callPaperTool(fresh, tool.name, args);
      const text = (result.content[0] as { text: string }).text;
      expect(text, tool.name).not.toMatch(/^Unknown tool|validation error/);
    }
    expect(KRAKEN_MCP_TOOLS).toHaveLength(17);
  });

  it('answers an unknown tool with an error result, not a protocol error', () => {
    expect(callPaperTool(captureExchange(), 'withdraw', {})).toEqual({
      content: [{ type: 'text', text: 'Unknown tool: withdraw' }],
      isError: true,
    });
  });
});
