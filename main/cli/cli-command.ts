import { existsSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shellQuote } from '../clients/index.js';
import { resolveDataDir } from '../gate/state/data-dir.js';
import type { CliCommand } from '../host/console-report.js';

/** The built CLI of this install, whether this module runs from the sources (tsx) or from dist/. */
export function installedCliPath(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  return fileURLToPath(new URL(fromSource ? '../../dist/main/cli/index.js' : './index.js', import.meta.url));
}

/**
 * `kraken-gate` on this PATH is this install: `npm link` or `npm install -g` put a symlink to
 * its dist/main/cli/index.js there (a `.cmd` shim on Windows, which cannot be followed, so any
 * shim counts).
 */
export function cliIsOnPath(env: NodeJS.ProcessEnv = process.env, self: string = installedCliPath()): boolean {
  const target = realpathOrUndefined(self);
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    if (process.platform === 'win32') {
      if (existsSync(join(dir, 'kraken-gate.cmd'))) return true;
      continue;
    }
    const found = realpathOrUndefined(join(dir, 'kraken-gate'));
    if (found !== undefined && found === target) return true;
  }
  return false;
}

let onPath: boolean | undefined;

/**
 * What a person types to run `kraken-gate ARGS…`: the bare name once it is on their PATH (npm
 * link / a global install), else `npx kraken-gate …`, which works inside this repository (a
 * user who ran `npm run serve` has no `kraken-gate` command). For the lines `serve` prints.
 */
export function cliCommand(...args: string[]): string {
  onPath ??= cliIsOnPath();
  return formatCliCommand(onPath, args);
}

/**
 * cliCommand for the commands a hint suggests about one data dir: with `--data-dir DIR` unless a
 * bare command in this environment finds that dir anyway, so a hint copied as printed works.
 */
export function cliCommandFor(dataDir: string, env: NodeJS.ProcessEnv = process.env): CliCommand {
  const flag = dataDir === resolveDataDir(undefined, env) ? [] : ['--data-dir', dataDir];
  return (...args) => cliCommand(...args, ...flag);
}

export function formatCliCommand(onPath: boolean, args: readonly string[]): string {
  return [onPath ? 'kraken-gate' : 'npx kraken-gate', ...args.map(shellQuote)].join(' ');
}

function realpathOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}
