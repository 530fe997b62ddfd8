import type { PriceQuote } from '../approvals/index.js';
import type { ToolResult } from '../types.js';
import type { UpstreamClient } from './client.js';

/**
 * The market price of an order's pair, asked of the upstream's own `ticker` tool. Used to
 * estimate a market order's notional for the policy cap and the approval text. This is the
 * gateway's own read of public data, not an agent's call, so it is not in the call log.
 * Undefined when it cannot be had in time: callers then fail safe (ask a human).
 */
export async function fetchMarketPrice(upstream: UpstreamClient, pair: string, side: unknown, source = 'Kraken ticker', timeoutMs = 5000): Promise<PriceQuote | undefined> {
  let result: ToolResult;
  try {
    result = await upstream.callTool('ticker', { pairs: pair }, { signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    return undefined;
  }
  if (result.isError) return undefined;
  const data = result.structuredContent ?? parseText(result);
  const entry = data && Object.values(data)[0];
  // What a market order would pay: the ask for a buy, the bid for a sell, else the last trade.
  const fields = (entry ?? {}) as { a?: unknown[]; b?: unknown[]; c?: unknown[] };
  const quoted = (side === 'buy' ? fields.a : side === 'sell' ? fields.b : undefined) ?? fields.c;
  const price = quoted?.[0];
  const value = typeof price === 'string' || typeof price === 'number' ? Number(price) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? { value, source, at: new Date(), pair } : undefined;
}

function parseText(result: ToolResult): Record<string, unknown> | undefined {
  const text = result.content.find((c) => c.type === 'text')?.text;
  try {
    return typeof text === 'string' ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
