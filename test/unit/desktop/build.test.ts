// The bundles Electron loads: a sandboxed preload can require nothing but 'electron', so it must be
// one CommonJS file; the main bundle is ESM with npm packages left to node_modules.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('npm run build:desktop', () => {
  const out = mkdtempSync(join(tmpdir(), 'kraken-gate-desktop-build-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes a CommonJS preload that requires only electron, an ESM main, the minimal page and the tray icons', async () => {
    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, ['scripts/build-desktop.mjs'], { cwd: root, env: { ...process.env, KG_DESKTOP_OUT: out } }, (error) => (error ? reject(error) : resolve())),
    );
    const preload = readFileSync(join(out, 'preload.cjs'), 'utf8');
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(preload).not.toMatch(/^import |\bimport\(/m);
    expect(preload).toContain('exposeInMainWorld(\n  "gate"');
    const main = readFileSync(join(out, 'main.js'), 'utf8');
    expect(main).toMatch(/^import .* from "electron";$/m);
    for (const file of ['fallback/index.html', 'fallback/fallback.js', 'tray/pending.png', 'tray/activeTemplate.png']) expect(existsSync(join(out, file)), file).toBe(true);
  });
});
