import { fileURLToPath } from 'node:url';

export interface SpawnCommand {
  command: string;
  args: string[];
}

/**
 * How to start the built-in paper exchange as a child process. Run from the built `dist/` it is
 * plain Node; run from TypeScript sources (tests, `tsx`) the child needs the same loader.
 */
export function paperCommand(): SpawnCommand {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(fromSource ? '../cli/index.ts' : '../cli/index.js', import.meta.url));
  return { command: process.execPath, args: [...(fromSource ? ['--import', 'tsx'] : []), entry, 'paper'] };
}
