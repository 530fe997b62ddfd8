// The `kraken-gate` command line itself, spawned as a person runs it: help per command, a typo
// answered with a suggestion, stray options and arguments refused in one line, `serve -- CMD…`
// handing everything after `--` to the upstream untouched, npm's swallowed options, and a data
// dir that cannot be written explained in words.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kg } from '../helpers/cli.js';
import { kgInProcess } from '../helpers/cli-in-process.js';
import { kgWith } from '../helpers/cli-with.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'kg-usage-'));
  chmodSync(work, 0o755); // the data dir tests run as another user, who must see inside
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('kraken-gate help', () => {
  it('gives each command its own help, with -h, --help or `help COMMAND`, and examples', async () => {
    // One real process; the rest in this process, where the same text comes out.
    const approve = await kg('approve', '--help');
    const approveShort = await kgInProcess('approve', '-h');
    const approveViaHelp = await kgInProcess('help', 'approve');
    const serve = await kgInProcess('serve', '--help');
    const global = await kgInProcess('--help');
    for (const run of [approve, approveShort, approveViaHelp, serve, global]) expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(approve.stdout).toMatch(/^Usage: kraken-gate approve \[options\] \[id\]\n/);
    expect(approve.stdout).toContain('Examples:\n  $ kraken-gate approve K7Q2M9XD');
    expect(approveShort.stdout).toBe(approve.stdout);
    expect(approveViaHelp.stdout).toBe(approve.stdout);
    expect(serve.stdout).toMatch(/^Usage: kraken-gate serve \[options\] \[-- UPSTREAM COMMAND\.\.\.\]\n/);
    expect(serve.stdout).toContain('--approval-timeout <duration>');
    expect(serve.stdout).toContain('$ kraken-gate serve -- ~/kraken-mcp/.venv/bin/python ~/kraken-mcp/kraken-server.py');
    expect(global.stdout).toMatch(/^Usage: kraken-gate \[options\] \[command\]\n/);
    expect(global.stdout).toMatch(/\n {2}approve \[options\] \[id\] +Let a held call through, or --all of them\.\n/);
    expect(global.stdout).not.toBe(approve.stdout);
  });

  it('prints the overview, and exits 0, when run with no command at all', async () => {
    const run = await kgInProcess();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: kraken-gate [options] [command]');
  });
});

describe('kraken-gate usage errors', () => {
  it('answers a mistyped command with one line and the nearest command', async () => {
    const typo = await kg('aprove', 'K7Q2M9XD');
    const other = await kgInProcess('pendign');
    expect(typo).toEqual({ code: 2, stdout: '', stderr: "kraken-gate: unknown command 'aprove'. Did you mean approve?\n" });
    expect(other).toEqual({ code: 2, stdout: '', stderr: "kraken-gate: unknown command 'pendign'. Did you mean pending?\n" });
  });

  it('refuses an unknown option, an extra argument or a missing one with one line, naming the help to read', async () => {
    const runs = [
      await kg('approve', 'K7Q2M9XD', '--frob'),
      await kgInProcess('pending', 'extra'),
      await kgInProcess('status', '--reason', 'why'),
      await kgInProcess('approve'),
      await kgInProcess('log', '--since'),
      await kgInProcess('deny', 'K7Q2M9XD', '--resaon', 'x'),
    ];
    const lines = runs.map((run) => {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.split('\n')).toHaveLength(2); // one line, then the final newline
      return run.stderr.trimEnd();
    });
    expect(lines).toEqual([
      "kraken-gate: unknown option '--frob' (see: kraken-gate approve --help)",
      "kraken-gate: too many arguments for 'pending'. Expected 0 arguments but got 1. (see: kraken-gate pending --help)",
      expect.stringMatching(/^kraken-gate: unknown option '--reason'[ .]/),
      "kraken-gate: missing required argument 'id' (see: kraken-gate approve --help)",
      "kraken-gate: option '--since <time>' argument missing (see: kraken-gate log --help)",
      "kraken-gate: unknown option '--resaon'. Did you mean --reason?",
    ]);
  });

  it('tells serve that an upstream command goes after --, and refuses -- on any other command', async () => {
    const serve = await kgInProcess('serve', 'python3', 'server.py');
    const status = await kgInProcess('status', '--', 'x');
    expect(serve.code).toBe(2);
    expect(serve.stderr).toBe(
      "kraken-gate: too many arguments for 'serve'. Expected 0 arguments but got 2. An upstream command goes after --: kraken-gate serve -- CMD ARGS… (see: kraken-gate serve --help)\n",
    );
    expect(status).toMatchObject({ code: 2, stderr: 'kraken-gate: -- and an upstream command go with serve only, not status. (see: kraken-gate status --help)\n' });
  });

  it('`npm run serve --port 8803` (npm keeps --port): says to put -- first, with the command that works, and starts nothing', async () => {
    const dataDir = join(work, 'npm');
    const run = await kgWith(['serve', '8803', '--data-dir', dataDir], { env: { npm_lifecycle_event: 'serve', npm_command: 'run', npm_config_port: 'true' } });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: "kraken-gate: npm kept --port for itself and did not pass it on. Put -- before kraken-gate's options:\n  npm run serve -- --port 8803\n",
    });
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('kraken-gate serve -- UPSTREAM', () => {
  it('hands everything after the first -- to the upstream as it is: its own --help, --port and a second --', async () => {
    const script = join(work, 'argv-upstream.mjs');
    const seen = join(work, 'argv.json');
    // Writes its arguments (whole: a new file renamed into place, so the test never reads it half
    // written), then stays up without a word (it is not an MCP server).
    writeFileSync(
      script,
      "import { renameSync, writeFileSync } from 'node:fs';\nwriteFileSync(`${process.argv[2]}.tmp`, JSON.stringify(process.argv.slice(3)));\nrenameSync(`${process.argv[2]}.tmp`, process.argv[2]);\nprocess.stdin.resume();\n",
    );
    const written = waitForFile(seen);
    const serve = spawn(
      process.execPath,
      ['--import', 'tsx', 'main/cli/index.ts', 'serve', '--port', '0', '--data-dir', join(work, 'upstream'), '--', process.execPath, script, seen, '--help', '--port', '1', '--', 'x y'],
      { cwd: REPO, stdio: 'ignore' },
    );
    try {
      await written;
      expect(JSON.parse(readFileSync(seen, 'utf8'))).toEqual(['--help', '--port', '1', '--', 'x y']);
    } finally {
      serve.kill('SIGTERM');
    }
  });
});

describe('kraken-gate with a data dir it cannot write', () => {
  // As root every directory is writable: run the CLI as nobody instead.
  const asUser = process.getuid?.() === 0 ? 65534 : undefined;
  let locked: string;
  beforeAll(() => {
    locked = join(work, 'locked');
    mkdirSync(locked, { mode: 0o555 });
  });

  // Three real `serve` starts as another user: allow them the time a loaded machine takes.
  it.skipIf(process.platform === 'win32')('says what is wrong and what to do, instead of EACCES or EPERM', { timeout: 90_000 }, async () => {
    const inside = join(locked, 'data');
    const [create, own, file] = await Promise.all([
      kgWith(['serve', '--port', '0', '--data-dir', inside], { uid: asUser }),
      // A directory someone else owns cannot be made private (chmod 700).
      kgWith(['serve', '--port', '0', '--data-dir', asUser === undefined ? tmpdir() : locked], { uid: asUser }),
      kgWith(['serve', '--port', '0', '--data-dir', join(REPO, 'package.json', 'data')], { uid: asUser }),
    ]);
    expect(create.code).toBe(1);
    expect(create.stderr).toBe(
      `kraken-gate: cannot use the data dir ${inside}: you may not create directories in ${locked}.\n` +
        `  Use a directory you own (--data-dir DIR, or KRAKEN_GATE_DATA_DIR=DIR), or make this one yours: sudo install -d -o "$(id -un)" -m 700 ${inside}.\n`,
    );
    expect(own.code).toBe(1);
    expect(own.stderr).toMatch(/^kraken-gate: cannot use the data dir (.+): \1 belongs to another user, so it cannot be made private to you \(it holds your tokens\)\.\n {2}Use a directory you own .*, or make this one yours: sudo chown -R "\$\(id -un\)" \1\.\n$/);
    expect(file.code).toBe(1);
    expect(file.stderr).toContain(`: ${join(REPO, 'package.json')} is a file, not a directory.\n  Use a directory you own (--data-dir DIR, or KRAKEN_GATE_DATA_DIR=DIR).\n`);
    for (const run of [create, own, file]) expect(run.stderr).not.toMatch(/EACCES|EPERM|ENOTDIR|\n {4}at /);
  });
});

/** Resolves once `path` exists: watches its directory rather than polling. */
function waitForFile(path: string): Promise<void> {
  const dir = join(path, '..');
  return new Promise((resolve) => {
    const watcher = watch(dir, () => {
      if (existsSync(path)) {
        watcher.close();
        resolve();
      }
    });
    if (existsSync(path)) {
      watcher.close();
      resolve();
    }
  });
}
