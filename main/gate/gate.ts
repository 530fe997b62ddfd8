import type { GateEvent, Status } from '../../preload/api.js';
import { ApprovalQueue, summarizeCall, type PriceQuote } from './approvals/index.js';
import { CallLogStore, DEFAULT_RETENTION, InflightJournal, type CallRecord, type RetentionOptions } from './calllog/index.js';
import { isFinancialTool } from './catalog.js';
import { DailyNotional } from './daily-notional.js';
import { dataFiles, ensureDataDir } from './data-dir.js';
import { Emitter } from './events.js';
import type { GatewayBackend } from './gateway/backend.js';
import { fetchMarketPrice } from './market-price.js';
import { PauseSwitch } from './pause.js';
import { refusal, runToolCall, type HumanDecision, type PipelineSteps, type Ruling } from './pipeline.js';
import { PolicyFile } from './policy-file.js';
import { SettingsStore } from './settings.js';
import { evaluatePolicy, isRealOrder, policyNeedsMarketPrice, priceNeedsMarket, RateLimiter, visibleTools, type CompiledPolicy, type Verdict } from './policy/index.js';
import { INERT_LIMITS, inert, inertJson } from './inert.js';
import { toLogRecord } from './log-view.js';
import { ToolPins, type PinChange } from './tool-pins.js';
import type { CallContext, Decider, ToolCall, ToolDefinition, ToolResult } from './types.js';
import { UpstreamClient, type UpstreamOptions } from './upstream/client.js';
import { VERSION } from '../version.js';

const PAUSE_REASON = 'Financial tools are paused';

export interface GateOptions {
  dataDir: string;
  upstream: Omit<UpstreamOptions, 'stderrLogPath'>;
  approvalTimeoutMs?: number;
  retention?: RetentionOptions;
  /** How often a held call tells the agent it is still waiting (MCP progress). */
  progressIntervalMs?: number;
}

/**
 * The core as one object: upstream, rules, approvals, pause and call log behind typed events.
 * The headless server, the desktop app and the tests all drive this, and only this.
 */
export class Gate implements GatewayBackend {
  private readonly eventEmitter = new Emitter<GateEvent>();
  /** Everything a surface (tray, notification, window, web UI) needs to redraw. */
  readonly onDidChange = this.eventEmitter.event;
  private readonly pinEmitter = new Emitter<PinChange[]>();
  readonly onDidChangePins = this.pinEmitter.event;
  private readonly toolsEmitter = new Emitter<ToolDefinition[]>();
  /** The tools an agent sees changed: the upstream's list did, or a policy reload may hide or reveal some. */
  readonly onDidChangeTools = this.toolsEmitter.event;
  readonly onDidChangeUpstream;
  readonly onDidReloadPolicy;
  readonly onDidRecord;
  endpoint = '';

  private readonly steps: PipelineSteps;
  private readonly limiter: RateLimiter;
  /** Names the upstream lists; undefined until its first tools/list (the policy then assumes kraken-mcp's). */
  private knownTools: ReadonlySet<string> | undefined;

  private constructor(
    private readonly options: GateOptions,
    readonly upstream: UpstreamClient,
    readonly policy: PolicyFile,
    readonly approvals: ApprovalQueue,
    readonly pause: PauseSwitch,
    readonly pins: ToolPins,
    readonly log: CallLogStore,
    private readonly journal: InflightJournal,
    /** Calls the previous run forwarded but could not record (killed mid-call), now in the log. */
    readonly recoveredCalls: number,
    private readonly daily: DailyNotional,
    /** settings.json, shared with the other host; the composition applies what it says. */
    readonly settings: SettingsStore,
  ) {
    this.limiter = new RateLimiter(policy.current);
    this.onDidChangeUpstream = upstream.onDidChangeState;
    this.onDidReloadPolicy = policy.onDidReload;
    this.onDidRecord = (listener: (record: CallRecord) => void) => log.onDidAppend(listener);
    policy.onDidReload((result) => result.ok && this.limiter.setSource(policy.current));
    upstream.onDidChangeTools((tools) => {
      this.knownTools = new Set(tools.map((t) => t.name));
      const changes = pins.observe(tools);
      if (changes.length) this.pinEmitter.fire(changes);
      this.toolsEmitter.fire(tools);
    });
    policy.onDidReload((result) => result.ok && this.toolsEmitter.fire([...upstream.tools]));
    upstream.onDidChangeState(() => this.fireStatus());
    pause.onDidChange(() => this.fireStatus());
    approvals.onDidAdd((pending) => {
      this.eventEmitter.fire({ type: 'pending-added', pending: toContract(pending) });
      this.fireStatus();
    });
    approvals.onDidDecide(({ approval, outcome }) => {
      this.eventEmitter.fire({ type: 'pending-decided', id: approval.id, decision: outcome.decision, by: outcome.by });
      this.fireStatus();
    });
    log.onDidAppend((record) => this.eventEmitter.fire({ type: 'record-appended', record: toLogRecord(record) }));
    policy.onDidReload((result) =>
      this.eventEmitter.fire({ type: 'policy-changed', ok: result.ok, errors: result.ok ? [] : result.errors, warnings: result.ok ? result.warnings : [] }),
    );
    this.toolsEmitter.event(() => this.eventEmitter.fire({ type: 'tools-changed' }));
    this.steps = {
      evaluate: (call) => this.evaluate(call),
      askHuman: (call, ruling, context) => this.askHuman(call, ruling, context),
      forward: (call, context) => this.upstream.callTool(call.tool, call.arguments, { signal: context.signal, onProgress: context.onProgress }),
      record: async (record) => void (await this.log.append(record)),
      journal,
    };
  }

  static async create(options: GateOptions): Promise<Gate> {
    const dir = ensureDataDir(options.dataDir);
    const policy = new PolicyFile(dataFiles.policy(dir));
    const log = await CallLogStore.open(dataFiles.callLog(dir), { retention: { ...DEFAULT_RETENTION, ...withoutUndefined(options.retention) } });
    const { journal, recovered } = await InflightJournal.open(dataFiles.inflight(dir), log, dataFiles.callLog(dir));
    return new Gate(
      options,
      new UpstreamClient({ ...options.upstream, stderrLogPath: dataFiles.upstreamLog(dir) }),
      policy,
      new ApprovalQueue({ timeoutMs: options.approvalTimeoutMs }),
      new PauseSwitch(dataFiles.pause(dir)),
      new ToolPins(dataFiles.toolPins(dir)),
      log,
      journal,
      recovered,
      new DailyNotional(dataFiles.dailyNotional(dir)),
      new SettingsStore(dir, VERSION),
    );
  }

  /** Starts the upstream and watches policy.json; resolves once the upstream is ready. */
  start(): Promise<void> {
    this.policy.watch();
    return this.upstream.start();
  }

  async stop(): Promise<void> {
    this.policy.close();
    this.approvals.cancelAll(() => true, 'Kraken Gate is shutting down.', 'policy');
    await this.upstream.stop();
    await this.log.close();
    this.journal.close();
  }

  get dataDir(): string {
    return this.options.dataDir;
  }

  /**
   * What the rules (the running ones, or a draft) decide for a call now, without holding,
   * forwarding or counting it: the Rules page's "Test a call".
   */
  async dryRun(call: ToolCall, policy: CompiledPolicy = this.policy.current): Promise<{ verdict: Verdict; price?: PriceQuote }> {
    const price = policyNeedsMarketPrice(policy, call) ? await this.marketPrice(call) : undefined;
    // A draft has no calls counted yet; its own limiter still refuses a `max: 0` limit.
    const limiter = policy === this.policy.current ? this.limiter : new RateLimiter(policy);
    const verdict = evaluatePolicy(policy, call, {
      paused: this.pause.paused,
      knownTools: this.knownTools,
      changedTools: this.pins.changedTools,
      limitCheck: (tool) => limiter.peek(tool),
      marketPrice: price?.value,
      notionalToday: this.daily.total(),
    });
    return { verdict, ...(price && { price }) };
  }

  status(): Status {
    const upstream = this.upstream.state;
    return {
      paused: this.pause.paused,
      pending: this.approvals.pending().length,
      upstream: { ...upstream, pid: upstream.pid ?? undefined },
      endpoint: this.endpoint,
      changedTools: [...this.pins.changedTools],
    };
  }

  setPaused(paused: boolean, by: Decider): Status {
    this.pause.set(paused, by);
    // The pause also refuses calls already waiting for a human: nothing financial gets through.
    if (paused) this.approvals.cancelAll((p) => isFinancialTool(p.tool), PAUSE_REASON, by);
    return this.status();
  }

  /**
   * The tools an agent may see. A tool whose definition changed since it was accepted is left
   * out until a human accepts it: its new description may carry instructions meant for the agent.
   */
  async listTools(): Promise<ToolDefinition[]> {
    const tools = await this.upstream.listTools();
    const changed = this.pins.changedTools;
    return visibleTools(this.policy.current, changed.size ? tools.filter((t) => !changed.has(t.name)) : tools);
  }

  acceptTool(name: string): boolean {
    if (!this.pins.accept(name)) return false;
    this.toolsEmitter.fire([...this.upstream.tools]);
    this.fireStatus();
    return true;
  }

  async callTool(call: ToolCall, context: CallContext): Promise<ToolResult> {
    try {
      return await runToolCall(this.steps, call, context);
    } catch (error) {
      // The record could not be written: the agent must hear that something went wrong.
      return refusal(`Kraken Gate could not complete the call: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async evaluate(call: ToolCall): Promise<Ruling> {
    const policy = this.policy.current;
    const price = policyNeedsMarketPrice(policy, call) ? await this.marketPrice(call) : undefined;
    // evaluate and reserve run without an await between them, so the peeked budget is still there.
    const verdict = evaluatePolicy(policy, call, {
      paused: this.pause.paused,
      knownTools: this.knownTools,
      changedTools: this.pins.changedTools,
      limitCheck: (tool) => this.limiter.peek(tool),
      marketPrice: price?.value,
      notionalToday: this.daily.total(),
    });
    if (verdict.action === 'deny') return verdict;
    const reserved = this.limiter.reserve(call.tool);
    if (!reserved.ok) return { action: 'deny', rule: reserved.hit.rule, reason: 'Rate limit reached; try again later.' };
    return {
      ...verdict,
      price,
      settle: (forwarded) => {
        if (!forwarded) return this.limiter.release(reserved.reservation);
        this.limiter.commit(reserved.reservation);
        if (verdict.notional !== undefined && call.tool === 'add_order' && isRealOrder(call.tool, call.arguments)) this.daily.add(verdict.notional);
      },
    };
  }

  /** The market price of an order's pair, for the policy's caps and the approval text. */
  private async marketPrice(call: ToolCall): Promise<PriceQuote | undefined> {
    const pair = call.arguments.pair;
    return typeof pair === 'string' ? fetchMarketPrice(this.upstream, pair, call.arguments.side) : undefined;
  }

  private async askHuman(call: ToolCall, ruling: Ruling, context: CallContext): Promise<HumanDecision> {
    // The evaluation may already have fetched the price; a human deciding wants it either way.
    const price = ruling.price ?? (priceNeedsMarket(call.tool, call.arguments) ? await this.marketPrice(call) : undefined);
    const held = this.approvals.hold({
      ...call,
      summary: summarizeCall(call, price),
      origin: { sessionId: context.origin.sessionId, clientName: context.origin.clientName },
      rule: { id: ruling.rule, reason: ruling.reason },
      ...(price && { price: { value: price.value, source: price.source, at: price.at.toISOString(), ...(price.pair && { pair: price.pair }) } }),
      signal: context.signal,
    });
    const stopProgress = this.reportWaiting(held.id, context);
    try {
      const outcome = await held.outcome;
      // Refused by the pause, not by the human's judgement of this call: the log names the pause.
      return outcome.decision === 'rejected' && outcome.reason === PAUSE_REASON ? { ...outcome, rule: 'pause' } : outcome;
    } finally {
      stopProgress();
    }
  }

  /** MCP progress while a human decides, so SDK clients with resetTimeoutOnProgress keep waiting. */
  private reportWaiting(id: string, context: CallContext): () => void {
    const report = context.onProgress;
    if (!report) return () => undefined;
    const started = Date.now();
    const total = (this.options.approvalTimeoutMs ?? 120_000) / 1000;
    const tick = (): void => {
      const remaining = this.approvals.remainingMs(id);
      if (remaining === undefined) return;
      report({ progress: (Date.now() - started) / 1000, total, message: `Waiting for the user's approval (${Math.ceil(remaining / 1000)} s left)` });
    };
    tick();
    const timer = setInterval(tick, this.options.progressIntervalMs ?? 5000);
    return () => clearInterval(timer);
  }

  private fireStatus(): void {
    this.eventEmitter.fire({ type: 'status', status: this.status() });
  }
}

function withoutUndefined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function toContract(pending: ReturnType<ApprovalQueue['pending']>[number]) {
  const { origin, ...rest } = pending;
  return {
    ...rest,
    arguments: { ...pending.arguments },
    // The agent chose its name and the tool's; the raw view of the arguments is what a person reads
    // when the summary could not put them into words.
    tool: inert(pending.tool, INERT_LIMITS.name),
    client: origin?.clientName === undefined ? undefined : inert(origin.clientName, INERT_LIMITS.name),
    argumentsText: inertJson(pending.arguments),
  };
}

