// The tool names a `tool:` word may use, so a typo is an error with the nearest name instead of an
// empty log that looks like "no such calls".
import { nearestName } from '../../preload/edit-distance';

/**
 * kraken-mcp's tools (main/kraken-mcp/tools.ts; a test keeps the two lists equal). The renderer may
 * not import the core, and the names must be known before the core answers `tools` and after an
 * upstream that no longer lists them: old records still carry them.
 */
export const KRAKEN_MCP_TOOL_NAMES: readonly string[] = [
  'add_order', 'cancel_order', 'amend_order', 'cancel_all_orders_after',
  'account_balance', 'open_orders', 'closed_orders', 'trades_history',
  'ticker', 'ohlc', 'order_book', 'recent_trades', 'recent_spreads', 'asset_info', 'tradable_asset_pairs', 'server_time', 'system_status',
];

/** A person's action in the log (pause, rules, settings…): an open set, named by the core as it grows. */
const GATE_ACTION = /^kraken-gate\/[a-z][a-z0-9-]*$/;

/** kraken-mcp's names, then the upstream's own (a custom upstream lists others), once each. */
export function knownToolNames(listed: readonly { name: string }[] | undefined): readonly string[] {
  return [...new Set([...KRAKEN_MCP_TOOL_NAMES, ...(listed ?? []).map((t) => t.name)])];
}

/** "No tool named add_ordr — did you mean add_order?", or undefined for a name the log can hold. */
export function toolProblem(name: string, known: readonly string[]): string | undefined {
  if (known.includes(name) || GATE_ACTION.test(name)) return undefined;
  const near = nearestName(name, known, Math.max(2, Math.floor(name.length / 3)));
  return near ? `No tool named ${name} — did you mean ${near}?` : `No tool named ${name}: pick one from the Tool list.`;
}
