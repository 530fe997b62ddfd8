// main/gate/: the core, plain Node. The root holds the Gate (this file: everything composed, with a
// typed event stream), one call's pipeline and their vocabulary (types, events, catalog, placement);
// the folders hold one concern each and import down, never up (eslint.config.js holds the map).
import { SurfaceSchema, type Exchange, type GateEvent, type LogRecord, type PhoneStatus, type RefusedAttempt, type Settings, type Status } from '../../preload/api.js';
import { ApprovalQueue, DEFAULT_APPROVAL_TIMEOUT_MS, pendingForHumans } from './approvals/index.js';
import { CALL_LOG_FULL_RULE, CallLogStore, DEFAULT_RETENTION, InflightJournal, callLogFullReason, callLogFullWarning, type CallRecord, type RetentionOptions } from './calllog/index.js';
import { pauseStops } from './catalog.js';
import { humanActionRecord, type HumanAction } from './calllog/human-action.js';
import { effectiveSettings, readBaseline, stateOf, type Baseline } from './presence/baseline.js';
import type { Channel, Proof, Requirement } from './presence/caller.js';
import { guardedSettings, writeConfirmed, type GuardedSettings } from './presence/confirmed.js';
import { dataDirPresence, type Presence } from './presence/presence.js';
import { changeRequirement, requirementFor } from './presence/settings-risk.js';
import { DailyNotional } from './state/daily-notional.js';
import { dataFiles, ensureDataDir } from './state/data-dir.js';
import { Emitter } from './events.js';
import { INERT_LIMITS, inert } from './text/inert.js';
import type { GatewayBackend } from './gateway/backend.js';
import { MarketReader } from './upstream/market-data.js';
import { HeldPricing } from './held-pricing.js';
import { PauseSwitch } from './state/pause.js';
import { agentPauseReason, AgentPauses, pausedAgentView } from './state/agent-pauses.js';
import { SecretMask, secretEnvValues } from './text/secret-mask.js';
import { hashArguments } from './text/canonical-json.js';
import { refusal, runToolCall, type HumanDecision, type PipelineSteps, type Refusal, type Ruling } from './pipeline.js';
import { PolicyFile } from './state/policy-file.js';
import { SettingsStore } from './state/settings.js';
import { dailyCapReason, evaluatePolicy, formatMoney, isRealOrder, loosenings, policyNeedsMarket, RateLimiter, visibleTools, type CompiledPolicy, type LimitHit, type MarketFacts, type ValuedOrder, type Verdict } from './policy/index.js';
import { toLogRecord } from './calllog/view.js';
import { ToolPins, type PinChange } from './state/tool-pins.js';
import type { CallContext, CallOrigin, Decider, ToolCall, ToolDefinition, ToolResult } from './types.js';
import { UpstreamClient, type UpstreamOptions } from './upstream/client.js';
import { VERSION } from '../version.js';

const PAUSE_REASON = 'Financial tools are paused';
/** Where a market price came from, named for the exchange: a paper price must not read as Kraken's. */
const PRICE_SOURCE: Readonly<Record<Exchange, string>> = { paper: 'paper exchange ticker', kraken: 'Kraken ticker', unknown: 'upstream ticker' };
/** The rule id of a refusal by the financial pause, in the log. */
const PAUSE_RULE = 'pause';
/** The rule id of a refusal because a person paused the calling agent (Deny & pause agent). */
export const AGENT_PAUSE_RULE = 'agent-pause';

export interface GateOptions {
  dataDir: string;
  upstream: Omit<UpstreamOptions, 'stderrLogPath'>;
  /** What the upstream trades on (from its setting); 'unknown' when not said. */
  exchange?: Exchange;
  approvalTimeoutMs?: number;
  /** How often held orders are priced again while they wait (default 15 s). */
  repriceIntervalMs?: number;
  retention?: RetentionOptions;
  /** How often a held call tells the agent it is still waiting (MCP progress). */
  progressIntervalMs?: number;
  /** The presence secrets; presence.json in the data dir when not given (the desktop app passes its keychain's). */
  presence?: Presence;
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
  /** The host's phone channel (main/phone), when it runs one: its state is part of the status. */
  phoneStatus: (() => PhoneStatus) | undefined;

  private readonly steps: PipelineSteps;
  private readonly limiter: RateLimiter;
  /** The gate's own reads of pairs, prices and open orders, to value orders against the caps. */
  private readonly market: MarketReader;
  /** Held orders in words against the market, read again while they wait. */
  readonly pricing: HeldPricing;
  /** Names the upstream lists; undefined until its first tools/list (the policy then assumes kraken-mcp's). */
  private knownTools: ReadonlySet<string> | undefined;
  /** Calls between arrival and their record, so a shutdown can let them finish before the agents are cut off. */
  private readonly inflight = new Set<Promise<unknown>>();
  /** The last edit of policy.json, when it was refused; cleared by one that applies. */
  private policyRefused: Status['policyRefused'];
  /** The guarded settings a person last confirmed: the file's riskier changes beyond them are staged. */
  private confirmedSettings: GuardedSettings;
  /** Why the start could not stand on what the person confirmed (missing or altered record). */
  private confirmationProblem: string | undefined;
  /** Riskier actions refused for want of a proof, by action and surface, since the start. */
  private readonly refused = new Map<string, RefusedAttempt>();

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
    /** The proof a person is there, for riskier actions (presence/). */
    readonly presence: Presence,
    baseline: Baseline,
    /** Agents a person paused (Deny & pause agent): their financial calls are refused. */
    readonly agentPauses: AgentPauses,
  ) {
    this.confirmedSettings = baseline.settings;
    settings.setGuard((file) => effectiveSettings(file, this.confirmedSettings, this.exchange));
    if (this.requirement().required) this.confirmationProblem = baseline.problem;
    if (policy.startProblem) this.policyRefused = { at: new Date().toISOString(), errors: policy.startProblem };
    this.limiter = new RateLimiter(policy.current);
    this.market = new MarketReader(upstream, () => PRICE_SOURCE[this.exchange]);
    this.pricing = new HeldPricing({
      approvals,
      market: this.market,
      policy: () => this.policy.current,
      thresholds: () => this.settings.current.riskThresholds,
      exchange: () => this.exchange,
      ...(options.repriceIntervalMs !== undefined && { intervalMs: options.repriceIntervalMs }),
    });
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
    policy.onDidReload((result) => {
      this.policyRefused = result.ok ? undefined : { at: new Date().toISOString(), errors: result.errors };
      this.fireStatus();
    });
    upstream.onDidChangeState(() => this.fireStatus());
    pause.onDidChange(() => this.fireStatus());
    approvals.onDidAdd((pending) => {
      this.eventEmitter.fire({ type: 'pending-added', pending: toContract(pending) });
      this.fireStatus();
    });
    approvals.onDidUpdate((pending) => this.eventEmitter.fire({ type: 'pending-updated', pending: toContract(pending) }));
    approvals.onDidDecide(({ approval, outcome }) => {
      this.eventEmitter.fire({ type: 'pending-decided', id: approval.id, decision: outcome.decision, by: outcome.by });
      this.fireStatus();
    });
    log.onDidChangeFull(() => this.fireStatus());
    log.onDidAppend((record) => this.eventEmitter.fire(recordAppended(record)));
    policy.onDidReload((result) =>
      this.eventEmitter.fire({ type: 'policy-changed', ok: result.ok, errors: result.ok ? [] : result.errors, warnings: result.ok ? result.warnings : [] }),
    );
    // What is in force is what gets sealed: a restart stands on it, not on the files.
    policy.onDidReload((result) => result.ok && !result.staged && this.seal());
    // An edit on disk that would loosen the rules is logged where a person will look for it.
    policy.onDidReload((result) => {
      if (result.ok && result.staged) {
        void this.recordAction({ action: 'rules', channel: 'policy', refused: 'policy.json was edited to let more through: staged, not in force', detail: { loosenings: result.staged.loosenings, sha256: result.staged.hash } });
      }
    });
    pause.onDidChange(() => this.seal());
    agentPauses.onDidChange(() => {
      this.seal();
      this.fireStatus();
    });
    pins.onDidChange(() => this.seal());
    this.toolsEmitter.event(() => this.eventEmitter.fire({ type: 'tools-changed' }));
    this.steps = {
      // A full call log refuses every call (and records the refusal) rather than delete history.
      // (Measured again only while full: the common case costs no await.)
      evaluate: (call, context) => (log.full ? this.evaluateWhileFull(call, context.origin) : this.evaluate(call, context.origin)),
      askHuman: (call, ruling, context) => this.askHuman(call, ruling, context),
      forward: (call, context, options) => this.upstream.callTool(call.tool, call.arguments, { signal: context.signal, onProgress: context.onProgress, ...options }),
      record: (record) => this.log.append(record),
      journal,
    };
  }

  static async create(options: GateOptions): Promise<Gate> {
    const dir = ensureDataDir(options.dataDir);
    const presence = options.presence ?? dataDirPresence(dir);
    const settings = new SettingsStore(dir, VERSION);
    const baseline = readBaseline(presence, dataFiles.confirmed(dir), settings.fileSettings);
    const { confirmed } = baseline;
    const exchange = options.exchange ?? 'unknown';
    // Whether a person's proof is needed is the settings in force's to say (presence mode).
    const inForce = effectiveSettings(settings.fileSettings, baseline.settings, exchange).settings;
    const required = requirementFor(inForce.presence, exchange).required;
    const policy = new PolicyFile(dataFiles.policy(dir), {
      confirmedText: confirmed?.policyText,
      // Checked against the settings of the moment: presence may be turned on or off while running.
      loosenings: (before, after) => (requirementFor(settings.current.presence, exchange).required ? loosenings(before, after) : []),
    });
    const log = await CallLogStore.open(dataFiles.callLog(dir), {
      retention: { ...DEFAULT_RETENTION, ...withoutUndefined(options.retention) },
      secrets: new SecretMask(secretEnvValues(options.upstream.env)),
    });
    const { journal, recovered } = await InflightJournal.open(dataFiles.inflight(dir), log, dataFiles.callLog(dir));
    const gate = new Gate(
      options,
      new UpstreamClient({ ...options.upstream, stderrLogPath: dataFiles.upstreamLog(dir) }),
      policy,
      new ApprovalQueue({ timeoutMs: options.approvalTimeoutMs }),
      new PauseSwitch(dataFiles.pause(dir), required && confirmed?.paused === true),
      new ToolPins(dataFiles.toolPins(dir), required && baseline.source === 'sealed' ? confirmed?.pins : undefined),
      log,
      journal,
      recovered,
      new DailyNotional(dataFiles.dailyNotional(dir)),
      settings,
      presence,
      baseline,
      // A pause a person confirmed outlives an edit of the file where lifting it needs their proof.
      new AgentPauses(dataFiles.agentPauses(dir), required ? baseline.confirmed?.agentPauses : undefined),
    );
    // A first start trusts the files once; a start from a sealed record seals what it put in force.
    // A missing or altered record is sealed only by the next change in force, which is itself safe.
    if (baseline.source === 'first-start' || baseline.source === 'sealed' || !required) gate.seal();
    return gate;
  }

  /** Starts the upstream and watches policy.json; resolves once the upstream is ready. */
  start(): Promise<void> {
    this.policy.watch();
    return this.upstream.start();
  }

  /**
   * The first half of a stop, run while the agents are still connected: every held call is
   * recorded as withdrawn by the shutdown (the agent reads why), and calls already on their way
   * get up to `timeoutMs` to come back from the upstream and be recorded. Idempotent.
   */
  async drain(timeoutMs = 5000): Promise<void> {
    this.approvals.shutDown();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.inflight]), timeout]).finally(() => clearTimeout(timer));
  }

  async stop(): Promise<void> {
    this.policy.close();
    this.pricing.stop();
    await this.drain();
    await this.upstream.stop();
    await this.log.close();
    this.journal.close();
    this.daily.close();
  }

  get dataDir(): string {
    return this.options.dataDir;
  }

  /**
   * What the rules (the running ones, or a draft) decide for a call now, without holding,
   * forwarding or counting it: the Rules page's "Test a call".
   */
  async dryRun(call: ToolCall, policy: CompiledPolicy = this.policy.current): Promise<{ verdict: Verdict; market?: MarketFacts }> {
    const market = policyNeedsMarket(policy, call) ? await this.market.factsFor(call, policy.capCurrency) : undefined;
    // A draft has no calls counted yet; its own limiter still refuses a `max: 0` limit.
    const limiter = policy === this.policy.current ? this.limiter : new RateLimiter(policy);
    const verdict = this.evaluateNow(call, market, (tool) => limiter.peek(tool), policy);
    return { verdict, ...(market && { market }) };
  }

  status(): Status {
    const upstream = this.upstream.state;
    const log = this.log.usage;
    return {
      paused: this.pause.paused,
      pending: this.approvals.pending().length,
      upstream: { ...upstream, exchange: this.exchange, pid: upstream.pid ?? undefined },
      endpoint: this.endpoint,
      approvalTimeoutSeconds: (this.options.approvalTimeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS) / 1000,
      // Tool names come from the upstream: inert, like everything a surface prints.
      changedTools: [...this.pins.changedTools].map((name) => inert(name, INERT_LIMITS.name)),
      ...(log.full && { callLogFull: { bytes: log.bytes, limitBytes: log.limitBytes ?? log.bytes, message: callLogFullWarning(log, this.log.dir) } }),
      ...(this.policyRefused && { policyRefused: this.policyRefused }),
      ...this.presenceStatus(),
      ...(this.confirmationProblem && { confirmationProblem: this.confirmationProblem }),
      refusedAttempts: [...this.refused.values()],
      ...(this.phoneStatus && { phone: this.phoneStatus() }),
      ...this.pausedAgents(),
    };
  }

  private pausedAgents(): Pick<Status, 'pausedAgents'> {
    const active = this.agentPauses.active;
    return active.length ? { pausedAgents: active.map(pausedAgentView) } : {};
  }

  /** Real orders' worth today (UTC) against the daily cap, in the cap currency; `used` undefined when counted in another. */
  today(): { used: number | undefined; cap: number | undefined; currency: string } {
    const { dailyNotionalCap: cap, capCurrency: currency } = this.policy.current;
    return { used: this.daily.total(currency), cap, currency };
  }

  /** Tells every surface the status changed where the gate cannot see it (the phone went offline). */
  announceStatus(): void {
    this.fireStatus();
  }

  /**
   * What the upstream trades on: its setting's word; a command that answers as kraken-mcp does
   * (`serve -- python kraken-server.py`) is named Kraken (live). What an upstream says of itself
   * only ever picks between the two real-money names: nothing it says makes it paper.
   */
  get exchange(): Exchange {
    const set = this.options.exchange ?? 'unknown';
    return set === 'unknown' && this.upstream.answersAsKrakenMcp ? 'kraken' : set;
  }

  /** Whether riskier actions need a person's proof now, and why (the exchange, the presence setting). */
  requirement(): Requirement {
    return requirementFor(this.settings.current.presence, this.exchange);
  }

  /** What the files say that is not in force yet, waiting for a person. */
  stagedChanges(): Status['staged'] {
    return this.presenceStatus().staged;
  }

  /** Presence as the status shows it, from one read of the settings. */
  private presenceStatus(): Pick<Status, 'presence' | 'staged'> {
    const { settings, staged } = this.settings.inForce();
    const rules = this.policy.staged;
    return {
      presence: { ...requirementFor(settings.presence, this.exchange), mode: settings.presence, configured: this.presence.configured },
      staged: {
        ...(rules && { rules: { hash: rules.hash, at: rules.at, loosenings: rules.loosenings } }),
        ...(staged.length && { settings: { hash: settingsHash(this.settings.fileSettings), changes: staged } }),
      },
    };
  }

  /** The requirement for putting settings.json's riskier changes in force. */
  stagedSettingsRequirement(): Requirement {
    return changeRequirement(this.confirmedSettings, guardedSettings(this.settings.fileSettings), this.exchange);
  }

  /**
   * Puts settings.json's staged changes in force, when the file still is what the person reviewed
   * (`hash`). The caller has proven the person. False when the file changed since.
   */
  applyStagedSettings(hash: string): boolean {
    const file = this.settings.fileSettings;
    if (settingsHash(file) !== hash || this.settings.staged.length === 0) return false;
    this.confirmedSettings = guardedSettings(file);
    this.confirmationProblem = undefined;
    this.seal();
    this.fireStatus();
    return true;
  }

  /** Settings a surface just saved (proven where riskier): the file's values are the confirmed ones now. */
  confirmSettings(): void {
    this.confirmedSettings = guardedSettings(this.settings.fileSettings);
    this.seal();
  }

  setPaused(paused: boolean, by: Decider, proof?: Proof): Status {
    const was = this.pause.paused;
    this.pause.set(paused, by);
    // The pause also refuses calls already waiting for a human: nothing that moves money gets through.
    if (paused) this.approvals.cancelAll((p) => pauseStops(p.tool, p.arguments), PAUSE_REASON, by, PAUSE_RULE);
    // Logged without holding the switch up: the pause is in force (and on disk) already.
    if (was !== paused && isChannel(by)) void this.recordAction({ action: paused ? 'pause' : 'resume', channel: by, ...(proof && { proof }), detail: {} });
    if (!paused) this.confirmationProblem = undefined;
    return this.status();
  }

  /**
   * A person's action, in the call log beside the calls (audit); resolves once written. Never
   * rejects: the action stands (or was refused) either way, and a full call log says so itself.
   */
  async recordAction(action: HumanAction): Promise<void> {
    try {
      await this.log.append(humanActionRecord(action));
    } catch (error) {
      console.error(`call log: could not record ${action.action} from ${action.channel}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * A riskier action refused for want of a proof: logged, and counted for the window's warning
   * ("3 approvals without your code were refused from the command line").
   */
  noteRefused(action: string, channel: Channel, reason: string, detail: Record<string, unknown> = {}): Promise<void> {
    const key = `${action}|${channel}`;
    const before = this.refused.get(key);
    this.refused.set(key, { action, channel, count: (before?.count ?? 0) + 1, lastAt: new Date().toISOString(), reason });
    this.fireStatus();
    return this.recordAction({ action, channel, refused: reason, detail });
  }

  /**
   * Seals what is in force now as what the person confirmed. Every change in force passes a check
   * first (a proof where riskier), so the record never holds more than a person allowed.
   */
  seal(): void {
    try {
      const state = stateOf(this.policy.text, this.pause.paused, this.settings.current, this.pins.all, this.agentPauses.active);
      writeConfirmed(dataFiles.confirmed(this.dataDir), this.presence.sealKey(), state);
      this.presence.markSealed();
    } catch (error) {
      this.confirmationProblem = `Could not record what you confirmed (${error instanceof Error ? error.message : String(error)}); after a restart the safe defaults stand in for it.`;
    }
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
    const running = runToolCall(this.steps, call, context);
    this.inflight.add(running);
    try {
      return await running;
    } catch (error) {
      // The record could not be written: the agent must hear that something went wrong.
      return refusal(`Kraken Gate could not complete the call: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.inflight.delete(running);
    }
  }

  private async evaluateWhileFull(call: ToolCall, origin: CallOrigin): Promise<Ruling> {
    if (await this.log.stillFull()) return { action: 'deny', rule: CALL_LOG_FULL_RULE, reason: callLogFullReason(this.log.usage) };
    return this.evaluate(call, origin);
  }

  /** A promise only when the rules value the call against a cap first (most calls are judged without an await). */
  private evaluate(call: ToolCall, origin: CallOrigin): Ruling | Promise<Ruling> {
    // A paused agent's order is refused at once: not valued, not held, whatever the rules say of it.
    const paused = this.agentPaused(call, origin);
    if (paused) return { action: 'deny', ...paused };
    const policy = this.policy.current;
    if (policyNeedsMarket(policy, call)) return this.market.factsFor(call, policy.capCurrency).then((facts) => this.untilSent(this.rule(call, facts), call, origin));
    return this.untilSent(this.rule(call, undefined), call, origin);
  }

  /** The refusal of a call whose agent a person paused, when the call is one the pause stops (cancels and reads pass). */
  private agentPaused(call: ToolCall, origin: CallOrigin): Refusal | undefined {
    const paused = this.agentPauses.find(origin);
    return paused && pauseStops(call.tool, call.arguments) ? { rule: AGENT_PAUSE_RULE, reason: agentPauseReason(paused) } : undefined;
  }

  /** An agent paused while its call waited (held, approved, queued upstream) is refused at the last moment too. */
  private untilSent(ruling: Ruling, call: ToolCall, origin: CallOrigin): Ruling {
    const { beforeSend } = ruling;
    if (!beforeSend || !pauseStops(call.tool, call.arguments)) return ruling;
    return { ...ruling, beforeSend: () => beforeSend() ?? this.agentPaused(call, origin) };
  }

  private rule(call: ToolCall, market: MarketFacts | undefined): Ruling {
    // From the evaluation to the reservations below there is no await: the budget the policy saw
    // (rate limits, the daily total with every order already let through) is the one reserved.
    const verdict = this.evaluateNow(call, market, (tool) => this.limiter.peek(tool));
    if (verdict.action === 'deny') return verdict;
    // A call an allow_if let through takes a slot of that rule's cap too, with the tool's limits.
    const reserved = this.limiter.reserve(call.tool, Date.now(), verdict.allowance ? [verdict.allowance] : []);
    if (!reserved.ok) return { action: 'deny', rule: reserved.hit.rule, reason: 'Rate limit reached; try again later.' };
    const counted = (v: Verdict, args: unknown): ValuedOrder | undefined => (v.worth && isRealOrder(call.tool, args) && v.worth.charge > 0 ? v.worth : undefined);
    let worth = counted(verdict, call.arguments);
    // An order the rules let through takes its share of the daily cap now. A held one takes it when
    // a human approves (checked again then): until someone does, it is not an order, and must not
    // starve the ones the rules let through on their own.
    let share = verdict.action === 'allow' && worth ? this.daily.reserve(worth.charge, worth.currency) : undefined;
    return {
      ...verdict,
      ...(market && { market }),
      onApprove: (edited) => {
        if (edited) {
          // Approved with changes: the changed order meets the rules (caps, pairs, pause) as they
          // are now, and takes its own share of the daily cap. Its rate-limit slot is reserved already.
          const changed = { tool: call.tool, arguments: { ...edited } };
          const again = this.evaluateNow(changed, market, () => undefined);
          if (again.action === 'deny') return { rule: again.rule, reason: again.reason };
          worth = counted(again, changed.arguments);
        }
        if (worth === undefined) return undefined;
        const over = this.capRefusal(worth);
        if (over) return over;
        share = this.daily.reserve(worth.charge, worth.currency);
        return undefined;
      },
      undoApprove: () => {
        if (share) this.daily.release(share);
        share = undefined;
      },
      // The last word, inside the upstream's queue: an order that waited there (behind a slow
      // private call, or for a restart) meets the pause and the cap as they are now.
      beforeSend: () => {
        if (this.pause.paused && pauseStops(call.tool, call.arguments)) return { rule: PAUSE_RULE, reason: PAUSE_REASON };
        if (share && worth && !this.daily.charge(share, this.policy.current.dailyNotionalCap)) return this.capRefusal(worth, true);
        return undefined;
      },
      settle: (taken) => {
        if (taken) {
          this.limiter.commit(reserved.reservation);
          if (share) this.daily.charge(share);
        } else {
          this.limiter.release(reserved.reservation);
          if (share) this.daily.release(share);
        }
      },
    };
  }

  /** What the running rules say about a call now (pause, pins, today's total as it stands). */
  private evaluateNow(call: ToolCall, market: MarketFacts | undefined, limitCheck: (tool: string) => LimitHit | undefined, policy: CompiledPolicy = this.policy.current): Verdict {
    const today = this.daily.total(policy.capCurrency);
    return evaluatePolicy(policy, call, {
      paused: this.pause.paused,
      knownTools: this.knownTools,
      changedTools: this.pins.changedTools,
      limitCheck,
      allowanceCheck: (cap) => this.limiter.peekSpec(cap),
      ...(market && { market }),
      ...(today === undefined
        ? { notionalTodayProblem: `today's total of ${formatMoney(this.daily.charged())} ${this.daily.currency()} was counted before the caps changed to ${policy.capCurrency}` }
        : { notionalToday: today }),
    });
  }

  /**
   * The daily cap's refusal of an order worth `worth` now, if it does not fit; `chargedOnly` at
   * the last moment, when the order's own share is among the reserved ones.
   */
  private capRefusal(worth: ValuedOrder, chargedOnly = false): Refusal | undefined {
    const { dailyNotionalCap: cap, capCurrency } = this.policy.current;
    if (cap === undefined) return undefined;
    if (worth.currency !== capCurrency) {
      return { rule: 'daily_notional_cap', reason: `The daily notional cap now counts in ${capCurrency}; this order was valued in ${worth.currency} before the change. Ask for it again.` };
    }
    const used = chargedOnly ? (this.daily.charged() === 0 || this.daily.currency() === capCurrency ? this.daily.charged() : undefined) : this.daily.total(capCurrency);
    if (used === undefined) {
      return { rule: 'daily_notional_cap', reason: `Today's total was counted in ${this.daily.currency()} before the caps changed to ${capCurrency}; a person must approve each order until the UTC day ends.` };
    }
    return used + worth.charge <= cap ? undefined : { rule: 'daily_notional_cap', reason: dailyCapReason(cap, capCurrency, used, worth) };
  }

  private async askHuman(call: ToolCall, ruling: Ruling, context: CallContext): Promise<HumanDecision> {
    // The evaluation may already have read the market; a human deciding wants it either way: what
    // the order is worth, how far its limit is from the market, whether its trigger fires at once.
    const view = await this.pricing.view(call, ruling.market, ruling.worth);
    const held = this.approvals.hold({
      ...call,
      ...view,
      origin: { sessionId: context.origin.sessionId, clientName: context.origin.clientName },
      // The card names the rule as the editor and the log do: by its stable id too when it has one.
      rule: { id: ruling.rule, reason: ruling.reason, ...(ruling.ruleId && { ruleId: ruling.ruleId }) },
      signal: context.signal,
      onApprove: (edited) => ruling.onApprove?.(edited),
      onUndoApprove: () => ruling.undoApprove?.(),
    });
    const stopProgress = this.reportWaiting(held.id, context);
    try {
      // A call the pause refused while it waited comes back with the pause's rule (setPaused).
      return { ...(await held.outcome), approvalId: held.id };
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

function isChannel(by: Decider): by is Channel {
  return (SurfaceSchema.options as readonly string[]).includes(by);
}

/** What a person reviews before applying settings.json's staged changes. */
function settingsHash(settings: Settings): string {
  return hashArguments({ ...guardedSettings(settings) });
}

function withoutUndefined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A held call as surfaces get it: inert text, exact arguments (approvals/for-humans.ts). */
export const toContract = pendingForHumans;

/**
 * The event for a new record, its view made when first read: most listeners (the console report,
 * notifications) never look at it, and making every text inert costs more per call than the
 * policy. A getter, so serializers (JSON, Electron's structured clone) still copy the view.
 */
function recordAppended(record: CallRecord): GateEvent {
  let view: LogRecord | undefined;
  return {
    type: 'record-appended',
    get record(): LogRecord {
      return (view ??= toLogRecord(record));
    },
  };
}
