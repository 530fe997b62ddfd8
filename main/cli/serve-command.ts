import { PortInUseError } from '../gate/gateway/server.js';
import { startSettings } from '../gate/presence/baseline.js';
import { dataDirPresence } from '../gate/presence/presence.js';
import { exchangeOf, upstreamCommand } from '../gate/upstream/command.js';
import { startGateway, type StartGatewayOptions } from '../host/start-gateway.js';
import { cliCommandFor } from './cli-command.js';

/** What the command line gave; anything left out comes from settings.json (the Settings page's). */
export interface ServeFlags {
  port?: number;
  approvalTimeoutMs?: number;
  retention?: { maxAgeDays?: number; maxTotalBytes?: number };
  /** Desktop notifications for held calls (`--notify`). */
  notify?: boolean;
}

/** The options `serve` starts with: its flags first, then settings.json, then the defaults. */
export function serveOptions(dataDir: string, upstreamArgv: readonly string[], flags: ServeFlags): StartGatewayOptions {
  const [command, ...args] = upstreamArgv;
  // settings.json, except riskier hand edits nobody confirmed (kraken-gate rules diff shows them).
  // A command after -- is treated as a real exchange: its needs count for what a hand edit may change.
  const settings = startSettings(dataDir, dataDirPresence(dataDir), command ? 'unknown' : undefined);
  return {
    dataDir,
    port: flags.port ?? settings.port,
    upstream: command ? { command, args } : upstreamCommand(settings.upstream),
    // A command given after `--` could be anything: only a setting makes it paper. The gate names
    // it Kraken (live) once it answers as kraken-mcp (gate.exchange); either way, real money.
    exchange: command ? 'unknown' : exchangeOf(settings.upstream),
    approvalTimeoutMs: flags.approvalTimeoutMs ?? settings.approvalTimeoutSeconds * 1000,
    retention: {
      maxAgeDays: flags.retention?.maxAgeDays ?? settings.logKeepDays,
      maxTotalBytes: flags.retention?.maxTotalBytes ?? settings.logMaxMb * 1024 * 1024,
    },
    command: cliCommandFor(dataDir),
  };
}

/** `kraken-gate serve`: runs until SIGINT/SIGTERM; resolves undefined once listening, or 1 when it cannot start. */
export async function runServe(dataDir: string, upstreamArgv: string[], flags: ServeFlags): Promise<number | undefined> {
  const upstreamEnv = Object.fromEntries(
    ['KRAKEN_API_KEY', 'KRAKEN_API_SECRET'].flatMap((key) => (process.env[key] ? [[key, process.env[key]]] : [])),
  ) as Record<string, string>;
  // From here on only the upstream's environment holds the keys, not ours (nor future children's).
  delete process.env.KRAKEN_API_KEY;
  delete process.env.KRAKEN_API_SECRET;
  let running;
  try {
    running = await startGateway({ ...serveOptions(dataDir, upstreamArgv, flags), upstreamEnv });
    if (flags.notify) {
      const { attachNotifications } = await import('../notify/attach.js');
      const attached = await attachNotifications(running);
      const stop = running.stop;
      running = { ...running, stop: () => attached.dispose().then(stop) };
    }
  } catch (error) {
    if (error instanceof PortInUseError) {
      console.error(`kraken-gate: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const shutdown = (signal: string): void => {
    console.log(`\n${signal}: closing sessions and stopping the upstream…`);
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('kraken-gate: shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  return undefined;
}

/** --port: undefined when not given (settings.json's port, 8787 by default, then applies). */
export function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new Error(`--port must be a port number, not "${value}".`);
  return port;
}
