import { rmSync, writeFileSync } from 'node:fs';
import type { Status } from '../../preload/api.js';
import type { RetentionOptions } from '../gate/calllog/index.js';
import { createControlRoutes } from '../gate/control/http-api.js';
import { dataFiles, ensureDataDir } from '../gate/data-dir.js';
import { gateApiFor } from '../gate/gate-api.js';
import { Gate, toContract } from '../gate/gate.js';
import { INERT_LIMITS, inert } from '../gate/inert.js';
import { Gateway } from '../gate/gateway/server.js';
import { loadOrCreateToken } from '../gate/token.js';
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
  stop(): Promise<void>;
}

/** `kraken-gate serve`: the gate, its upstream, the agent endpoint and the control API, without Electron. */
export async function startHeadless(options: ServeOptions): Promise<RunningGateway> {
  const log = options.log ?? ((line: string) => console.log(line));
  const dataDir = ensureDataDir(options.dataDir);
  const token = loadOrCreateToken(dataFiles.gatewayToken(dataDir));
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
  const gateway = new Gateway({
    backend: gate,
    token,
    port: options.port,
    otherRoutes: createControlRoutes({ api: gateApiFor(gate), token: controlToken, events: gate.onDidChange }),
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
  return { gate, gateway, stop };
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
  // The call log refuses calls rather than delete history: say so when it fills and when it no longer is.
  let logFull = false;
  const reportLog = (status: Status): void => {
    if (Boolean(status.callLogFull) === logFull) return;
    logFull = Boolean(status.callLogFull);
    log(status.callLogFull ? `call log: FULL — ${status.callLogFull.message}` : 'call log: below its size limit again; calls are accepted.');
  };
  reportLog(gate.status());
  gate.onDidChange((event) => event.type === 'status' && reportLog(event.status));
  gate.onDidReloadPolicy((result) =>
    log(result.ok ? `policy: reloaded ${result.path}` : `policy: REFUSED the change to ${result.path}; the previous policy stays:\n  ${result.errors.join('\n  ')}`),
  );
  // Names, headlines and reasons came from the agent or the upstream: printed only once inert.
  gate.onDidChangePins((changes) => {
    for (const change of changes.filter((c) => c.kind === 'changed')) {
      const tool = inert(change.tool, INERT_LIMITS.name);
      log(`tools: the upstream changed the definition of ${tool}; calls to it are blocked until you run: kraken-gate tools accept ${tool}`);
    }
  });
  gate.approvals.onDidAdd((held) => {
    const pending = toContract(held);
    log(`approval needed [${pending.id}] from ${pending.client ?? 'an agent'}: ${pending.summary.headline}  (kraken-gate approve ${pending.id} | deny ${pending.id})`);
  });
  gate.approvals.onDidDecide(({ approval, outcome }) => log(`[${approval.id}] ${outcome.decision} by ${outcome.by}${outcome.reason ? `: ${inert(outcome.reason)}` : ''}`));
}
