import { PortInUseError } from '../gate/gateway/server.js';
import { startHeadless, type ServeOptions } from '../headless/serve.js';
import { paperCommand } from '../paper/command.js';

export type ServeTuning = Pick<ServeOptions, 'approvalTimeoutMs' | 'retention'> & {
  /** Desktop notifications for held calls (`--notify`). */
  notify?: boolean;
};

/** `kraken-gate serve`: runs until SIGINT/SIGTERM; resolves undefined once listening, or 1 when it cannot start. */
export async function runServe(dataDir: string, port: number, upstreamArgv: string[], tuning: ServeTuning): Promise<number | undefined> {
  const [command, ...args] = upstreamArgv;
  const upstream = command ? { command, args } : paperCommand();
  const upstreamEnv = Object.fromEntries(
    ['KRAKEN_API_KEY', 'KRAKEN_API_SECRET'].flatMap((key) => (process.env[key] ? [[key, process.env[key]]] : [])),
  ) as Record<string, string>;
  // From here on only the upstream's environment holds the keys, not ours (nor future children's).
  delete process.env.KRAKEN_API_KEY;
  delete process.env.KRAKEN_API_SECRET;
  let running;
  try {
    const { notify, ...options } = tuning;
    running = await startHeadless({ dataDir, port, upstream, upstreamEnv, ...options });
    if (notify) {
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

export function parsePort(value: string | undefined): number {
  if (value === undefined) return 8787;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new Error(`--port must be a port number, not "${value}".`);
  return port;
}
