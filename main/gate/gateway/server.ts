import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Disposer } from '../events.js';
import type { GatewayBackend } from './backend.js';
import { BodyError, readJsonBody } from '../http/body.js';
import { checkBearer, checkHost, checkOrigin } from '../http/guard.js';
import { sendError, sendJsonRpcError } from '../http/respond.js';
import { createSessionServer } from './session.js';

export interface GatewayOptions {
  backend: GatewayBackend;
  token: string;
  port: number;
  /** 127.0.0.1 unless told otherwise; anything not loopback also needs `allowRemote`. */
  host?: string;
  /** The agent endpoint can move money: binding beyond this machine must be asked for by name. */
  allowRemote?: boolean;
  /** Largest accepted JSON-RPC body. kraken-mcp arguments are a few hundred bytes. */
  maxBodyBytes?: number;
  maxSessions?: number;
  /**
   * A Streamable HTTP client may vanish without sending DELETE; its session (and anything it
   * held) is closed after this long without a request. Default 30 minutes.
   */
  idleSessionMs?: number;
  /**
   * Handles non-MCP paths (the control API, the local web UI) after the Host and Origin checks;
   * it does its own authentication. Returns false when the path is not its own.
   */
  otherRoutes?: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;
}

interface Session {
  server: Server;
  transport: StreamableHTTPServerTransport | SSEServerTransport;
  lastSeen: number;
}

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`Port ${port} on 127.0.0.1 is already in use (another kraken-gate?). Stop it or pick another port with --port.`);
  }
}

/**
 * The agent-facing MCP endpoint: Streamable HTTP at /mcp (one session per client) and the legacy
 * HTTP+SSE transport at /sse + /messages for older clients. Every request passes the Host,
 * Origin and bearer-token checks before the SDK sees it.
 */
export class Gateway {
  private readonly http: HttpServer;
  private readonly sessions = new Map<string, Session>();
  private readonly disposeToolsListener: Disposer;
  private boundPort = 0;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: GatewayOptions) {
    this.http = createServer((req, res) => void this.route(req, res));
    this.disposeToolsListener = options.backend.onDidChangeTools(() => {
      for (const { server } of this.sessions.values()) void server.sendToolListChanged().catch(() => undefined);
    });
    this.sweeper = setInterval(() => this.closeIdleSessions(), Math.min(this.idleMs, 60_000));
    this.sweeper.unref();
  }

  /** Closes Streamable HTTP sessions without a request for `idleSessionMs` before `now`. */
  closeIdleSessions(now = Date.now()): void {
    const cutoff = now - this.idleMs;
    for (const [id, session] of this.sessions) {
      // SSE sessions hold an open stream and end when it closes; only Streamable HTTP ones linger.
      if (session.transport instanceof StreamableHTTPServerTransport && session.lastSeen < cutoff) {
        this.sessions.delete(id);
        void session.server.close().catch(() => undefined);
      }
    }
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.boundPort}/mcp`;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  listen(): Promise<void> {
    const host = this.options.host ?? '127.0.0.1';
    if (!isLoopbackAddress(host) && !this.options.allowRemote) {
      return Promise.reject(new Error(`Refusing to listen on ${host}: Kraken Gate only binds to loopback (127.0.0.1, ::1) unless remote access is explicitly allowed.`));
    }
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void =>
        reject(error.code === 'EADDRINUSE' ? new PortInUseError(this.options.port) : error);
      this.http.once('error', onError);
      this.http.listen(this.options.port, host, () => {
        this.http.off('error', onError);
        this.boundPort = (this.http.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    this.disposeToolsListener();
    clearInterval(this.sweeper);
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(sessions.map(({ server }) => server.close()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const local = checkHost(req, this.boundPort, this.options.allowRemote && this.options.host ? [this.options.host] : []) ?? checkOrigin(req);
      if (local) return void sendError(res, local.status, local.message);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = url.pathname;
      if (this.options.otherRoutes && !isMcpPath(path) && (await this.options.otherRoutes(req, res, path))) return;
      const failure = checkBearer(req, this.options.token);
      if (failure) return void sendError(res, failure.status, failure.message);
      if (path === '/mcp') return await this.streamable(req, res);
      if (path === '/sse' && req.method === 'GET') return await this.openSse(res);
      if (path === '/messages' && req.method === 'POST') return await this.sseMessage(req, res, url.searchParams.get('sessionId') ?? '');
      sendError(res, 404, 'Not found. The MCP endpoint is /mcp (or /sse for legacy clients).');
    } catch (error) {
      if (error instanceof BodyError) return void sendJsonRpcError(res, error.status, error.status === 400 ? -32700 : -32600, error.message);
      console.error('kraken-gate: request failed:', error);
      if (!res.headersSent) sendError(res, 500, 'Internal error.');
    }
  }

  private async streamable(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sessionId = req.headers['mcp-session-id'];
    const body = req.method === 'POST' ? await readJsonBody(req, this.maxBody) : undefined;
    // JSON-RPC: an empty batch is an invalid request (the SDK would accept it silently with a 202).
    if (Array.isArray(body) && body.length === 0) return sendJsonRpcError(res, 400, -32600, 'Invalid Request: an empty batch.');
    if (typeof sessionId === 'string') {
      const session = this.sessions.get(sessionId);
      if (!session || !(session.transport instanceof StreamableHTTPServerTransport)) {
        return sendJsonRpcError(res, 404, -32001, 'Session not found. Start a new session with initialize.');
      }
      session.lastSeen = Date.now();
      return session.transport.handleRequest(req, res, body);
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      return sendJsonRpcError(res, 400, -32000, 'Bad request: no session. Send initialize first, without an Mcp-Session-Id header.');
    }
    if (this.sessions.size >= this.maxSessions) return sendJsonRpcError(res, 503, -32000, 'Too many open sessions.');
    let id = '';
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => (id = randomUUID()),
      onsessioninitialized: (sid) => void this.sessions.set(sid, { server, transport, lastSeen: Date.now() }),
    });
    const server = createSessionServer(this.options.backend, 'streamable-http', () => id);
    transport.onclose = () => void this.sessions.delete(id);
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  private async openSse(res: ServerResponse): Promise<void> {
    if (this.sessions.size >= this.maxSessions) return sendError(res, 503, 'Too many open sessions.');
    const transport = new SSEServerTransport('/messages', res);
    const server = createSessionServer(this.options.backend, 'sse', () => transport.sessionId);
    this.sessions.set(transport.sessionId, { server, transport, lastSeen: Date.now() });
    res.on('close', () => {
      this.sessions.delete(transport.sessionId);
      void server.close().catch(() => undefined);
    });
    await server.connect(transport);
  }

  private async sseMessage(req: IncomingMessage, res: ServerResponse, sessionId: string): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (!session || !(session.transport instanceof SSEServerTransport)) return sendError(res, 404, 'SSE session not found.');
    const body = await readJsonBody(req, this.maxBody);
    await session.transport.handlePostMessage(req, res, body);
  }

  private get maxBody(): number {
    return this.options.maxBodyBytes ?? 1024 * 1024;
  }

  private get idleMs(): number {
    return this.options.idleSessionMs ?? 30 * 60_000;
  }

  private get maxSessions(): number {
    return this.options.maxSessions ?? 256;
  }
}

function isLoopbackAddress(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function isMcpPath(path: string): boolean {
  return path === '/mcp' || path === '/sse' || path === '/messages';
}
