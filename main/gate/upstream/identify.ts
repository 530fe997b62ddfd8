import { KRAKEN_MCP_SERVER_INFO } from '../../kraken-mcp/server-info.js';
import { KRAKEN_MCP_TOOLS } from '../../kraken-mcp/tools.js';
import type { ToolDefinition } from '../types.js';

/**
 * Whether an upstream answered as kraken-mcp does: its serverInfo name, and exactly kraken-mcp's
 * tools, each taking exactly kraken-mcp's arguments. Only ever used to name a real-money upstream
 * "Kraken (live)" rather than "Custom upstream": anything can say this of itself (the paper
 * exchange does, on purpose), so it must never be what makes an upstream paper.
 * The version is left out: a FastMCP upgrade changes it, not what the server is.
 */
export function answersAsKrakenMcp(serverInfo: { name?: unknown } | undefined, tools: readonly ToolDefinition[]): boolean {
  if (serverInfo?.name !== KRAKEN_MCP_SERVER_INFO.name || tools.length !== KRAKEN_MCP_TOOLS.length) return false;
  const listed = new Map(tools.map((tool) => [tool.name, tool]));
  return KRAKEN_MCP_TOOLS.every((expected) => {
    const tool = listed.get(expected.name);
    return tool !== undefined && sameKeys(Object.keys(tool.inputSchema.properties ?? {}), Object.keys(expected.inputSchema.properties));
  });
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}
