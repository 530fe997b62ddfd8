// main/gate/state/: everything Kraken Gate keeps in its data dir, one file per kind of state (what
// file, its format, its lock). May import the core's vocabulary (types, events), policy/ and text/.
import { chmodSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import envPaths from 'env-paths';

/**
 * Where Kraken Gate keeps its tokens, policy, pause state and call log: the OS convention
 * (~/.config/kraken-gate on Linux, ~/Library/Preferences/kraken-gate on macOS, %APPDATA% on
 * Windows), unless --data-dir or KRAKEN_GATE_DATA_DIR says otherwise.
 */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  // Absolute: it is written into client configs and hints that run from another directory.
  return resolve(flag ?? env.KRAKEN_GATE_DATA_DIR ?? envPaths('kraken-gate', { suffix: '' }).config);
}

/** Creates the directory readable by its owner only: it holds the tokens. */
export function ensureDataDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(dir, 0o700);
  return dir;
}

export const dataFiles = {
  gatewayToken: (dir: string) => join(dir, 'gateway-token'),
  controlToken: (dir: string) => join(dir, 'control-token'),
  policy: (dir: string) => join(dir, 'policy.json'),
  pause: (dir: string) => join(dir, 'pause.json'),
  agentPauses: (dir: string) => join(dir, 'agent-pauses.json'),
  toolPins: (dir: string) => join(dir, 'tool-pins.json'),
  toolHistory: (dir: string) => join(dir, 'tool-definitions.json'),
  dailyNotional: (dir: string) => join(dir, 'daily-notional.json'),
  upstreamLog: (dir: string) => join(dir, 'logs', 'upstream.log'),
  callLog: (dir: string) => join(dir, 'calls'),
  inflight: (dir: string) => join(dir, 'inflight.jsonl'),
  runtime: (dir: string) => join(dir, 'runtime.json'),
  lock: (dir: string) => join(dir, 'kraken-gate.lock'),
  /** The headless gateway's presence vault (the desktop app keeps its in the OS keychain). */
  presence: (dir: string) => join(dir, 'presence.json'),
  presenceAttempts: (dir: string) => join(dir, 'presence-attempts.json'),
  confirmed: (dir: string) => join(dir, 'confirmed.json'),
};
