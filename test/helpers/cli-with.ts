import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { CliRun } from './cli.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** kg() (the CLI from the sources, spawned) with its environment changed, and optionally as another user. */
export function kgWith(args: string[], options: { env?: Record<string, string | undefined>; uid?: number } = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  // undefined: not set at all in the child.
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  delete env.KRAKEN_GATE_DATA_DIR;
  const ids = options.uid === undefined ? {} : { uid: options.uid, gid: options.uid };
  if (options.uid !== undefined) env.HOME = tmpdir();
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', ...args], { cwd: REPO, env, ...ids }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}
