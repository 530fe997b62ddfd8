// main/gate/upstream/: the upstream (kraken-mcp or the paper exchange) as the core sees it: its command,
// the stdio client, probes and market-price reads. May import the core's vocabulary, text/ and approvals'
// types; the MCP SDK only here and in gateway/.
import type { Readable } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CallToolResultSchema,
  ErrorCode,
  McpError,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { classifyTool } from '../catalog.js';
import { Emitter } from '../events.js';
import { INERT_LIMITS, inert } from '../text/inert.js';
import { SecretMask, secretEnvValues } from '../text/secret-mask.js';
import type { Progress, ToolDefinition, ToolResult } from '../types.js';
import { VERSION } from '../../version.js';
import { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { UpstreamError } from './errors.js';
import { answersAsKrakenMcp } from './identify.js';
import { InProcessTransport, type InProcessServer } from './in-process.js';
import { SerialQueue } from './serial.js';
import { StderrLog } from './stderr-log.js';
import { UpstreamTransport } from './transport.js';

export type UpstreamState = 'starting' | 'ready' | 'restarting' | 'stopped';

export interface UpstreamStatus {
  state: UpstreamState;
  /** The command as a person would type it; never includes the environment (API keys). */
  command: string;
  pid?: number;
  restarts: number;
  tools: number;
  lastError?: string;
}

export interface UpstreamOptions {
  command: string;
  args: string[];
  /** Added to the child's environment only (KRAKEN_API_KEY/SECRET live here, nowhere else). */
  env?: Record<string, string>;
  cwd?: string;
  stderrLogPath?: string;
  /** How long to wait for `initialize` + `tools/list` (a Python upstream takes 1–2 s). */
  startTimeoutMs?: number;
  /** Per forwarded call; time spent waiting for a human is not counted here. */
  callTimeoutMs?: number;
  backoff?: BackoffOptions;
  /**
   * Run this server inside the process instead of spawning `command` (which then only names it in
   * the status): the desktop app's paper exchange. Everything else (restart, queue, timeouts) is the same.
   */
  inProcess?: InProcessServer;
}

export interface CallOptions {
  /** Withdraws the call while it waits (for the private-call queue, for a restart); see `cancelAfterSend`. */
  signal?: AbortSignal;
  /**
   * Whether the signal still cancels the call once it was written to the upstream. Default: yes for
   * read-only tools, no for the ones that can move money: an order sent is an order, and its answer
   * (a txid, an error) is waited for even when the caller has gone.
   */
  cancelAfterSend?: boolean;
  onProgress?: (progress: Progress) => void;
  /**
   * The caller's last word, run immediately before the request is written: after any wait for the
   * queue or a restart, with no await in between. A string refuses the call (UpstreamError
   * 'refused' with that message) and nothing is sent.
   */
  beforeSend?: () => string | undefined;
}

interface Running {
  client: Client;
  transport: UpstreamTransport | InProcessTransport;
  startedAt: number;
  generation: number;
  /** A ping is out to tell a slow call from a wedged process. */
  probing?: boolean;
}

/** The longest wait for a ping after a call timed out (shorter when calls time out sooner). */
const PING_TIMEOUT_MS = 10_000;

/**
 * The upstream MCP server (kraken-mcp or the paper exchange) as a child process over stdio, or in
 * this process (`inProcess`): started, restarted with backoff when it dies, its tool list cached,
 * its calls forwarded.
 */
export class UpstreamClient {
  private readonly stateEmitter = new Emitter<UpstreamStatus>();
  private readonly toolsEmitter = new Emitter<ToolDefinition[]>();
  readonly onDidChangeState = this.stateEmitter.event;
  readonly onDidChangeTools = this.toolsEmitter.event;

  private readonly stderr: StderrLog;
  /** The API key and secret given to the process: masked in everything it says that we pass on. */
  private readonly secrets: SecretMask;
  private readonly backoff: Backoff;
  private readonly serial = new SerialQueue();
  private running: Running | undefined;
  private generation = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private readyWaiters: Array<(error?: Error) => void> = [];
  /** Once ready, a command that cannot be run is retried (it ran before); until then it is a setup error. */
  private everReady = false;
  private readonly firstSpawn = deferred();
  private cachedTools: ToolDefinition[] = [];
  /** Kept through a restart until the next process lists its tools: the command is the same. */
  private krakenMcp = false;
  private status: UpstreamStatus;

  constructor(private readonly options: UpstreamOptions) {
    this.secrets = new SecretMask(secretEnvValues(options.env));
    this.stderr = new StderrLog(options.stderrLogPath, this.secrets);
    this.backoff = new Backoff(options.backoff ?? DEFAULT_BACKOFF);
    this.status = { state: 'stopped', command: [options.command, ...options.args].join(' '), restarts: 0, tools: 0 };
    this.firstSpawn.promise.catch(() => undefined); // nobody may be waiting for it
  }

  get state(): UpstreamStatus {
    return { ...this.status };
  }

  get tools(): readonly ToolDefinition[] {
    return this.cachedTools;
  }

  /** Whether the upstream said it is kraken-mcp and lists its tools (identify.ts: a name, never a proof). */
  get answersAsKrakenMcp(): boolean {
    return this.krakenMcp;
  }

  /** How the upstream is started: a command (and where), or a server run in this process. */
  get startedWith(): { command: string; args: readonly string[]; cwd?: string; inProcess: boolean } {
    const { command, args, cwd, inProcess } = this.options;
    return { command, args, ...(cwd !== undefined && { cwd }), inProcess: inProcess !== undefined };
  }

  /** Starts the process; resolves once it is ready, or rejects when the first start fails (it keeps retrying). */
  async start(): Promise<void> {
    if (this.status.state === 'stopped') void this.launch();
    return this.whenReady();
  }

  /**
   * Resolves once the upstream's process has been started (not yet ready); rejects with
   * UpstreamError('cannot-start') when its command cannot be run at all (not found, not
   * executable), which is not retried: a person has to fix the command.
   */
  whenSpawned(): Promise<void> {
    return this.firstSpawn.promise;
  }

  async stop(): Promise<void> {
    this.generation += 1;
    clearTimeout(this.restartTimer);
    const running = this.running;
    this.running = undefined;
    this.setStatus({ state: 'stopped', pid: undefined });
    // Whoever waits for it to be ready hears now, not at their timeout: a pending timer would keep
    // a process that failed to start (its port taken) alive for the full start timeout.
    this.wakeReadyWaiters(new UpstreamError('not-ready', 'The upstream was stopped.'));
    if (running) await running.client.close().catch(() => undefined);
    await this.stderr.close();
  }

  /** Waits until the upstream has answered `initialize` and listed its tools. */
  whenReady(timeoutMs = this.options.startTimeoutMs ?? 30_000, signal?: AbortSignal): Promise<void> {
    if (this.status.state === 'ready') return Promise.resolve();
    // Stopped after having run (generation 0 is "never started", which start() is about to change).
    if (this.status.state === 'stopped' && this.generation > 0) {
      return Promise.reject(new UpstreamError('not-ready', `The upstream is stopped${this.status.lastError ? `: ${this.status.lastError}` : '.'}`));
    }
    return new Promise((resolve, reject) => {
      const done = (error?: Error): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      };
      const onAbort = (): void => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== done);
        clearTimeout(timer);
        reject(new UpstreamError('cancelled', 'The call was cancelled.'));
      };
      const timer = setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== done);
        signal?.removeEventListener('abort', onAbort);
        const why = this.status.lastError ? ` Last error: ${this.status.lastError}` : '';
        reject(new UpstreamError('not-ready', `The upstream (${this.status.command}) is not ready after ${Math.round(timeoutMs / 1000)} s (state: ${this.status.state}).${why}`));
      }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.readyWaiters.push(done);
    });
  }

  async listTools(): Promise<ToolDefinition[]> {
    await this.whenReady();
    return this.cachedTools;
  }

  /**
   * Forwards one `tools/call`. Sent as a plain request with the result schema rather than through
   * `Client.callTool`, which would validate structuredContent against outputSchema: a gateway
   * forwards results as they are and lets the agent's client judge them.
   */
  async callTool(name: string, args: Record<string, unknown>, options: CallOptions = {}): Promise<ToolResult> {
    const cancelled = (): UpstreamError => new UpstreamError('cancelled', 'The call was cancelled by the client before it was sent.');
    const forward = async (): Promise<ToolResult> => {
      // Ready is the common case: no await for it.
      if (this.status.state !== 'ready') await this.whenReady(undefined, options.signal);
      if (options.signal?.aborted) throw cancelled();
      const running = this.running;
      if (!running) throw new UpstreamError('not-ready', 'The upstream is not running.');
      const refusal = options.beforeSend?.();
      if (refusal !== undefined) throw new UpstreamError('refused', refusal);
      // From here on the request is written (synchronously, inside request()).
      const signal = (options.cancelAfterSend ?? classifyTool(name) !== 'financial') ? options.signal : undefined;
      try {
        const result = await running.client.request({ method: 'tools/call', params: { name, arguments: args } }, CallToolResultSchema, {
          signal,
          timeout: this.options.callTimeoutMs ?? 60_000,
          resetTimeoutOnProgress: true,
          onprogress: options.onProgress,
        });
        return this.secrets.active ? maskResultText(result as ToolResult, this.secrets) : (result as ToolResult);
      } catch (error) {
        if (error instanceof McpError && error.code === ErrorCode.RequestTimeout && !signal?.aborted) this.checkAlive(running);
        throw this.explain(error, name, signal);
      }
    };
    return classifyTool(name) === 'public' ? forward() : this.serial.run(forward, options.signal, cancelled);
  }

  private explain(error: unknown, tool: string, signal: AbortSignal | undefined): Error {
    if (signal?.aborted) return new UpstreamError('cancelled', 'The call was cancelled by the client.');
    // Whether a call that can move money took effect is the caller's to say (it knows what was sent).
    if (error instanceof McpError && error.code === ErrorCode.ConnectionClosed) {
      return new UpstreamError('exited', `The upstream (kraken-mcp) exited while handling ${tool}; it is being restarted.`);
    }
    if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
      return new UpstreamError('timeout', `The upstream did not answer ${tool} within ${Math.round((this.options.callTimeoutMs ?? 60_000) / 1000)} s.`);
    }
    return new UpstreamError('failed', `The upstream failed on ${tool}: ${this.secrets.apply(error instanceof Error ? error.message : String(error))}`);
  }

  /**
   * A call timed out: the upstream may only be slow with it, or wedged (a deadlock, a blocked event
   * loop), and then every later call would time out too. One ping tells them apart; a process that
   * cannot answer it is replaced as a crashed one would be.
   */
  private checkAlive(running: Running): void {
    if (running.probing || this.running !== running) return;
    running.probing = true;
    const timeout = Math.min(this.options.callTimeoutMs ?? 60_000, PING_TIMEOUT_MS);
    const alive = (): void => void (running.probing = false);
    running.client.ping({ timeout }).then(alive, (error: unknown) => {
      // Any answer, even an error, shows a live process; only silence means wedged.
      if (!(error instanceof McpError && error.code === ErrorCode.RequestTimeout)) return alive();
      if (this.running !== running) return; // it exited meanwhile, and is being restarted already
      this.onExit(running.generation, `a call timed out and the upstream did not answer a ping within ${Math.round(timeout / 1000)} s (pid ${running.transport.pid ?? '?'})`);
      void running.client.close().catch(() => undefined);
    });
  }

  private async launch(): Promise<void> {
    const generation = ++this.generation;
    this.setStatus({ state: this.status.restarts > 0 ? 'restarting' : 'starting' });
    const transport = this.options.inProcess
      ? new InProcessTransport(this.options.inProcess)
      : new UpstreamTransport({
          command: this.options.command,
          args: this.options.args,
          env: { ...(process.env as Record<string, string>), ...this.options.env },
          cwd: this.options.cwd,
          stderr: 'pipe',
        });
    this.stderr.attach(transport.stderr as Readable | null);
    try {
      await transport.start();
    } catch (error) {
      const why = cannotRun(error, this.options.command);
      // A command that is not there will not appear by retrying every few seconds.
      if (why && !this.everReady) return this.giveUp(generation, why);
      return this.onExit(generation, why ?? `could not be started: ${describe(error)}`);
    }
    if (generation !== this.generation) return void transport.close().catch(() => undefined);
    this.firstSpawn.resolve();
    // Shown while it is still starting: `status` tells why a start takes long before it times out.
    transport.onStrayLine = () => {
      if (generation === this.generation && this.status.state !== 'ready') this.setStatus({ lastError: notMcp(transport) });
    };
    const client = new Client({ name: 'kraken-gate', version: VERSION }, { capabilities: {} });
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      if (generation === this.generation) void this.refreshTools(client);
    });
    client.onclose = () => {
      // Dying before it was ready is usually a setup problem (no API key, a bad path): say what it said.
      const early = this.running?.generation !== generation;
      const said = this.stderr.lastLine ? `: ${this.stderr.lastLine}` : transport.strayLines.length ? `; ${notMcp(transport)}` : '';
      this.onExit(generation, early ? `exited before it was ready${said}` : 'exited');
    };
    // Lines on stdout that are not JSON-RPC, answers to unknown requests, pipe errors: the SDK skips
    // them and goes on; they are written down for whoever wonders why a call got no answer.
    client.onerror = (error) => {
      if (generation === this.generation) this.stderr.note(`protocol error from the upstream: ${String(error instanceof Error ? error.message : error).replace(/\s+/g, ' ').slice(0, 300)}`);
    };
    const startTimeoutMs = this.options.startTimeoutMs ?? 30_000;
    try {
      await client.connect(transport, { timeout: startTimeoutMs });
      // Stopped (or replaced) while it started: this process is nobody's, end it.
      if (generation !== this.generation) return void client.close().catch(() => undefined);
      this.running = { client, transport, startedAt: Date.now(), generation };
      this.stderr.note(`started: ${this.status.command} (pid ${transport.pid ?? '?'})`);
      await this.refreshTools(client);
      if (generation !== this.generation) return;
      transport.stopWatching();
      this.everReady = true;
      this.setStatus({ state: 'ready', pid: transport.pid ?? undefined, lastError: undefined });
      this.wakeReadyWaiters();
    } catch (error) {
      const timedOut = error instanceof McpError && error.code === ErrorCode.RequestTimeout;
      const why = timedOut
        ? `did not answer initialize within ${Math.round(startTimeoutMs / 1000)} s${transport.strayLines.length ? `; ${notMcp(transport)}` : ''}`
        : `failed to start: ${describe(error)}`;
      this.onExit(generation, why);
      void client.close().catch(() => undefined);
    }
  }

  /** The command cannot be run: stop for good, and tell everyone waiting. */
  private giveUp(generation: number, why: string): void {
    if (generation !== this.generation) return;
    this.generation += 1;
    this.running = undefined;
    this.stderr.note(`${why}; not retrying`);
    this.setStatus({ state: 'stopped', pid: undefined, lastError: why });
    const error = new UpstreamError('cannot-start', `The upstream cannot be started: ${why}`);
    this.firstSpawn.reject(error);
    this.wakeReadyWaiters(error);
  }

  private wakeReadyWaiters(error?: Error): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const wake of waiters) wake(error);
  }

  private onExit(generation: number, why: string): void {
    if (generation !== this.generation) return; // a stale process, or we are stopping
    this.generation += 1;
    const uptime = this.running ? Date.now() - this.running.startedAt : 0;
    this.running = undefined;
    const delay = this.backoff.next(uptime);
    this.stderr.note(`${why}; restarting in ${delay} ms`);
    // `why` can quote the upstream (its last stderr line, an error message): a status line shows it.
    const lastError = inert(this.secrets.apply(why), INERT_LIMITS.line);
    this.setStatus({ state: 'restarting', pid: undefined, restarts: this.status.restarts + 1, lastError });
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => void this.launch(), delay);
  }

  private async refreshTools(client: Client): Promise<void> {
    const tools: ToolDefinition[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined);
      tools.push(...(page.tools as ToolDefinition[]));
      cursor = page.nextCursor;
    } while (cursor);
    this.cachedTools = tools;
    // Before the status event: whoever redraws on it reads the name that goes with these tools.
    this.krakenMcp = answersAsKrakenMcp(client.getServerVersion(), tools);
    this.setStatus({ tools: tools.length });
    this.toolsEmitter.fire(tools);
  }

  private setStatus(change: Partial<UpstreamStatus>): void {
    this.status = { ...this.status, ...change };
    this.stateEmitter.fire(this.state);
  }
}

/** Why a spawn failed, worded for the person who typed the command; undefined when it is not the command's fault. */
function cannotRun(error: unknown, command: string): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `"${inert(command)}" was not found. Check the command after \`--\`: is it installed, and on PATH or given by its full path?`;
  if (code === 'EACCES') return `"${inert(command)}" cannot be run (permission denied). Is it an executable file?`;
  return undefined;
}

/** What the upstream wrote on stdout instead of MCP, as the person should read it. */
function notMcp(transport: UpstreamTransport | InProcessTransport): string {
  const [first, ...more] = transport.strayLines;
  return `it wrote on stdout what is not MCP: "${inert(first ?? '')}"${more.length ? ` (and ${more.length} more line${more.length > 1 ? 's' : ''})` : ''}. An MCP server over stdio must write only JSON-RPC there (logs go to stderr).`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// Promise.withResolvers is Node 22+; the headless gateway runs on Node 20.19 too.
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * The upstream's own answer with the API key and secret it was given masked in its text parts: a
 * crash trace or an echoed environment in an error result must not hand them to the agent.
 */
function maskResultText(result: ToolResult, secrets: SecretMask): ToolResult {
  let changed = false;
  const content = result.content.map((part) => {
    if (part.type !== 'text' || typeof part.text !== 'string') return part;
    const text = secrets.apply(part.text);
    if (text === part.text) return part;
    changed = true;
    return { ...part, text };
  });
  return changed ? { ...result, content } : result;
}
