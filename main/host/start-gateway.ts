import type { RetentionOptions } from '../gate/calllog/index.js';
import { createControlRoutes } from '../gate/control/http-api.js';
import { dataFiles, ensureDataDir } from '../gate/state/data-dir.js';
import type { Exchange } from '../../preload/api.js';
import { lockDataDir, type DataDirLock, type LockOwner } from '../gate/state/data-dir-lock.js';
import { gateApiFor, type GateApiFor } from '../gate/api/gate-api.js';
import type { Presence } from '../gate/presence/presence.js';
import { environmentKeyStore, type KeyStore } from '../gate/state/keys.js';
import { Gate } from '../gate/gate.js';
import { plainCliCommand, reportToConsole, type CliCommand } from './console-report.js';
import { Gateway, type SessionLimits } from '../gate/gateway/server.js';
import { readRuntimeFile, removeRuntimeIfOwned, writeRuntime } from '../gate/state/runtime-file.js';
import { loadOrCreateToken } from '../gate/state/token.js';
import { UpstreamError } from '../gate/upstream/errors.js';
import { AgentToken } from '../gate/state/agent-token.js';
import { inert } from '../gate/text/inert.js';
import { createWebUi } from '../headless/ui-routes.js';
import { STARTUP_LINK_TTL_MS } from '../headless/ui-session.js';
import type { InProcessServer } from '../gate/upstream/in-process.js';
import type { SpawnCommand } from '../paper/command.js';
import { PhoneChannel, type PhoneChannelOptions } from '../phone/channel.js';

export interface StartGatewayOptions {
  dataDir: string;
  port: number;
  /** A command to spawn, or (the desktop app's paper exchange) a server run in this process. */
  upstream: SpawnCommand & { inProcess?: InProcessServer };
  /** What the upstream trades on, from the setting that chose it; 'unknown' when not said (the gate may then name it kraken, never paper). */
  exchange?: Exchange;
  /** Added to the upstream's environment only. */
  upstreamEnv?: Record<string, string>;
  /** Where the contract's keys/setKeys/clearKeys go; the environment (read-only) when not given. The desktop app passes its keychain. */
  keyStore?: KeyStore;
  approvalTimeoutMs?: number;
  /** Call log retention; fields left undefined keep their defaults. */
  retention?: RetentionOptions;
  progressIntervalMs?: number;
  /** How long calls wait for the upstream to start (UpstreamOptions.startTimeoutMs, default 30 s). */
  upstreamStartTimeoutMs?: number;
  /** Per forwarded call (UpstreamOptions.callTimeoutMs, default 60 s). */
  upstreamCallTimeoutMs?: number;
  /** How many agent sessions, and for how long (defaults in SessionLimits). */
  sessions?: SessionLimits;
  log?: (line: string) => void;
  /** How the console's hints spell a CLI command (`npx kraken-gate …` from a repository checkout). */
  command?: CliCommand;
  /** The presence secrets (the desktop app's keychain); presence.json in the data dir when not given. */
  presence?: Presence;
  /** The desktop app: a first authenticator setup only from a click in its window. */
  setupNeedsClick?: boolean;
  /**
   * Print the window's one-time login link: only where a person reads it as it is printed (a
   * terminal), never into a log file or a service's journal. Default: when stdout is a terminal.
   */
  printLoginLink?: boolean;
  /** The phone channel's timing and client (tests: a Bot API stand-in); it runs whenever a bot is set up. */
  phone?: Omit<PhoneChannelOptions, 'store' | 'log'>;
}

export interface RunningGateway {
  gate: Gate;
  gateway: Gateway;
  /** The preload/api.ts contract on this gate for one caller (who asks is the transport's to say). */
  apiFor: GateApiFor;
  stop(): Promise<void>;
}

/**
 * The one composition both hosts start — `kraken-gate serve` (main/cli/serve-command.ts) and the
 * desktop app (main/desktop/app.ts): the gate, its upstream, the agent endpoint, the control API
 * and the window as a local web page, in plain Node. Throws, having changed nothing, when another Kraken Gate holds the data dir
 * (DataDirLockedError); throws when the upstream's command cannot be run (UpstreamError
 * 'cannot-start') or the port is taken (PortInUseError).
 */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const dataDir = ensureDataDir(options.dataDir);
  // First of all: a second instance must not touch the first one's log, journal or runtime.json.
  const lock = lockDataDir(dataFiles.lock(dataDir), (owner) => alreadyRunning(dataDir, owner, options.command ?? plainCliCommand));
  try {
    return await startLocked(options, dataDir, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function startLocked(options: StartGatewayOptions, dataDir: string, lock: DataDirLock): Promise<RunningGateway> {
  const log = options.log ?? ((line: string) => console.log(line));
  const command = options.command ?? plainCliCommand;
  const agentToken = new AgentToken(dataFiles.gatewayToken(dataDir));
  const controlToken = loadOrCreateToken(dataFiles.controlToken(dataDir));
  const gate = await Gate.create({
    dataDir,
    upstream: {
      ...options.upstream,
      env: options.upstreamEnv,
      startTimeoutMs: options.upstreamStartTimeoutMs,
      callTimeoutMs: options.upstreamCallTimeoutMs,
    },
    exchange: options.exchange,
    approvalTimeoutMs: options.approvalTimeoutMs,
    retention: options.retention,
    progressIntervalMs: options.progressIntervalMs,
    presence: options.presence,
  });
  // Approvals from the person's Telegram chat: beside the other surfaces, never in their way.
  const phone = new PhoneChannel({ ...options.phone, store: gate.presence, log });
  gate.phoneStatus = () => phone.status();
  const apiFor = gateApiFor(gate, { keys: options.keyStore ?? environmentKeyStore(options.upstreamEnv), agentToken, setupNeedsClick: options.setupNeedsClick, phone });
  // The upstream is started before the gateway listens, so a command that cannot be run at all
  // stops the start with that reason instead of a gateway whose calls wait for it in vain.
  gate.start().catch((error: unknown) => {
    // Not when it cannot start (the start fails with that reason) or was stopped (nothing to tell).
    if (error instanceof UpstreamError && error.code === 'cannot-start') return;
    if (gate.upstream.state.state !== 'stopped') log(`upstream: not ready yet: ${error instanceof Error ? error.message : String(error)}`);
  });
  const webUi = createWebUi({ controlToken, port: () => gateway.port });
  const gateway = new Gateway({
    backend: gate,
    // Read on every request, so a token regenerated from Settings applies at once.
    get token() {
      return agentToken.current;
    },
    controlToken,
    port: options.port,
    sessions: options.sessions,
    otherRoutes: webUi.routes(createControlRoutes({ apiFor, token: controlToken, events: gate.onDidChange, authorize: webUi.authorize })),
  });
  try {
    await gate.upstream.whenSpawned();
    // Its process runs; it cannot have answered initialize yet, so no state change is missed.
    reportToConsole(gate, log, command);
    await gateway.listen();
  } catch (error) {
    await gate.stop();
    throw error;
  }
  gate.endpoint = gateway.url;
  phone.attach({
    // A tap in the paired account's own Telegram is a person's: an agent on this computer cannot make one.
    api: apiFor({ channel: 'telegram', present: true }),
    events: gate.onDidChange,
    exchange: () => gate.exchange,
    today: () => gate.today(),
    record: (action) => gate.recordAction(action),
    announce: () => gate.announceStatus(),
  });

  log(`Kraken Gate is listening on ${gateway.url}`);
  if (options.printLoginLink ?? process.stdout.isTTY === true) log(`  window: ${webUi.loginLink(STARTUP_LINK_TTL_MS)}  (one-time login link for 10 minutes; ${command('open')} gives a fresh one)`);
  else log(`  window: ${command('open')} opens it (a login link is never written to a log)`);
  const presence = gate.status().presence;
  log(`  presence: ${presence.required ? `required for approvals, resume and looser rules (${presence.why})` : `not required (${presence.why})`}${presence.required && !presence.configured ? ` — no authenticator yet: ${command('presence', 'setup')}` : ''}`);
  const problem = gate.status().confirmationProblem;
  if (problem) log(`  CONFIRMATION: ${problem}`);
  log(`  bearer token: ${dataFiles.gatewayToken(dataDir)}  (print it with: ${command('token')})`);
  log(`  policy: ${dataFiles.policy(dataDir)}  (applied on save)`);
  const { startProblem, startFallback } = gate.policy;
  if (startProblem) {
    const running = startFallback === 'confirmed' ? 'the last rules you confirmed run' : 'the shipped rules run (a first start: there are no earlier ones)';
    log(`  policy: REFUSED ${dataFiles.policy(dataDir)}: ${running} until you save a valid edit (${command('status')} says so meanwhile):`);
    for (const error of startProblem) log(`    ${inert(error)}`);
  }
  if (gate.recoveredCalls) log(`  call log: ${gate.recoveredCalls} call(s) were cut off when Kraken Gate last stopped; recorded as such (${command('log', '--text', 'stopped before')})`);
  log(`  financial tools: ${gate.pause.paused ? `PAUSED (${command('resume')})` : 'active'}`);
  log(`  upstream: ${[options.upstream.command, ...options.upstream.args].join(' ')}`);
  log(`  upstream stderr: ${dataFiles.upstreamLog(dataDir)}`);
  writeRuntime(dataDir, { pid: process.pid, port: gateway.port, url: gateway.url, nonce: lock.nonce });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      try {
        // The phone's receipts for the calls drain() withdraws are not waited for: Telegram may be slow.
        await phone.stop();
        // Held calls are answered and recorded as a shutdown while their agents are still
        // connected; closing the sessions first would log them as withdrawn by the agents.
        await gate.drain();
        await gateway.close();
        await gate.stop();
      } finally {
        removeRuntimeIfOwned(dataDir, lock.nonce);
        lock.release();
      }
    })());
  return { gate, gateway, apiFor, stop };
}

/** The one line a second `serve` on the same data dir exits with. */
function alreadyRunning(dataDir: string, owner: LockOwner, command: CliCommand): string {
  const runtime = readRuntimeFile(dataDir);
  const where = runtime?.pid === owner.pid ? `pid ${owner.pid}, port ${runtime.port}` : `pid ${owner.pid}, still starting`;
  return (
    `Kraken Gate is already running (${where}) on ${dataDir}. Use it (${command('status')}), or stop it first; ` +
    `a second gateway needs its own --data-dir. (If pid ${owner.pid} is not Kraken Gate, delete ${dataFiles.lock(dataDir)}.)`
  );
}
