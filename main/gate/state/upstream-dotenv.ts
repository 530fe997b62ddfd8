// The upstream's own .env: kraken-mcp calls python-dotenv's load_dotenv(), which reads the first
// .env found from its script's folder up to the root and fills in only the variables its
// environment lacks. Read here for the names it sets, never the values, so `keys status` and
// Settings can say where the keys the upstream will use come from.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { UpstreamDotEnv } from '../../../preload/api.js';
import { KEY_ENV } from './keys.js';

/** A .env larger than this is not a key file; only its start is read. */
const MAX_BYTES = 64 * 1024;

export interface UpstreamLaunch {
  command: string;
  args: readonly string[];
  cwd?: string;
  inProcess: boolean;
}

/** The Python script an upstream command runs (`python kraken-server.py`, `fastmcp run kraken-server.py:mcp`), resolved. */
export function upstreamScript(launch: UpstreamLaunch): string | undefined {
  if (launch.inProcess) return undefined;
  const script = [launch.command, ...launch.args].map((word) => word.replace(/:[A-Za-z_][\w.]*$/, '')).find((word) => word.endsWith('.py'));
  return script === undefined ? undefined : resolve(launch.cwd ?? process.cwd(), script);
}

/**
 * The .env the upstream's script would load, and which of the two key names it sets to something
 * not empty; undefined when the upstream runs no Python script. When there is none, `path` is
 * where one beside the script would be.
 */
export function upstreamDotEnv(launch: UpstreamLaunch): UpstreamDotEnv | undefined {
  const script = upstreamScript(launch);
  if (script === undefined) return undefined;
  const path = findDotEnv(dirname(script));
  if (path === undefined) return { path: join(dirname(script), '.env'), found: false, names: [] };
  let text: string;
  try {
    text = readStart(path);
  } catch (error) {
    return { path, found: true, names: [], unreadable: (error as NodeJS.ErrnoException).code ?? 'unreadable' };
  }
  const set = dotEnvNamesSet(text);
  return { path, found: true, names: [KEY_ENV.apiKey, KEY_ENV.apiSecret].filter((name) => set.has(name)) };
}

function findDotEnv(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, '.env');
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // none here: look one folder up, as python-dotenv does
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function readStart(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(MAX_BYTES);
    return buffer.toString('utf8', 0, readSync(fd, buffer, 0, MAX_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

/** The names a .env gives a value that is not empty (python-dotenv's syntax: export, quotes, # comments). */
export function dotEnvNamesSet(text: string): Set<string> {
  const values = new Map<string, boolean>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, name, raw] = match as unknown as [string, string, string];
    const quote = raw[0];
    const value = quote === '"' || quote === "'" ? raw.slice(1, raw.indexOf(quote, 1) === -1 ? undefined : raw.indexOf(quote, 1)) : raw.replace(/\s+#.*$/, '').trim();
    values.set(name, value.length > 0);
  }
  return new Set([...values].filter(([, set]) => set).map(([name]) => name));
}
