// The headless gateway as an npm package (`npx kraken-gate serve`): what `npm pack` puts in the
// tarball, and the tarball installed into an empty folder the way a user gets it (its
// dependencies from the npm registry, the npm cache first), then `kraken-gate --help` and `serve`.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, importGraph } from './checks.js';

const run = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; private?: boolean; bin: Record<string, string>; dependencies: Record<string, string> };

interface PackEntry {
  path: string;
}

/** What `npm pack` would put in the tarball. Scripts off: `prepare` would rebuild dist/ under the other tests' feet. */
async function packedFiles(): Promise<string[]> {
  const { stdout } = await run(NPM, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  const [report] = JSON.parse(stdout) as Array<{ files: PackEntry[] }>;
  return report!.files.map((f) => f.path).sort();
}

describe('the npm package', () => {
  let files: string[];
  beforeAll(async () => {
    files = await packedFiles();
  }, 60_000);

  it('is publishable as kraken-gate, with its command', () => {
    expect(pkg.name).toBe('kraken-gate');
    expect(pkg.private).toBeUndefined();
    expect(pkg.bin).toEqual({ 'kraken-gate': 'dist/main/cli/index.js' });
  });

  it('holds the built gateway and CLI, the README and the licence; no sources, tests, desktop bundle, build resources or source maps', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/main/cli/index.js', 'dist/main/host/start-gateway.js', 'dist/main/paper/server.js', 'dist/preload/api.js']));
    const outside = files.filter((file) => !/^(package\.json|README\.md|LICENSE|dist\/(main|preload|renderer)\/.+\.(js|html|css|svg|png|woff2?|json))$/.test(file));
    expect(outside).toEqual([]);
    expect(files.filter((file) => /\.(ts|map)$/.test(file) || /^(renderer|test|main|scripts|build|docs|\.github)\//.test(file) || file.startsWith('dist/desktop/'))).toEqual([]);
    // The window, where this tree builds one: `serve` serves it (dist/renderer), its sources stay out.
    if (existsSync(join(ROOT, 'dist', 'renderer', 'index.html'))) expect(files).toContain('dist/renderer/index.html');
  });

  it('everything the CLI loads is in the tarball or a dependency of the package', async () => {
    const packed = new Set(files);
    const graph = await importGraph(pkg.bin['kraken-gate']!);
    const ours = graph.files.filter((file) => !file.startsWith('node_modules/'));
    expect(ours.filter((file) => !packed.has(file))).toEqual([]);
    expect(ours.length).toBeGreaterThan(50);
    // What our files import from node_modules is a dependency (not a devDependency) of the package.
    const imported = new Set(
      graph.edges
        .filter((edge) => !edge.from.startsWith('node_modules/') && edge.to.startsWith('node_modules/'))
        .map((edge) => edge.specifier.split('/').slice(0, edge.specifier.startsWith('@') ? 2 : 1).join('/')),
    );
    expect([...imported].filter((name) => !(name in pkg.dependencies))).toEqual([]);
    expect([...imported]).toEqual(expect.arrayContaining(['@modelcontextprotocol/sdk', 'commander', 'zod']));
  });
});

describe('the packed tarball, installed into an empty folder', () => {
  let work: string;
  let bin: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'kg-npm-package-'));
    const { stdout } = await run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    const [report] = JSON.parse(stdout) as Array<{ filename: string }>;
    const app = join(work, 'app');
    // A user's `npm install kraken-gate`: the tarball instead of the registry's copy, its dependencies
    // from the registry (the npm cache first, so this runs offline once `npm ci` has filled it).
    await run(NPM, ['install', '--prefix', app, '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', join(work, report!.filename)], {
      cwd: work,
      maxBuffer: 16 * 1024 * 1024,
    });
    bin = join(app, 'node_modules', '.bin', process.platform === 'win32' ? 'kraken-gate.cmd' : 'kraken-gate');
  }, 240_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('`kraken-gate --help` lists the commands', async () => {
    const { stdout } = await run(bin, ['--help']);
    expect(stdout).toMatch(/Usage: kraken-gate/);
    for (const command of ['serve', 'connect', 'status', 'approve', 'log']) expect(stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it('`kraken-gate serve` starts on a free port with a new data dir, answers an agent, and stops on SIGTERM', async () => {
    const dataDir = join(work, 'data');
    const child = spawn(bin, ['serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const ready = new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (output.includes('upstream: ready')) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => reject(new Error(`serve exited (${code}) before it was ready:\n${output}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await ready;
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(output)?.[1];
      expect(url, output).toBeDefined();
      const token = readFileSync(join(dataDir, 'gateway-token'), 'utf8').trim();
      const agent = new Client({ name: 'npm-package-test', version: '1.0.0' });
      await agent.connect(new StreamableHTTPClientTransport(new URL(url!), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
      expect((await agent.listTools()).tools).toHaveLength(17);
      await agent.close();
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
