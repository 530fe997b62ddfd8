// electron-builder cannot run here (it downloads Electron), so what can be checked without it is:
// electron-builder.yml against electron-builder 26's own schema, what it says (identity, fuses,
// signing, targets, feed), every path it names after the builds, and that the built desktop entry
// loads nothing the installer does not ship.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, PRODUCT_NAME, TOAST_ACTIVATOR_CLSID } from '../../../main/desktop/app-identity.js';
import { TRAY_STATES } from '../../../main/desktop/tray-look.js';
import {
  ROOT,
  builderOwnCheck,
  builderSchema,
  filesUnder,
  importGraph,
  isDirectory,
  loadBuilderConfig,
  packageOf,
  productionPackages,
  repoPaths,
  validateBuilderConfig,
  type BuilderConfig,
} from './checks.js';

const run = promisify(execFile);
const config = loadBuilderConfig();
const section = (name: string) => config[name] as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('is valid for the installed electron-builder 26, by its own JSON schema', () => {
    const { version } = builderSchema();
    expect(version).toMatch(/^26\./);
    expect(validateBuilderConfig(config)).toEqual([]);
  });

  it("electron-builder's own loader and validator accept it (and refuse a broken copy), as they run before any download", async () => {
    const loaded = await builderOwnCheck();
    expect(loaded.files).toEqual([{ filter: ['package.json', 'dist/desktop/**', 'dist/renderer/**', '!**/*.map'] }]);
    expect(loaded.directories).toEqual({ output: 'release', buildResources: 'build' });
    await expect(builderOwnCheck((c) => ((c.mac as Record<string, unknown>).notarise = true))).rejects.toThrow(/does not match the API schema/);
  });

  it('the validation catches what electron-builder would refuse: an unknown key, a wrong type, a fuse that does not exist', () => {
    const broken = (change: (c: BuilderConfig) => void) => {
      const copy = structuredClone(config);
      change(copy);
      return validateBuilderConfig(copy).map((e) => `${e.instancePath} ${e.message}`);
    };
    expect(broken((c) => (c.appid = 'x'))).toContain(' must NOT have additional properties');
    expect(broken((c) => ((c.mac as Record<string, unknown>).notarise = true))).toContain('/mac must NOT have additional properties');
    expect(broken((c) => ((c.mac as Record<string, unknown>).hardenedRuntime = 'yes'))).toContain('/mac/hardenedRuntime must be boolean');
    expect(broken((c) => ((c.electronFuses as Record<string, unknown>).runAsNodeX = false))).toContain('/electronFuses must NOT have additional properties');
  });

  it('names the app as the code does: the bundle id and AppUserModelID, the name of the Start menu shortcut, the toast activator', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe(PRODUCT_NAME);
    expect(section('nsis').shortcutName).toBe(PRODUCT_NAME);
    const nsh = readFileSync(join(ROOT, 'build', 'installer.nsh'), 'utf8');
    expect(/!define KRAKEN_GATE_TOAST_CLSID "([^"]+)"/.exec(nsh)?.[1]).toBe(TOAST_ACTIVATOR_CLSID);
    expect(nsh).toMatch(/!macro customUnInstall\s+DeleteRegKey HKCU "Software\\Classes\\CLSID\\\$\{KRAKEN_GATE_TOAST_CLSID\}"/);
  });

  it('locks the binary down: runAsNode and the Node switches off, the app only from its asar, checked against its hash', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });

  it('macOS: hardened runtime with only the JIT entitlement, notarized, a menu bar app (LSUIElement), dmg and zip (the update feed)', () => {
    const mac = section('mac');
    expect(mac).toMatchObject({ hardenedRuntime: true, notarize: true, category: 'public.app-category.finance', extendInfo: { LSUIElement: true } });
    expect((mac.target as Array<{ target: string }>).map((t) => t.target)).toEqual(['dmg', 'zip']);
    const plist = readFileSync(join(ROOT, mac.entitlements as string), 'utf8');
    expect(plist).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<!DOCTYPE plist/);
    expect([...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1])).toEqual(['com.apple.security.cs.allow-jit']);
    expect(mac.entitlementsInherit).toBe(mac.entitlements);
  });

  it('Windows: an NSIS installer per user, signed with sha256 and a timestamp; updates must carry the same signature', () => {
    expect(section('win')).toMatchObject({ target: [{ target: 'nsis', arch: 'x64' }], verifyUpdateCodeSignature: true, signtoolOptions: { signingHashAlgorithms: ['sha256'] } });
    expect(section('nsis')).toMatchObject({ oneClick: true, perMachine: false, createStartMenuShortcut: true, include: 'build/installer.nsh' });
  });

  it('Linux: an AppImage and a .deb with a desktop entry in Office;Finance', () => {
    const linux = section('linux');
    expect((linux.target as Array<{ target: string }>).map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(linux).toMatchObject({ executableName: 'kraken-gate', category: 'Office', desktop: { entry: { Name: PRODUCT_NAME, Categories: 'Office;Finance;' } } });
  });

  it('publishes the update feed to GitHub releases, as a draft the release workflow publishes', () => {
    expect(config.publish).toEqual([{ provider: 'github', releaseType: 'draft' }]);
  });

  it('holds no secret: no certificate, password, key or token, and no signing identity', () => {
    const secretish = /(password|secret|token|cscLink|cscKeyPassword|certificateFile|certificateSha1|identity|apple_?id|api_?key)/i;
    const keys: string[] = [];
    const walk = (value: unknown, at: string): void => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}[${i}]`));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, `${at}.${k}`);
      else if (secretish.test(at.split('.').at(-1)!)) keys.push(at);
    };
    walk(config, '');
    expect(keys).toEqual([]);
  });
});

describe('after npm run build and build:desktop', () => {
  const rendererSources = existsSync(join(ROOT, 'renderer', 'index.html'));
  beforeAll(async () => {
    // npm ci's `prepare` built dist/main (and, once the window lands, dist/renderer); the desktop
    // bundle is this step's own.
    expect(existsSync(join(ROOT, 'dist', 'main', 'cli', 'index.js')), 'dist/main is missing: run npm run build').toBe(true);
    await run(process.execPath, [join(ROOT, 'scripts', 'build-desktop.mjs')], { cwd: ROOT });
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    if (rendererSources && !existsSync(join(ROOT, 'dist', 'renderer', 'index.html')) && scripts['build:renderer']) {
      await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '-s', 'build:renderer'], { cwd: ROOT });
    }
  }, 120_000);

  it('every path electron-builder.yml names exists: resources, icons, entitlements, the installer script, the entry, each files pattern', () => {
    const paths = repoPaths(config);
    expect(paths.map((p) => p.where)).toEqual(
      expect.arrayContaining(['directories.buildResources', 'extraMetadata.main', 'mac.icon', 'mac.entitlements', 'win.icon', 'nsis.include', 'linux.icon', 'files[1]', 'files[2]', 'asarUnpack[0]']),
    );
    for (const { where, value } of paths) {
      if (value.startsWith('!')) continue; // an exclusion names nothing that must exist
      // Only literal paths and "folder/**" are used, so each can be checked without a glob library.
      expect(value, `${where}: only a path or "folder/**"`).toMatch(/^[^*?[\]{}]+(\/\*\*)?$/);
      const path = join(ROOT, value.replace(/\/\*\*$/, ''));
      if (value.startsWith('dist/renderer') && !rendererSources) continue; // no window in this tree yet: nothing to ship
      expect(existsSync(path), `${where}: ${value} does not exist`).toBe(true);
      if (value.endsWith('/**')) expect(filesUnder(path).length, `${where}: ${value} matches no file`).toBeGreaterThan(0);
    }
    expect(section('directories').buildResources).toBe('build');
    expect(isDirectory(join(ROOT, 'build'))).toBe(true);
  });

  it('the desktop bundle holds what the entry loads by path: the preload, the minimal page, every tray icon and its @2x', () => {
    const desktop = filesUnder(join(ROOT, 'dist', 'desktop'));
    expect(desktop).toEqual(expect.arrayContaining(['main.js', 'preload.cjs', 'package.json', 'fallback/index.html']));
    for (const state of TRAY_STATES) {
      for (const name of [`${state}.png`, `${state}@2x.png`, `${state}Template.png`, `${state}Template@2x.png`]) expect(desktop).toContain(`tray/${name}`);
    }
    expect(JSON.parse(readFileSync(join(ROOT, 'dist', 'desktop', 'package.json'), 'utf8'))).toMatchObject({ type: 'module', main: 'main.js' });
    expect(section('extraMetadata').main).toBe('dist/desktop/main.js');
    // runAsNode is off: nothing in the app may start its own binary as Node.
    expect(readFileSync(join(ROOT, 'dist', 'desktop', 'main.js'), 'utf8')).not.toContain('ELECTRON_RUN_AS_NODE');
  });

  it('the built desktop entry imports only what the installer ships: its own bundle, production dependencies, electron and Node', async () => {
    // Optional requires inside try/catch: debug (under electron-updater and grammY) loads supports-color
    // for colours, a dev package here; node-fetch (grammY's) loads encoding for textConverted(), which
    // grammY never calls, and which is not installed.
    const optional = new Map([
      ['supports-color', 'node_modules/debug'],
      ['encoding', 'node_modules/node-fetch'],
    ]);
    const graph = await importGraph('dist/desktop/main.js', optional);
    const production = productionPackages();
    const shipped = (file: string) => file.startsWith('dist/desktop/') || production.has(packageOf(file) ?? '');
    expect(graph.files.filter((file) => !shipped(file))).toEqual([]);
    // What the app itself adds on top of the headless core reaches the bundle.
    const packages = new Set(graph.files.map(packageOf));
    for (const name of ['node_modules/electron-updater', 'node_modules/@modelcontextprotocol/sdk', 'node_modules/@jellybrick/dbus-next', 'node_modules/node-notifier']) expect(packages).toContain(name);
    // Left to the runtime: Electron's own module and Node's builtins, nothing else.
    expect(graph.external.filter((name) => name !== 'electron' && !isBuiltin(name))).toEqual([]);
    expect(graph.external).toContain('electron');
    // electron-builder copies only the production tree: the entry must not need anything of the dev tree.
    const devOnly = graph.files.filter((file) => file.startsWith('node_modules/') && !production.has(packageOf(file)!));
    expect(devOnly).toEqual([]);
  });

  it('the production dependencies are JavaScript only (npmRebuild: false has nothing to rebuild for Electron)', () => {
    expect(config.npmRebuild).toBe(false);
    const native = [...productionPackages()].flatMap((pkg) =>
      filesUnder(join(ROOT, pkg))
        .filter((file) => file.endsWith('.node') || file === 'binding.gyp')
        .map((file) => `${pkg}/${file}`),
    );
    expect(native).toEqual([]);
  });
});
