// The paper exchange as an MCP server that passes for kraken-mcp: same serverInfo, capabilities
// and tools, so the gate (and any agent) cannot tell it from the real upstream except that no
// money moves. stdout carries only the protocol; the one human line goes to stderr.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  CallToolRequestSchema,
  ListPromptsRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { callPaperTool } from './call-tool.js';
import { PaperExchange } from './exchange.js';
import { KRAKEN_MCP_TOOLS } from '../kraken-mcp/tools.js';

/** kraken-mcp's initialize answer (test/fixtures/kraken-mcp/initialize-response.json). */
export const PAPER_SERVER_INFO = { name: 'Kraken Pro MCP', version: '4.0.10' } as const;
export const PAPER_CAPABILITIES = {
  logging: {},
  prompts: { listChanged: false },
  resources: { subscribe: false, listChanged: false },
  tools: { listChanged: true },
};

export function createPaperServer(exchange: PaperExchange = new PaperExchange()): Server {
  const server = new Server({ ...PAPER_SERVER_INFO }, { capabilities: structuredClone(PAPER_CAPABILITIES) });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: structuredClone([...KRAKEN_MCP_TOOLS]) }));
  server.setRequestHandler(CallToolRequestSchema, (request) =>
    callPaperTool(exchange, request.params.name, request.params.arguments),
  );
  // FastMCP advertises prompts and resources and answers their lists empty; so do we.
  server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: [] }));
  server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: [] }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: [] }));
  return server;
}

/**
 * Serves the paper exchange on this process's stdin/stdout until stdin closes (the client went
 * away), then resolves, leaving nothing running so the process can exit on its own.
 */
export async function runPaperServer(exchange: PaperExchange = new PaperExchange()): Promise<void> {
  const server = createPaperServer(exchange);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  const stop = () => void server.close();
  process.stdin.once('end', stop);
  process.stdin.once('close', stop);
  // A vanished reader (EPIPE) ends the session instead of crashing the process.
  process.stdout.once('error', stop);
  await server.connect(transport);
  process.stderr.write('kraken-gate paper exchange: Kraken Pro MCP stand-in on stdio, paper balances only\n');
  await closed;
  process.stdin.off('end', stop);
  process.stdin.off('close', stop);
  process.stdout.off('error', stop);
}
