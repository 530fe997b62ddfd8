// What each kraken-mcp tool can do to the account. The financial pause and the shipped default
// policy are built on this split, so it lives in one place.
export type ToolClass = 'financial' | 'private-read' | 'public';

export const FINANCIAL_TOOLS = ['add_order', 'cancel_order', 'amend_order', 'cancel_all_orders_after'] as const;
export const PRIVATE_READ_TOOLS = ['account_balance', 'open_orders', 'closed_orders', 'trades_history'] as const;
export const PUBLIC_TOOLS = [
  'server_time',
  'system_status',
  'asset_info',
  'tradable_asset_pairs',
  'ticker',
  'ohlc',
  'order_book',
  'recent_trades',
  'recent_spreads',
] as const;

/** All of kraken-mcp's tools, and the same as a set. */
export const KRAKEN_TOOLS: readonly string[] = [...FINANCIAL_TOOLS, ...PRIVATE_READ_TOOLS, ...PUBLIC_TOOLS];
export const KRAKEN_TOOL_NAMES: ReadonlySet<string> = new Set(KRAKEN_TOOLS);

const privateRead: ReadonlySet<string> = new Set(PRIVATE_READ_TOOLS);
const publicTools: ReadonlySet<string> = new Set(PUBLIC_TOOLS);

/** Unknown tools count as financial: a tool we cannot classify is treated as able to move money. */
export function classifyTool(name: string): ToolClass {
  if (publicTools.has(name)) return 'public';
  if (privateRead.has(name)) return 'private-read';
  return 'financial';
}

export function isFinancialTool(name: string): boolean {
  return classifyTool(name) === 'financial';
}

/**
 * What the financial pause stops: every financial tool, except the calls that only take risk off
 * the table, so a person who paused can still clean up: cancelling an order, and disarming the
 * dead man's switch (`cancel_all_orders_after` with 0). The policy's own rules still apply to them.
 */
export function pauseStops(tool: string, args: unknown): boolean {
  if (tool === 'cancel_order') return false;
  // Only a number 0: "0" might be read otherwise upstream, and a doubt stops.
  if (tool === 'cancel_all_orders_after' && typeof args === 'object' && args !== null && (args as Record<string, unknown>).timeout_seconds === 0) return false;
  return isFinancialTool(tool);
}

/** How every surface says what the pause still lets through. */
export const PAUSE_LETS_THROUGH = 'cancelling orders and disarming the dead man\'s switch (cancel_all_orders_after 0) still pass';
