// `npm start` launches the desktop app. Electron 42+ fetches its binary on first launch, which
// fails on machines without access to Electron's download host; say so plainly instead of
// printing a fetch stack trace, and point to the headless gateway that needs no binary.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
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
fail('the desktop shell is not part of this build yet; the gateway runs headless.');

function fail(why) {
  console.error(`kraken-gate: cannot start the desktop app: ${why}\n  Headless gateway: npm run serve`);
  process.exit(1);
}
