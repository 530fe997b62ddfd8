import { rmSync, writeFileSync } from 'node:fs';
import { dataFiles, ensureDataDir } from '../gate/data-dir.js';
import { Gate } from '../gate/gate.js';
import { Gateway } from '../gate/gateway/server.js';
import { loadOrCreateToken } from '../gate/token.js';
import type { SpawnCommand } from '../paper/command.js';

export interface ServeOptions {
  dataDir: string;
  port: number;
  upstream: SpawnCommand;
  /** Added to the upstream's environment only. */
  upstreamEnv?: Record<string, string>;
  log?: (line: string) => void;
}

export interface RunningGateway {
  gate: Gate;
  gateway: Gateway;
  stop(): Promise<void>;
}

/** `kraken-gate serve`: the gate, its upstream and the agent-facing endpoint, without Electron. */
export async function startHeadless(options: ServeOptions): Promise<RunningGateway> {
  const log = options.log ?? ((line: string) => console.log(line));
  const dataDir = ensureDataDir(options.dataDir);
  const token = loadOrCreateToken(dataFiles.gatewayToken(dataDir));
  const gate = new Gate({
    upstream: { ...options.upstream, env: options.upstreamEnv, stderrLogPath: dataFiles.upstreamLog(dataDir) },
  });
  const gateway = new Gateway({ backend: gate, token, port: options.port });
  await gateway.listen();

  let lastState = '';
  gate.onDidChangeUpstream((status) => {
    if (status.state === lastState) return;
    lastState = status.state;
    const detail = status.state === 'ready' ? `${status.tools} tools` : status.lastError ?? '';
    log(`upstream: ${status.state}${detail ? ` (${detail})` : ''}`);
  });
  log(`Kraken Gate is listening on ${gateway.url}`);
  log(`  bearer token: ${dataFiles.gatewayToken(dataDir)}  (print it with: kraken-gate token)`);
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
