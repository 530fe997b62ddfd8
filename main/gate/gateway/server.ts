// main/gate/gateway/: the agent-facing MCP endpoint (Streamable HTTP and legacy SSE), one SDK Server
// per session. May import the core's vocabulary and http/; MCP SDK here.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Disposer } from '../events.js';
import { AgentGone } from '../types.js';
import type { GatewayBackend } from './backend.js';
import { BodyError, readJsonBody } from '../http/body.js';
import { checkBearer, checkHost, checkOrigin } from '../http/guard.js';
import { answerIdentity, IDENTITY_PATH } from '../http/identity.js';
import { sendError, sendJsonRpcError } from '../http/respond.js';
import { AnswerWatch, attachAnswerWatch } from './request-scope.js';
import { createSessionServer, type SessionHooks } from './session.js';

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
  sessions?: SessionLimits;
  /** The control API's token: the gateway proves it holds it (GET /identity) before the CLI sends it. */
  controlToken?: string;
  /**
   * Handles non-MCP paths (the control API, the local web UI) after the Host and Origin checks;
   * it does its own authentication. Returns false when the path is not its own.
   */
  otherRoutes?: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;
}

/** How many sessions, and for how long. One local agent must not fill the table for everyone. */
export interface SessionLimits {
  /** All sessions together. Default 256. */
  max?: number;
  /** Sessions of one client (by clientInfo.name). Default 32. */
  perClient?: number;
  /**
   * A Streamable HTTP client may vanish without sending DELETE; its session is closed after this
   * long without a request (and with no call running). Default 30 minutes.
   */
  idleMs?: number;
}

interface Session {
  server: Server;
  transport: StreamableHTTPServerTransport | SSEServerTransport;
  lastSeen: number;
  /** clientInfo.name; for legacy SSE known only once the client has initialized. */
  client: () => string | undefined;
  /** Set when the session ends; every call running in it is withdrawn with it. */
  ended?: AgentGone;
  /** Calls running, each to be aborted if the session ends; a session with one is never closed to make room or for being idle. */
  running: Set<AbortController>;
  /**
   * Responses the agent holds open: POSTs awaiting their answers (counted before the SDK has parsed
   * them into calls), the standalone GET /mcp stream, or the legacy SSE stream that is the session.
   * An agent holding one is still there: its session is never closed to make room.
   */
  open: number;
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
  /** Responses to POSTs still being written: a stop lets them finish before cutting connections. */
  private readonly openPosts = new Set<ServerResponse>();

  constructor(private readonly options: GatewayOptions) {
    this.http = createServer((req, res) => void this.route(req, res));
    this.disposeToolsListener = options.backend.onDidChangeTools(() => {
      for (const { server } of this.sessions.values()) void server.sendToolListChanged().catch(() => undefined);
    });
    this.sweeper = setInterval(() => this.closeIdleSessions(), Math.min(this.idleMs, 60_000));
    this.sweeper.unref();
  }

  /** Closes Streamable HTTP sessions without a request (and no call running) for `idleMs` before `now`. */
  closeIdleSessions(now = Date.now()): void {
    const cutoff = now - this.idleMs;
    for (const [id, session] of this.sessions) {
      // SSE sessions hold an open stream and end when it closes; only Streamable HTTP ones linger.
      if (session.transport instanceof StreamableHTTPServerTransport && session.running.size === 0 && session.lastSeen < cutoff) {
        this.endSession(id, session, 'The agent\'s session was closed after it went quiet.');
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

  /**
   * Stops taking connections, lets answers being written finish (up to `graceMs`), then ends every
   * session and connection. Call Gate.drain() first, so held calls are answered as a shutdown
   * rather than withdrawn as if their agents had left.
   */
  async close(graceMs = 2000): Promise<void> {
    this.disposeToolsListener();
    clearInterval(this.sweeper);
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeIdleConnections();
    await settledWithin([...this.openPosts].map((res) => new Promise((resolve) => res.once('close', resolve))), graceMs);
    const sessions = [...this.sessions];
    for (const [id, session] of sessions) this.endSession(id, session, 'Kraken Gate is shutting down.');
    await Promise.allSettled(sessions.map(([, { server }]) => server.close()));
    this.http.closeAllConnections();
    await closed;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const local = checkHost(req, this.boundPort, this.options.allowRemote && this.options.host ? [this.options.host] : []) ?? checkOrigin(req);
      if (local) return void sendError(res, local.status, local.message);
      // Every agent call comes on exactly /mcp: no URL to parse for it.
      const url = req.url === '/mcp' ? undefined : new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = url ? url.pathname : '/mcp';
      if (url && path === IDENTITY_PATH && req.method === 'GET') {
        return answerIdentity(res, url, { gateway: this.options.token, control: this.options.controlToken }, this.boundPort);
      }
      if (this.options.otherRoutes && !isMcpPath(path) && (await this.options.otherRoutes(req, res, path))) return;
      const failure = checkBearer(req, this.options.token);
      if (failure) return void sendError(res, failure.status, failure.message);
      if (path === '/mcp') return await this.streamable(req, res);
      if (path === '/sse' && req.method === 'GET') return await this.openSse(res);
      if (path === '/messages' && req.method === 'POST') return await this.sseMessage(req, res, url?.searchParams.get('sessionId') ?? '');
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
      const { transport } = session;
      // The answer to a POST comes on its own response stream: the agent is gone when that closes first.
      if (req.method === 'POST') attachAnswerWatch(req, this.watchAnswer(res));
      if (req.method !== 'DELETE') holdsOpen(session, res);
      return transport.handleRequest(req, res, body);
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      return sendJsonRpcError(res, 400, -32000, 'Bad request: no session. Send initialize first, without an Mcp-Session-Id header.');
    }
    const client = body.params.clientInfo.name;
    const full = this.makeRoom(client);
    if (full) return sendJsonRpcError(res, 503, -32000, full);
    let id = '';
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => (id = randomUUID()),
      onsessioninitialized: (sid) => void this.sessions.set(sid, session),
    });
    const server = createSessionServer(this.options.backend, 'streamable-http', () => id, this.hooksFor(() => session));
    const session: Session = { server, transport, lastSeen: Date.now(), client: () => client, running: new Set(), open: 0 };
    // DELETE /mcp, the idle sweep, an eviction: whatever closes the transport ends the session.
    transport.onclose = () => {
      if (this.sessions.get(id) === session) this.sessions.delete(id);
      withdrawAll(session, new AgentGone('The agent ended its session.'));
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  private async openSse(res: ServerResponse): Promise<void> {
    const full = this.makeRoom(undefined);
    if (full) return sendError(res, 503, full);
    const transport = new SSEServerTransport('/messages', res);
    const server = createSessionServer(this.options.backend, 'sse', () => transport.sessionId, this.hooksFor(() => session));
    const session: Session = { server, transport, lastSeen: Date.now(), client: () => server.getClientVersion()?.name, running: new Set(), open: 1 };
    this.sessions.set(transport.sessionId, session);
    // The legacy transport's session is its event stream: the agent is gone when the stream is.
    res.on('close', () => this.endSession(transport.sessionId, session, 'The agent\'s event stream (legacy SSE) closed.'));
    await server.connect(transport);
  }

  private async sseMessage(req: IncomingMessage, res: ServerResponse, sessionId: string): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (!session || !(session.transport instanceof SSEServerTransport)) return sendError(res, 404, 'SSE session not found.');
    session.lastSeen = Date.now();
    const body = await readJsonBody(req, this.maxBody);
    await session.transport.handlePostMessage(req, res, body);
  }

  /** Tells the calls of this POST when its response closes before it was written in full. */
  private watchAnswer(res: ServerResponse): AnswerWatch {
    const watch = new AnswerWatch();
    this.openPosts.add(res);
    res.once('close', () => {
      this.openPosts.delete(res);
      if (!res.writableFinished) watch.markGone(new AgentGone('The agent went away: its request was closed before the answer.'));
    });
    return watch;
  }

  private hooksFor(session: () => Session): SessionHooks {
    return {
      callStarted: (call) => {
        const s = session();
        if (s.ended) call.abort(s.ended);
        else s.running.add(call);
      },
      callEnded: (call) => {
        const s = session();
        s.running.delete(call);
        s.lastSeen = Date.now();
      },
    };
  }

  /** Withdraws what runs in the session (AgentGone with `why`), and closes it. */
  private endSession(id: string, session: Session, why: string): void {
    if (this.sessions.get(id) === session) this.sessions.delete(id);
    withdrawAll(session, new AgentGone(why));
    void session.server.close().catch(() => undefined);
  }

  /**
   * Room for one more session of `client`: when the client has its share, or the table is full,
   * the session idle longest with no request running and no stream open is closed at once. Between
   * calls nothing tells an agent that has left (one-shot clients exit without DELETE) from one that
   * will call again, so waiting would only refuse the newcomer; the spec lets a server end a
   * session, and an agent still there gets 404 and starts a new one. Returns why there is no room.
   */
  private makeRoom(client: string | undefined): string | undefined {
    const busy = 'every one has a request running (a call held for approval counts) or an event stream open (GET /mcp or legacy SSE)';
    if (client !== undefined) {
      const own = [...this.sessions].filter(([, s]) => s.client() === client);
      if (own.length >= this.limits.perClient) {
        const victim = idlest(own);
        if (!victim) {
          return `Too many open sessions for client "${client}" (${this.limits.perClient}), all busy: ${busy}. Run concurrent calls in one session instead of a session each, or close streams and end sessions (DELETE /mcp) the client no longer uses.`;
        }
        this.endSession(...victim, 'The agent\'s session was closed to make room: it had nothing running and no stream open, and its client opened one session too many.');
      }
    }
    if (this.sessions.size >= this.limits.max) {
      const victim = idlest([...this.sessions]);
      if (!victim) return `Too many open sessions (${this.limits.max}), all busy: ${busy}. Try again when a call has finished or an agent has disconnected.`;
      this.endSession(...victim, 'The agent\'s session was closed to make room: it had nothing running and no stream open, and the gateway was full.');
    }
    return undefined;
  }

  private get maxBody(): number {
    return this.options.maxBodyBytes ?? 1024 * 1024;
  }

  private get idleMs(): number {
    return this.limits.idleMs;
  }

  private get limits(): Required<SessionLimits> {
    const { max = 256, perClient = 32, idleMs = 30 * 60_000 } = this.options.sessions ?? {};
    return { max, perClient, idleMs };
  }
}

/** Ends `session` (the first reason stays) and withdraws every call running in it. */
function withdrawAll(session: Session, reason: AgentGone): void {
  session.ended ??= reason;
  const calls = [...session.running];
  session.running.clear();
  for (const call of calls) call.abort(session.ended);
}

/** The session idle longest among those with no call running and no response held open. */
function idlest(sessions: Array<[string, Session]>): [string, Session] | undefined {
  let found: [string, Session] | undefined;
  for (const entry of sessions) {
    const [, s] = entry;
    if (s.running.size === 0 && s.open === 0 && (!found || s.lastSeen < found[1].lastSeen)) found = entry;
  }
  return found;
}

function holdsOpen(session: Session, res: ServerResponse): void {
  session.open++;
  res.once('close', () => session.open--);
}

function settledWithin(promises: Array<Promise<unknown>>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([Promise.allSettled(promises).then(() => undefined), timeout]).finally(() => clearTimeout(timer));
}

function isLoopbackAddress(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function isMcpPath(path: string): boolean {
  return path === '/mcp' || path === '/sse' || path === '/messages';
}
