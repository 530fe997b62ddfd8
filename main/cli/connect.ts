import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { PRODUCT, VERSION } from '../version.js';
import { GatewayLink, GatewayUnavailableError, type GatewayLinkOptions } from './connect-gateway.js';

export type ConnectOptions = Pick<GatewayLinkOptions, 'reconnectWindowMs' | 'callIdleTimeoutMs' | 'callMaxTotalMs'>;

/**
 * `kraken-gate connect`: a stdio MCP server for clients that only launch local servers (Claude
 * Desktop, and many others), forwarding tools/list and tools/call to the running gateway with the
 * token from the data dir. stdout carries the protocol and nothing else; diagnostics go to stderr.
 * Exits 1 at once when no gateway answers; later restarts of the gateway are followed.
 */
export async function runConnect(dataDir: string, options: ConnectOptions = {}): Promise<number | undefined> {
  const log = (line: string): void => void process.stderr.write(`kraken-gate connect: ${line}\n`);
  let probe;
  try {
    probe = await GatewayLink.probe(dataDir);
  } catch (error) {
    if (!(error instanceof GatewayUnavailableError)) throw error;
    log(error.message);
    return 1;
  }

  const server = new Server(
    { name: PRODUCT, version: VERSION },
    { capabilities: { tools: { listChanged: true } }, ...(probe.instructions ? { instructions: probe.instructions } : {}) },
  );
  const link = new GatewayLink({
    ...options,
    dataDir,
    // The gateway records the client per call; say whose calls these are.
    clientInfo: () => {
      const agent = server.getClientVersion();
      return { name: agent?.name ? `${agent.name} via connect` : 'kraken-gate connect', version: agent?.version ?? VERSION };
    },
    onToolsChanged: () => void server.sendToolListChanged().catch(() => undefined),
    log,
  });
  server.setRequestHandler(ListToolsRequestSchema, (request) => link.listTools(request.params));
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    // The agent's progressToken is ours to answer; the hop to the gateway gets its own from the SDK.
    const { _meta, ...rest } = request.params;
    const { progressToken, ...otherMeta } = _meta ?? {};
    const params = Object.keys(otherMeta).length > 0 ? { ...rest, _meta: otherMeta } : rest;
    return link.callTool(params, {
      signal: extra.signal,
      onprogress:
        progressToken === undefined
          ? undefined
          : (progress) => void extra.sendNotification({ method: 'notifications/progress', params: { ...progress, progressToken } }).catch(() => undefined),
    });
  });

  let stopping = false;
  const stop = (why: string): void => {
    if (stopping) return;
    stopping = true;
    log(`${why}; closing the gateway session.`);
    void link
      .close()
      .then(() => server.close())
      .catch(() => undefined)
      .finally(() => process.exit(0));
  };
  // The SDK's stdio transport does not notice the client going away; we must, or we linger.
  process.stdin.once('end', () => stop('the client closed stdin'));
  process.stdin.once('close', () => stop('the client closed stdin'));
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  await server.connect(new StdioServerTransport());
  log(`forwarding to ${probe.url}`);
  return undefined;
}
