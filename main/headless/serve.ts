import { rmSync, writeFileSync } from 'node:fs';
import type { RetentionOptions } from '../gate/calllog/index.js';
import { createControlRoutes } from '../gate/control/http-api.js';
import { dataFiles, ensureDataDir } from '../gate/data-dir.js';
import type { GateApi } from '../../preload/api.js';
import { gateApiFor } from '../gate/gate-api.js';
import { environmentKeyStore } from '../gate/keys.js';
import { Gate } from '../gate/gate.js';
import { Gateway } from '../gate/gateway/server.js';
import { loadOrCreateToken } from '../gate/token.js';
import { AgentToken } from '../gate/agent-token.js';
import { createWebUi } from './ui-routes.js';
import { STARTUP_LINK_TTL_MS } from './ui-session.js';
import type { SpawnCommand } from '../paper/command.js';

export interface ServeOptions {
  dataDir: string;
  port: number;
  upstream: SpawnCommand;
  /** Added to the upstream's environment only. */
  upstreamEnv?: Record<string, string>;
  approvalTimeoutMs?: number;
  /** Call log retention; fields left undefined keep their defaults. */
  retention?: RetentionOptions;
  progressIntervalMs?: number;
  /** How long calls wait for the upstream to start (UpstreamOptions.startTimeoutMs, default 30 s). */
  upstreamStartTimeoutMs?: number;
  /** Per forwarded call (UpstreamOptions.callTimeoutMs, default 60 s). */
  upstreamCallTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface RunningGateway {
  gate: Gate;
  gateway: Gateway;
  /** The preload/api.ts contract on this gate, as the control API serves it. */
  api: GateApi;
  stop(): Promise<void>;
}

/** `kraken-gate serve`: the gate, its upstream, the agent endpoint and the control API, without Electron. */
export async function startHeadless(options: ServeOptions): Promise<RunningGateway> {
  const log = options.log ?? ((line: string) => console.log(line));
  const dataDir = ensureDataDir(options.dataDir);
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
    approvalTimeoutMs: options.approvalTimeoutMs,
    retention: options.retention,
    progressIntervalMs: options.progressIntervalMs,
  });
  const api = gateApiFor(gate, { keys: environmentKeyStore(options.upstreamEnv), agentToken });
  const webUi = createWebUi({ controlToken, port: () => gateway.port });
  const gateway = new Gateway({
    backend: gate,
    // Read on every request, so a token regenerated from Settings applies at once.
    get token() {
      return agentToken.current;
    },
    port: options.port,
    otherRoutes: webUi.routes(createControlRoutes({ api, token: controlToken, events: gate.onDidChange, authorize: webUi.authorize })),
  });
  try {
    await gateway.listen();
  } catch (error) {
    await gate.stop();
    throw error;
  }
  gate.endpoint = gateway.url;
  reportToConsole(gate, log);

  log(`Kraken Gate is listening on ${gateway.url}`);
  log(`  window: ${webUi.loginLink(STARTUP_LINK_TTL_MS)}  (one-time login link; kraken-gate open gives a fresh one)`);
  log(`  bearer token: ${dataFiles.gatewayToken(dataDir)}  (print it with: kraken-gate token)`);
  log(`  policy: ${dataFiles.policy(dataDir)}  (applied on save)`);
  if (gate.recoveredCalls) log(`  call log: ${gate.recoveredCalls} call(s) were cut off when Kraken Gate last stopped; recorded as such (kraken-gate log --text "stopped before")`);
  log(`  financial tools: ${gate.pause.paused ? 'PAUSED (kraken-gate resume)' : 'active'}`);
  log(`  upstream: ${[options.upstream.command, ...options.upstream.args].join(' ')}`);
  log(`  upstream stderr: ${dataFiles.upstreamLog(dataDir)}`);
  writeFileSync(dataFiles.runtime(dataDir), JSON.stringify({ pid: process.pid, port: gateway.port, url: gateway.url }), { mode: 0o600 });
  // The gateway answers at once; calls wait for the upstream to become ready.
  gate.start().catch((error: unknown) => log(`upstream: not ready yet: ${error instanceof Error ? error.message : String(error)}`));

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await gateway.close();
      await gate.stop();
      rmSync(dataFiles.runtime(dataDir), { force: true });
    })());
  return { gate, gateway, api, stop };
}

/** What a person running `serve` in a terminal wants to see happen. */
function reportToConsole(gate: Gate, log: (line: string) => void): void {
  let lastState = '';
  gate.onDidChangeUpstream((status) => {
    if (status.state === lastState) return;
    lastState = status.state;
    const detail = status.state === 'ready' ? `${status.tools} tools` : (status.lastError ?? '');
    log(`upstream: ${status.state}${detail ? ` (${detail})` : ''}`);
  });
  gate.onDidReloadPolicy((result) =>
    log(result.ok ? `policy: reloaded ${result.path}` : `policy: REFUSED the change to ${result.path}; the previous policy stays:\n  ${result.errors.join('\n  ')}`),
  );
  gate.onDidChangePins((changes) => {
    for (const change of changes.filter((c) => c.kind === 'changed')) {
      log(`tools: the upstream changed the definition of ${change.tool}; calls to it are blocked until you run: kraken-gate tools accept ${change.tool}`);
    }
  });
  gate.approvals.onDidAdd((pending) => log(`approval needed [${pending.id}]: ${pending.summary.headline}  (kraken-gate approve ${pending.id} | deny ${pending.id})`));
  gate.approvals.onDidDecide(({ approval, outcome }) => log(`[${approval.id}] ${outcome.decision} by ${outcome.by}${outcome.reason ? `: ${outcome.reason}` : ''}`));
}
