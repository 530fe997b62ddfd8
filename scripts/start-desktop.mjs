// `npm start` launches the desktop app. Electron 42+ fetches its binary on first launch, which
// fails on machines without access to Electron's download host; say so plainly instead of
// printing a fetch stack trace, and point to the headless gateway that needs no binary.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
let electronDir;
try {
  electronDir = dirname(require.resolve('electron/package.json'));
} catch {
  fail('the `electron` package is not installed (run `npm install`).');
}
const pathFile = join(electronDir, 'path.txt');
const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : undefined;
if (!binary || !existsSync(binary)) {
  fail(
    `the Electron binary is missing (${join(electronDir, 'dist')} is empty).\n` +
      '  Electron downloads it on first launch; this machine could not fetch it.\n' +
      '  Run `npx install-electron` where its download host is reachable, or use the headless gateway.',
  );
}

// The CLI (the paper exchange and `kraken-gate connect` run from it) and the desktop bundles.
for (const script of ['build', 'build:desktop']) {
  const built = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '-s', script], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) fail(`\`npm run ${script}\` failed.`);
}
// dist/desktop is the app folder (its package.json names main.js), as build-desktop.mjs writes it.
const child = spawn(binary, [join(root, 'dist', 'desktop'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));

function fail(why) {
  console.error(`kraken-gate: cannot start the desktop app: ${why}\n  Headless gateway: npm run serve`);
  process.exit(1);
}
