// `npm run serve` (and `paper`, and `prepare`) build first, but only what changed since the last
// build: a full `tsc` takes 5–15 s here and the renderer's Vite build a few more, checking file
// times takes milliseconds. `npm run build` always builds both. Usage: node scripts/build-if-stale.mjs [ROOT]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url)));
const require = createRequire(import.meta.url);
const settings = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

const targets = [
  {
    what: 'the gateway',
    // tsc rewrites every output on each build, so the entry point's time is the last build's.
    output: join(root, 'dist', 'main', 'cli', 'index.js'),
    inputs: { dirs: ['main', 'preload'], extensions: ['.ts'], files: settings },
    command: () => [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
  },
  {
    what: 'the window',
    // A checkout without the window's sources (or a project of the same layout) has none to build.
    present: () => mtime(join(root, 'renderer', 'index.html')) !== undefined,
    output: join(root, 'dist', 'renderer', 'index.html'),
    inputs: { dirs: ['renderer', 'preload'], extensions: ['.ts', '.tsx', '.css', '.html', '.svg'], files: [...settings, 'vite.config.ts'] },
    command: () => [join(dirnameOf(require.resolve('vite/package.json')), 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
  },
];

for (const target of targets) {
  if (target.present && !target.present()) continue;
  const built = mtime(target.output);
  if (built !== undefined && newestInput(target.inputs) <= built) continue;
  console.error(`kraken-gate: building ${target.what} (${built === undefined ? 'first run' : 'sources changed since the last build'})…`);
  const run = spawnSync(process.execPath, target.command(), { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

/** The newest time among the sources, their folders (a deleted file changes its folder's) and the build settings. */
function newestInput({ dirs, extensions, files }) {
  let newest = 0;
  for (const file of files) newest = Math.max(newest, mtime(join(root, file)) ?? 0);
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
      else if (extensions.some((ext) => entry.name.endsWith(ext))) newest = Math.max(newest, mtime(path) ?? 0);
    }
  };
  for (const dir of dirs) walk(join(root, dir));
  return newest;
}

function dirnameOf(path) {
  return path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')));
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}
