import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Spawns `kraken-gate ARGS…` from the repo's sources, as `npx tsx main/cli/index.ts` would. */
export function kg(...args: string[]): Promise<CliRun> {
  const env = { ...process.env };
  delete env.KRAKEN_GATE_DATA_DIR;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', ...args], { cwd: REPO, env }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}
