// Vitest global setup for the e2e project: the page under test is the built one (dist/renderer),
// so build it when any renderer source is newer than the build (or there is none).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

export default function setup(): void {
  const built = join(root, 'dist/renderer/index.html');
  const sources = Math.max(newest(join(root, 'renderer')), ...['preload', 'vite.config.ts'].map((p) => (statSync(join(root, p)).isDirectory() ? newest(join(root, p)) : statSync(join(root, p)).mtimeMs)));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}
