// `npm run serve` (and `paper`, and `prepare`) build first, but only when a source changed since
// the last build: a full `tsc` takes 5–15 s here, checking file times takes milliseconds.
// `npm run build` always builds. Usage: node scripts/build-if-stale.mjs [ROOT]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url)));
// tsc rewrites every output on each build, so the entry point's time is the last build's.
const output = join(root, 'dist', 'main', 'cli', 'index.js');

const built = mtime(output);
if (built !== undefined && newestInput() <= built) process.exit(0);

console.error(built === undefined ? 'kraken-gate: building (first run)…' : 'kraken-gate: sources changed since the last build; building…');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);

/** The newest time among the sources, their folders (a deleted file changes its folder's) and the build settings. */
function newestInput() {
  let newest = 0;
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'package.json']) newest = Math.max(newest, mtime(join(root, file)) ?? 0);
  const walk = (dir) => {
    newest = Math.max(newest, mtime(dir) ?? 0);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, mtime(path) ?? 0);
    }
  };
  walk(join(root, 'main'));
  walk(join(root, 'preload'));
  return newest;
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}
