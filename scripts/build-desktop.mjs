// Builds the Electron main process and the preload into dist/desktop/ with esbuild.
// Why esbuild and not tsc: a sandboxed preload must be one CommonJS file (it can require nothing
// but 'electron'), while the package is ESM; esbuild bundles it (zod included) in one step and is
// already in the tree (tsx and vitest use it). Why not electron-vite: the renderer has its own
// Vite build, and two small bundles need no framework. npm packages stay external to the main
// bundle (node_modules ships with the app); our sources are bundled.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
// KG_DESKTOP_OUT: another folder (the build's test writes to a temporary one).
const out = process.env.KG_DESKTOP_OUT ?? `${root}dist/desktop`;
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [`${root}main/desktop/electron/main.ts`],
  outfile: `${out}/main.js`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
await build({
  entryPoints: [`${root}main/desktop/electron/preload.ts`],
  outfile: `${out}/preload.cjs`,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'chrome120',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'warning',
});
cpSync(`${root}main/desktop/fallback`, `${out}/fallback`, { recursive: true });
cpSync(`${root}build/tray`, `${out}/tray`, { recursive: true });
// The folder is an app Electron can start (`npm start` runs `electron dist/desktop`): main.js is ESM,
// and the name is the installed app's. The root package.json has no "main", so npm leaves this
// bundle out of the headless package; electron-builder.yml names the entry itself (extraMetadata).
const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const manifest = { name: 'kraken-gate', productName: 'Kraken Gate', version, private: true, type: 'module', main: 'main.js' };
writeFileSync(`${out}/package.json`, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`built ${out}: main.js, preload.cjs, package.json, fallback/, tray/`);
