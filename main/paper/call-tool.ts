// One tools/call against the paper exchange, answered in kraken-mcp's exact result shapes:
// success carries Kraken's result twice (JSON text and structuredContent); every failure is an
// isError result whose text reads like FastMCP's (pydantic text for bad arguments, "Error
// calling tool '<name>': <Kraken error>" for refusals, "Unknown tool: <name>").
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AddOrderArgs, ClosedOrdersArgs, PaperExchange, TradesHistoryArgs } from './exchange.js';
import { KRAKEN_MCP_TOOLS, type KrakenToolDefinition } from '../kraken-mcp/tools.js';
import { validateArgs } from './validate-args.js';

type Args = Record<string, unknown>;
type Handler = (exchange: PaperExchange, args: Args) => Record<string, unknown>;

// The arguments arrive already checked against the tool's schema (types, enums, defaults), so the
// casts below only name shapes validateArgs has guaranteed.
const HANDLERS: Record<string, Handler> = {
  add_order: (ex, a) => ex.addOrder(a as unknown as AddOrderArgs),
  cancel_order: (ex, a) => ex.cancelOrder(a as { txid_or_userref: string }),
  open_orders: (ex, a) => ex.openOrders(a),
  amend_order: (ex, a) => ex.amendOrder(a),
  cancel_all_orders_after: (ex, a) => ex.cancelAllOrdersAfter(a as { timeout_seconds: number }),
  server_time: (ex) => ex.serverTime(),
  system_status: (ex) => ex.systemStatus(),
  asset_info: (ex, a) => ex.assetInfo(a),
  tradable_asset_pairs: (ex, a) => ex.tradableAssetPairs(a),
  ticker: (ex, a) => ex.ticker(a),
  ohlc: (ex, a) => ex.ohlc(a as { pair: string }),
  order_book: (ex, a) => ex.orderBook(a as { pair: string }),
  recent_trades: (ex, a) => ex.recentTrades(a as { pair: string }),
  recent_spreads: (ex, a) => ex.recentSpreads(a as { pair: string }),
  account_balance: (ex) => ex.accountBalance(),
  closed_orders: (ex, a) => ex.closedOrders(a as ClosedOrdersArgs),
  trades_history: (ex, a) => ex.tradesHistory(a as TradesHistoryArgs),
};

const TOOLS_BY_NAME: ReadonlyMap<string, KrakenToolDefinition> = new Map(KRAKEN_MCP_TOOLS.map((t) => [t.name, t]));

export function callPaperTool(exchange: PaperExchange, name: string, args: Args | undefined): CallToolResult {
  const tool = TOOLS_BY_NAME.get(name);
  const handler = HANDLERS[name];
  if (!tool || !handler) return failure(`Unknown tool: ${name}`);
  const checked = validateArgs(name, tool.inputSchema, args ?? {});
  if (!checked.ok) return failure(checked.message);
  try {
    const result = handler(exchange, checked.args);
    return { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: result, isError: false };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return failure(`Error calling tool '${name}': ${message}`);
  }
}

function failure(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}
