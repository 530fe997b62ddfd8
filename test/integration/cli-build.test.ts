// `npm run serve` builds first, but only when a source changed since the last build
// (scripts/build-if-stale.mjs), run here on a small project of the same layout.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../scripts/build-if-stale.mjs', import.meta.url));

function buildIfStale(root: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, root], (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }));
  });
}

describe('build only when stale', () => {
  let root: string;
  const entry = () => join(root, 'dist', 'main', 'cli', 'index.js');
  const builtAt = () => statSync(entry()).mtimeMs;
  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
  const inputs = () => ['main', 'main/cli', 'main/cli/index.ts', 'preload', 'preload/api.ts', 'tsconfig.json', 'tsconfig.build.json'].map((p) => join(root, p));
  /** The last build an hour ago, and `path` changed half an hour ago: after it. */
  const changedSinceBuild = (path: string) => {
    utimesSync(entry(), ago(60), ago(60));
    utimesSync(path, ago(30), ago(30));
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'kg-build-'));
    mkdirSync(join(root, 'main', 'cli'), { recursive: true });
    mkdirSync(join(root, 'preload'));
    writeFileSync(join(root, 'main', 'cli', 'index.ts'), 'export const version: string = "1";\n');
    writeFileSync(join(root, 'preload', 'api.ts'), 'export const api = 1;\n');
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', outDir: 'dist', rootDir: '.', skipLibCheck: true, types: [] } }));
    writeFileSync(join(root, 'tsconfig.build.json'), JSON.stringify({ extends: './tsconfig.json', include: ['main/**/*.ts', 'preload/**/*.ts'] }));
    // Every input written long ago, so only what a step touches is newer than a build.
    for (const path of inputs()) utimesSync(path, ago(120), ago(120));
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  // Four real tsc runs of a small project: a few seconds each on a loaded machine.
  it('builds the first time, then not again until a source, a folder or the build settings change', { timeout: 120_000 }, async () => {
    const first = await buildIfStale(root);
    expect(first).toEqual({ code: 0, stderr: 'kraken-gate: building the gateway (first run)…\n' });
    const built = builtAt();

    // Nothing changed: no build, no output, the build output untouched.
    expect(await buildIfStale(root)).toEqual({ code: 0, stderr: '' });
    expect(builtAt()).toBe(built);

    // An edited source builds again, and only once.
    changedSinceBuild(join(root, 'main', 'cli', 'index.ts'));
    expect(await buildIfStale(root)).toEqual({ code: 0, stderr: 'kraken-gate: building the gateway (sources changed since the last build)…\n' });
    expect(builtAt()).toBeGreaterThan(Date.now() - 60_000);
    const rebuilt = builtAt();
    expect(await buildIfStale(root)).toEqual({ code: 0, stderr: '' });
    expect(builtAt()).toBe(rebuilt);

    // A file added or removed changes its folder's time; so do the build settings.
    changedSinceBuild(join(root, 'preload'));
    expect((await buildIfStale(root)).stderr).toMatch(/building/);
    changedSinceBuild(join(root, 'tsconfig.build.json'));
    expect((await buildIfStale(root)).stderr).toMatch(/building/);
    expect(await buildIfStale(root)).toEqual({ code: 0, stderr: '' });
  });
});
