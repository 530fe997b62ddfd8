// What the packaging checks read: electron-builder.yml and electron-builder's own JSON schema, the
// production dependency tree (package-lock.json), and a built entry point's import graph (esbuild
// resolves it the way Node will, from the files on disk).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { build } from 'esbuild';
import { parse } from 'yaml';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);

export type BuilderConfig = Record<string, unknown>;

export function loadBuilderConfig(): BuilderConfig {
  return parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}

/** The installed electron-builder's version and its configuration schema (app-builder-lib/scheme.json). */
export function builderSchema(): { version: string; schema: object } {
  const version = (require('electron-builder/package.json') as { version: string }).version;
  const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
  return { version, schema };
}

/**
 * Validates as electron-builder does (its own ajv, allErrors) but stricter: ajv's strict mode
 * stays on, and types are not coerced (electron-builder turns a "true" string into true).
 * `typeof` is the one keyword of ajv-keywords the schema uses (on hooks that only a JS config can
 * set); electron-builder's validator ignores it, and so does this one.
 */
export function validateBuilderConfig(config: unknown): ErrorObject[] {
  const ajv = new Ajv({ allowUnionTypes: true, allErrors: true });
  ajv.addKeyword({ keyword: 'typeof', schemaType: 'string' });
  const validate = ajv.compile(builderSchema().schema);
  return validate(config) ? [] : (validate.errors ?? []);
}

interface BuilderInternals {
  getConfig(projectDir: string, configPath: string | null, fromOptions: unknown): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
}

/**
 * electron-builder's own reading of electron-builder.yml (defaults merged, `files` normalised) and
 * its own validation, as `electron-builder` runs them before it downloads anything. Internals of
 * app-builder-lib, pinned with electron-builder (an exact devDependency).
 */
export async function builderOwnCheck(change?: (config: BuilderConfig) => void): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as BuilderInternals;
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  const loaded = await getConfig(ROOT, null, null);
  change?.(loaded);
  await validateConfiguration(loaded, new DebugLogger(false));
  return loaded;
}

/** Every string in the config that names a file of this repository, with where it is. */
export function repoPaths(config: unknown, at = ''): Array<{ where: string; value: string }> {
  if (typeof config === 'string') return /^!?(build|dist|node_modules)(\/|$)/.test(config) ? [{ where: at, value: config }] : [];
  if (Array.isArray(config)) return config.flatMap((item, i) => repoPaths(item, `${at}[${i}]`));
  if (config && typeof config === 'object') return Object.entries(config).flatMap(([key, value]) => repoPaths(value, at ? `${at}.${key}` : key));
  return [];
}

/** The packages npm installs with `--omit=dev`, as folders relative to the root (node_modules/a/node_modules/b). */
export function productionPackages(): Set<string> {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean; link?: boolean }> };
  return new Set(Object.entries(lock.packages).filter(([path, entry]) => path.startsWith('node_modules/') && !entry.dev && !entry.devOptional).map(([path]) => path));
}

/** The package folder a file is in (the innermost node_modules/<name> or node_modules/@scope/<name>). */
export function packageOf(file: string): string | undefined {
  return /^((?:node_modules\/(?:@[^/]+\/)?[^/]+\/)*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
}

export interface ImportGraph {
  /** Every file reached from the entry, relative to the root, except through an allowed optional import. */
  files: string[];
  /** Imports left to the runtime (electron, Node's builtins). */
  external: string[];
  /** Each import followed: the importing file, what it wrote, the file it resolved to. */
  edges: Array<{ from: string; specifier: string; to: string }>;
}

/**
 * The files an entry point loads, resolved by esbuild from what is on disk (with Node's
 * conditions), followed from the entry. `optional` names imports the code guards with try/catch:
 * what they reach does not have to ship.
 */
export async function importGraph(entry: string, optional: ReadonlyMap<string, string> = new Map()): Promise<ImportGraph> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    outfile: join(ROOT, '.tmp', 'import-graph.js'),
    external: ['electron'],
    logLevel: 'silent',
  });
  const inputs = result.metafile.inputs;
  const external = new Set<string>();
  const edges: ImportGraph['edges'] = [];
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const edge of inputs[file]?.imports ?? []) {
      if (edge.path === '<runtime>') continue; // esbuild's own helpers, not a module
      // An optional require the package guards itself, whether it is installed (resolved) or not (external).
      const guardedIn = edge.original === undefined && !edge.external ? undefined : optional.get(edge.original ?? edge.path);
      if (guardedIn !== undefined && guardedIn === packageOf(file)) continue;
      if (edge.external) {
        external.add(edge.path);
        continue;
      }
      edges.push({ from: file, specifier: edge.original ?? edge.path, to: edge.path });
      if (seen.has(edge.path)) continue;
      seen.add(edge.path);
      queue.push(edge.path);
    }
  }
  return { files: [...seen].sort(), external: [...external].sort(), edges };
}

/** Files under a folder (recursively), relative to it. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

export function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}
