import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  CallToolResultSchema,
  ListToolsResultSchema,
  McpError,
  ToolListChangedNotificationSchema,
  type CallToolRequest,
  type CallToolResult,
  type ListToolsRequest,
  type ListToolsResult,
  type Progress,
} from '@modelcontextprotocol/sdk/types.js';
import { dataFiles } from '../gate/state/data-dir.js';
import { readToken } from '../gate/state/token.js';
import { ControlError, readRuntime } from './control-client.js';
import { checkGatewayIdentity, describeFailedCheck, describeUnreachable } from './gateway-identity.js';
import { fetchWithOwnSignal } from './fetch-own-signal.js';

/** The gateway cannot be reached (not running, not answering, token refused). */
export class GatewayUnavailableError extends Error {}

/** The session a call was in flight on died under it (the gateway stopped or restarted). */
class GatewayLostError extends Error {}

export interface GatewayLinkOptions {
  dataDir: string;
  /** Who to say we are when opening a session: the agent's name, so the call log shows it. */
  clientInfo: () => { name: string; version: string };
  /** The gateway's tool list changed, or a new gateway may have another one. */
  onToolsChanged: () => void;
  log: (line: string) => void;
  /** How long a request waits for a restarting gateway to come back. */
  reconnectWindowMs?: number;
  /** A call with no answer and no progress for this long fails. The gateway reports progress every few seconds while a human decides. */
  callIdleTimeoutMs?: number;
  /** And no call waits longer than this in all. */
  callMaxTotalMs?: number;
}

interface Session {
  client: Client;
  transport: StreamableHTTPClientTransport;
  url: string;
  /** Controllers of the calls in flight on this session, aborted if it dies. */
  inflight: Set<AbortController>;
  dead: boolean;
  checking: boolean;
}

export interface ForwardOptions {
  /** The agent's request signal: cancelling it cancels the forwarded call. */
  signal: AbortSignal;
  /** Progress from the gateway, to pass on under the agent's progressToken. */
  onprogress?: (progress: Progress) => void;
}

/**
 * The bridge's side towards the gateway: one Streamable HTTP session, found through runtime.json
 * and the token in the data dir, opened on first use and opened again (re-reading both) when the
 * gateway restarts.
 */
export class GatewayLink {
  private current: Promise<Session> | undefined;
  private lastSession: Session | undefined;
  private lost = false;
  private closed = false;

  constructor(private readonly options: GatewayLinkOptions) {}

  /** Opens a session and closes it again: is the gateway there, and does it take our token? */
  static async probe(dataDir: string): Promise<{ url: string; instructions?: string }> {
    const link = new GatewayLink({ dataDir, clientInfo: () => ({ name: 'kraken-gate connect', version: '1' }), onToolsChanged: () => undefined, log: () => undefined });
    const session = await link.open();
    const instructions = session.client.getInstructions();
    await link.close();
    return { url: session.url, instructions };
  }

  async listTools(params: ListToolsRequest['params']): Promise<ListToolsResult> {
    // A list is safe to repeat: after a restart, once more on a new session.
    for (let attempt = 0; ; attempt++) {
      const session = await this.connected();
      try {
        return await session.client.request({ method: 'tools/list', params }, ListToolsResultSchema, { timeout: 30_000 });
      } catch (error) {
        if (attempt > 0 || !isSessionFailure(error)) throw error;
        this.markDead(session, error);
      }
    }
  }

  /**
   * Forwards one tools/call. Retried on a new session only when the gateway cannot have seen it
   * (no connection, or its session was unknown there); a call cut off in flight may have placed a
   * real order, so the agent hears that instead of a blind retry.
   */
  async callTool(params: CallToolRequest['params'], forward: ForwardOptions): Promise<CallToolResult> {
    for (let attempt = 0; ; attempt++) {
      let session: Session;
      try {
        session = await this.connected();
      } catch (error) {
        if (error instanceof GatewayUnavailableError) return refusal(`${error.message} The call to ${params.name} was not sent.`);
        throw error;
      }
      const controller = new AbortController();
      const onAgentAbort = (): void => controller.abort(forward.signal.reason);
      if (forward.signal.aborted) onAgentAbort();
      else forward.signal.addEventListener('abort', onAgentAbort, { once: true });
      session.inflight.add(controller);
      try {
        const options: RequestOptions = {
          signal: controller.signal,
          // Not the SDK's 60 s: time spent waiting for a human counts only as long as the
          // gateway's progress keeps coming.
          timeout: this.options.callIdleTimeoutMs ?? 5 * 60_000,
          resetTimeoutOnProgress: true,
          maxTotalTimeout: this.options.callMaxTotalMs ?? 60 * 60_000,
          // Always ask for progress, so the gateway keeps this hop alive even when the agent did not ask.
          onprogress: (progress) => forward.onprogress?.(progress),
        };
        // A plain request with the result schema, not client.callTool: that one validates
        // structuredContent against the tool's outputSchema, and a gateway passes results as they are.
        return await session.client.request({ method: 'tools/call', params }, CallToolResultSchema, options);
      } catch (error) {
        if (forward.signal.aborted) throw error;
        if (neverDelivered(error)) {
          this.markDead(session, error);
          if (attempt === 0) continue;
          return refusal(`Kraken Gate did not take the call to ${params.name} (${describe(error)}); it was not sent.`);
        }
        if (controller.signal.reason instanceof GatewayLostError || isSessionFailure(error)) {
          this.markDead(session, error);
          return refusal(
            `The connection to Kraken Gate was lost while ${params.name} was in flight (the gateway stopped or restarted). ` +
              'It may or may not have reached the exchange: check open_orders / closed_orders before trying again.',
          );
        }
        throw error;
      } finally {
        forward.signal.removeEventListener('abort', onAgentAbort);
        session.inflight.delete(controller);
      }
    }
  }

  /** Ends our session at the gateway (which withdraws calls still waiting) and stops. */
  async close(): Promise<void> {
    this.closed = true;
    const session = await this.current?.catch(() => undefined);
    this.current = undefined;
    if (!session || session.dead) return;
    session.dead = true;
    for (const controller of session.inflight) controller.abort(new GatewayLostError('closing'));
    await withTimeout(session.transport.terminateSession(), 2000).catch(() => undefined);
    await session.client.close().catch(() => undefined);
  }

  /** The live session, or a new one; while the gateway is away, keeps trying for the reconnect window. */
  private async connected(): Promise<Session> {
    const deadline = Date.now() + (this.options.reconnectWindowMs ?? 10_000);
    for (let delay = 100; ; delay = Math.min(delay * 2, 1000)) {
      if (this.closed) throw new GatewayUnavailableError('The bridge is closing.');
      this.current ??= this.open();
      try {
        const session = await this.current;
        if (!session.dead) return session;
        this.current = undefined;
      } catch (error) {
        this.current = undefined;
        if (!(error instanceof GatewayUnavailableError) || Date.now() + delay > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** One attempt at a session, reading runtime.json and the token afresh. */
  private async open(): Promise<Session> {
    const { dataDir } = this.options;
    let runtime;
    try {
      runtime = readRuntime(dataDir);
    } catch (error) {
      if (error instanceof ControlError) throw new GatewayUnavailableError(`Kraken Gate is not running (no runtime.json in ${dataDir}). Start it with \`kraken-gate serve\` or the desktop app.`);
      throw new GatewayUnavailableError(`Cannot read ${dataFiles.runtime(dataDir)}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const token = readToken(dataFiles.gatewayToken(dataDir));
    if (!token) throw new GatewayUnavailableError(`No gateway token in ${dataDir}.`);
    // The token goes only to a listener that has proved it holds it (runtime.json may be stale).
    const check = await checkGatewayIdentity(runtime.port, token, 'gateway');
    if (!check.ok) throw new GatewayUnavailableError(describeFailedCheck(check, runtime, dataDir));
    const url = `http://127.0.0.1:${runtime.port}/mcp`;
    const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } }, fetch: fetchWithOwnSignal });
    const client = new Client(this.options.clientInfo(), { capabilities: {} });
    const session: Session = { client, transport, url, inflight: new Set(), dead: false, checking: false };
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => this.options.onToolsChanged());
    // The SDK reports a dropped event stream (the gateway went away) as a transport error, and
    // leaves calls waiting on that session pending; find out whether the session is still there.
    client.onerror = () => void this.checkHealth(session);
    try {
      await client.connect(transport, { timeout: 10_000 });
    } catch (error) {
      await client.close().catch(() => undefined);
      throw new GatewayUnavailableError(describeConnectFailure(error, runtime, url));
    }
    this.lastSession = session;
    if (this.lost) {
      this.lost = false;
      this.options.log(`connected again to ${url}`);
      // A new gateway may serve another tool list (or policy hiding some).
      this.options.onToolsChanged();
    }
    return session;
  }

  private async checkHealth(session: Session): Promise<void> {
    if (session.dead || session.checking || this.closed) return;
    session.checking = true;
    try {
      await session.client.ping({ timeout: 3000 });
    } catch (error) {
      this.markDead(session, error);
    } finally {
      session.checking = false;
    }
  }

  /** Drops a session that no longer works: its calls in flight fail now, the next request opens a new one. */
  private markDead(session: Session, reason: unknown): void {
    if (session.dead) return;
    session.dead = true;
    if (session === this.lastSession) {
      this.lost = true;
      this.options.log(`lost the gateway session (${describe(reason)}); will reconnect on the next request.`);
    }
    for (const controller of session.inflight) controller.abort(new GatewayLostError('gateway session lost'));
    session.inflight.clear();
    void session.client.close().catch(() => undefined);
  }
}

function refusal(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/** The request cannot have reached the gateway's pipeline: no connection, or an unknown session. */
function neverDelivered(error: unknown): boolean {
  if (error instanceof StreamableHTTPError) return error.code === 404;
  return connectionRefused(error);
}

/** The failure is the session's or the connection's, not an answer from the gateway. */
function isSessionFailure(error: unknown): boolean {
  if (error instanceof StreamableHTTPError) return true;
  if (error instanceof McpError) return error.code === -32000 /* ConnectionClosed */;
  return error instanceof Error && (connectionRefused(error) || /fetch failed|ECONN|socket|terminated/i.test(error.message));
}

function connectionRefused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string; errors?: Array<{ code?: string }> } } | undefined)?.cause;
  return cause?.code === 'ECONNREFUSED' || (cause?.errors ?? []).some((e) => e.code === 'ECONNREFUSED');
}

function describeConnectFailure(error: unknown, runtime: { pid: number; port: number }, url: string): string {
  if (error instanceof StreamableHTTPError && (error.code === 401 || error.code === 403)) {
    return `Kraken Gate on 127.0.0.1:${runtime.port} refused the token in the data dir (HTTP ${error.code}). Is this the data dir of the running gateway?`;
  }
  if (connectionRefused(error) || (error instanceof Error && /fetch failed|ECONN|socket|terminated/i.test(error.message))) {
    return describeUnreachable(runtime);
  }
  return `Could not open a session with Kraken Gate at ${url}: ${describe(error)}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)))]).finally(() => clearTimeout(timer));
}
