// The release and smoke workflows run only on GitHub; here: they parse, they run what exists, and
// every secret they use is named, documented, and handed to a step only as an environment variable
// a signing tool reads. Nothing secret is tracked in the repository.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  shell?: string;
}
interface Job {
  'runs-on': string;
  needs?: string | string[];
  env?: Record<string, string>;
  steps: Step[];
  strategy?: { matrix?: { include?: Array<Record<string, string>> } };
  permissions?: Record<string, string>;
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

function load(file: string): { text: string; workflow: Workflow } {
  const text = readFileSync(join(ROOT, '.github', 'workflows', file), 'utf8');
  // Duplicate keys, tabs, bad indentation: errors, as GitHub would refuse them.
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  expect(document.errors.map((e) => e.message)).toEqual([]);
  expect(document.warnings.map((e) => e.message)).toEqual([]);
  return { text, workflow: document.toJS() as Workflow };
}

/** Every `secrets.NAME` in the workflow, and where each occurs (a dotted path). */
function secretsIn(value: unknown, at = ''): Array<{ name: string; at: string }> {
  if (typeof value === 'string') return [...value.matchAll(/\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => ({ name: m[1]!, at }));
  if (Array.isArray(value)) return value.flatMap((item, i) => secretsIn(item, `${at}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => secretsIn(v, at ? `${at}.${k}` : k));
  return [];
}

/** The names a workflow's header comment and the README's Install section document. */
function documented(text: string): string[] {
  return [...new Set([...text.matchAll(/\b(MAC_[A-Z0-9_]+|APPLE_API_[A-Z0-9_]+|WIN_CERTIFICATE_[A-Z0-9_]+|AZURE_(?:TENANT|CLIENT)_[A-Z0-9_]+|NPM_TOKEN)\b/g)].map((m) => m[1]!))].sort();
}

describe('.github/workflows/release.yml', () => {
  const { text, workflow } = load('release.yml');

  it('runs on a version tag: checks, builds and signs on macOS, Windows and Linux, then publishes the release and the npm package', () => {
    expect(workflow.on).toEqual({ push: { tags: ['v*.*.*'] } });
    expect(Object.keys(workflow.jobs)).toEqual(['verify', 'desktop', 'publish', 'npm']);
    expect(workflow.jobs.desktop!.needs).toBe('verify');
    expect(workflow.jobs.publish!.needs).toBe('desktop');
    const matrix = workflow.jobs.desktop!.strategy!.matrix!.include!;
    expect(matrix.map((m) => m.platform)).toEqual(['mac', 'win', 'linux']);
    expect(matrix.map((m) => m.os)).toEqual([expect.stringMatching(/^macos-/), expect.stringMatching(/^windows-/), expect.stringMatching(/^ubuntu-/)]);
    const builds = workflow.jobs.desktop!.steps.filter((s) => s.run?.includes('electron-builder'));
    expect(builds.map((s) => /--(mac|win|linux)\b/.exec(s.run!)?.[1])).toEqual(['mac', 'win', 'win', 'linux']);
    for (const build of builds) expect(build.run).toContain('--publish always');
    expect(workflow.jobs.publish!.steps.map((s) => s.run ?? '').join('\n')).toMatch(/sha256sum[\s\S]*gh release edit "\$GITHUB_REF_NAME" --draft=false/);
  });

  it('checks what a user checks before publishing: codesign, spctl and the stapled ticket, Get-AuthenticodeSignature, the fuses', () => {
    const verify = workflow.jobs.desktop!.steps.filter((s) => s.name?.startsWith('Verify')).map((s) => s.run ?? '').join('\n');
    for (const command of ['codesign --verify --deep --strict', 'codesign -dv --verbose=4', 'spctl -a -vv', 'xcrun stapler validate', 'Get-AuthenticodeSignature', 'electron-fuses read']) expect(verify).toContain(command);
  });

  it('names its secrets in its header and in the README, and hands each to a step only as an environment variable a tool reads', () => {
    const used = secretsIn(workflow);
    const names = [...new Set(used.map((u) => u.name))].sort();
    expect(names).toEqual([
      'APPLE_API_ISSUER',
      'APPLE_API_KEY_ID',
      'APPLE_API_KEY_P8',
      'AZURE_CLIENT_ID',
      'AZURE_CLIENT_SECRET',
      'AZURE_TENANT_ID',
      'GITHUB_TOKEN',
      'MAC_CERTIFICATE_P12_BASE64',
      'MAC_CERTIFICATE_PASSWORD',
      'NPM_TOKEN',
      'WIN_CERTIFICATE_PASSWORD',
      'WIN_CERTIFICATE_PFX_BASE64',
    ]);
    const header = text.slice(0, text.indexOf('\nname:'));
    const repositorySecrets = names.filter((n) => n !== 'GITHUB_TOKEN');
    expect(documented(header)).toEqual(repositorySecrets);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(documented(readme.slice(readme.indexOf('## Install')))).toEqual(expect.arrayContaining(repositorySecrets));

    // Only `env:` carries a secret: never a command line (logs, process lists) or an action's input.
    for (const { at } of used) expect(at).toMatch(/^jobs\.\w+(\.steps\[\d+\])?\.env\.[A-Z0-9_]+$/);
    // And under the names electron-builder, @electron/notarize, the TrustedSigning module, gh and npm read.
    const readers = new Set(['GH_TOKEN', 'CSC_LINK', 'CSC_KEY_PASSWORD', 'WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD', 'APPLE_API_KEY_P8', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER', 'AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'NODE_AUTH_TOKEN']);
    expect(used.map((u) => u.at.split('.').at(-1)!).filter((variable) => !readers.has(variable))).toEqual([]);
    // The one written to a file (notarytool wants a path) goes to the runner's temp dir, not the checkout.
    expect(text).toContain('printf \'%s\' "$APPLE_API_KEY_P8" > "$RUNNER_TEMP/AuthKey.p8"');
  });

  it('asks for no more than it needs: contents to publish the release, an id token only for npm provenance', () => {
    expect(workflow.permissions).toEqual({ 'contents': 'write' });
    expect(workflow.jobs.npm!.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
  });
});

describe('.github/workflows/desktop-smoke.yml', () => {
  const { workflow } = load('desktop-smoke.yml');

  it('on every push: installs the real Electron, and runs the smoke script under xvfb on the bundle and on the packaged app', () => {
    expect(Object.keys(workflow.on)).toContain('push');
    const steps = workflow.jobs.smoke!.steps;
    expect(workflow.jobs.smoke!['runs-on']).toMatch(/^ubuntu-/);
    const runs = steps.map((s) => s.run ?? '');
    expect(runs).toContain('npx install-electron');
    const smokes = runs.filter((r) => r.includes('desktop-smoke.mjs'));
    expect(smokes).toEqual([
      'xvfb-run --auto-servernum dbus-run-session -- node scripts/desktop-smoke.mjs',
      'xvfb-run --auto-servernum dbus-run-session -- node scripts/desktop-smoke.mjs --app release/linux-unpacked/kraken-gate',
    ]);
    expect(runs.findIndex((r) => r.includes('electron-builder --linux dir'))).toBeLessThan(runs.indexOf(smokes[1]!));
  });

  it('uses no secret', () => {
    expect(secretsIn(workflow)).toEqual([]);
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });
});

describe('the workflows run what exists', () => {
  it('every script and npm script they name is in the repository', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const file of ['release.yml', 'desktop-smoke.yml']) {
      const runs = Object.values(load(file).workflow.jobs).flatMap((job) => job.steps.map((s) => s.run ?? ''));
      for (const run of runs) {
        for (const [, path] of run.matchAll(/(?:node|bash) ((?:scripts|\.ci)\/[\w./-]+)/g)) expect(existsSync(join(ROOT, path!)), `${file}: ${path}`).toBe(true);
        for (const [, name] of run.matchAll(/npm run ([\w:-]+)/g)) expect(scripts, `${file}: npm run ${name}`).toHaveProperty([name!]);
      }
    }
  });
});

describe('nothing secret is in the repository', () => {
  it('no certificate, key or provisioning file is tracked, and no tracked file holds a private key', () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(tracked.filter((file) => /\.(p12|pfx|p8|pem|key|cer|crt|mobileprovision|provisionprofile|keychain)$/i.test(file))).toEqual([]);
    const withKeys = tracked.filter((file) => {
      if (!existsSync(join(ROOT, file)) || /\.(png|icns|ico)$/.test(file)) return false;
      return /-----BEGIN [A-Z ]*PRIVATE KEY-----\s*\n[A-Za-z0-9+/=]{40,}/.test(readFileSync(join(ROOT, file), 'utf8'));
    });
    expect(withKeys).toEqual([]);
  });
});
