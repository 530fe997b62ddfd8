import { existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Conf, { type Options as ConfOptions } from 'conf';
import { z } from 'zod';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings, type SettingsView } from '../../../preload/api.js';
import { Emitter } from '../events.js';

/** Holds riskier unconfirmed settings back: the settings in force for a file, and what is staged. */
export type SettingsGuard = (file: Settings) => { settings: Settings; staged: string[] };

/**
 * How settings.json is opened, whichever store opens it. The name, the folder, the schema, the
 * defaults and the migrations are the file's format: both hosts pass the same ones.
 */
export type SettingsFileOptions = ConfOptions<Settings> & { cwd: string; configName: string; projectVersion: string };

/**
 * What opens settings.json. `kraken-gate serve` uses conf; the desktop app uses electron-store,
 * which is conf with Electron's app paths added (a subclass, at the same conf major: the same code
 * reads and writes the file). electron-store imports electron, so only the Electron entry can
 * supply it (main/desktop/electron/settings-backend.ts); nothing here may import it.
 */
export type SettingsBackend = (options: SettingsFileOptions) => Conf<Settings>;

export const confSettings: SettingsBackend = (options) => new Conf<Settings>(options);

const backends = new Map<string, SettingsBackend>();

/**
 * Opens this data dir's settings.json with `backend` instead of conf, until the returned function
 * is called. The store is built inside the gate's composition (Gate.create), which knows nothing
 * of its host, so the host that holds the data dir (the desktop app) says it here; the data dir's
 * lock keeps any other host off the dir meanwhile.
 */
export function useSettingsBackend(dataDir: string, backend: SettingsBackend): () => void {
  const key = resolve(dataDir);
  backends.set(key, backend);
  return () => {
    if (backends.get(key) === backend) backends.delete(key);
  };
}

/** Settings that a running gateway can only apply by restarting (it is already listening). */
const RESTART_REQUIRED: ReadonlySet<keyof Settings> = new Set(['port']);

/**
 * settings.json in the data dir, shared by the desktop app and `kraken-gate serve`. Built on conf
 * (electron-store in the desktop app: see SettingsBackend) so both hosts read and write one file
 * the same way: atomic writes, a JSON schema derived from the contract's zod schema, and
 * migrations keyed by the app version. A hand-edited file that does not validate is set aside
 * (never silently rewritten) and defaults apply, with the reason shown to the user.
 */
export class SettingsStore {
  private readonly changeEmitter = new Emitter<Settings>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly conf: Conf<Settings>;
  private readonly problem: string | undefined;
  /** What the running gateway started with, to tell which saved changes still need a restart. */
  private applied: Settings;
  private guard: SettingsGuard | undefined;
  private cached: { signature: string; settings: Settings } | undefined;

  constructor(dataDir: string, appVersion: string, backend: SettingsBackend = backends.get(resolve(dataDir)) ?? confSettings) {
    const options: SettingsFileOptions = {
      cwd: dataDir,
      configName: 'settings',
      projectVersion: appVersion,
      configFileMode: 0o600,
      defaults: DEFAULT_SETTINGS,
      schema: jsonSchemaProperties(),
      accessPropertiesByDotNotation: false,
      // Future renames of a setting go here, keyed by the version that introduced them.
      migrations: {},
    };
    let problem: string | undefined;
    let conf: Conf<Settings>;
    try {
      conf = backend(options);
    } catch (error) {
      const path = `${dataDir}/settings.json`;
      const kept = `${dataDir}/settings.invalid-${Date.now()}.json`;
      if (existsSync(path)) renameSync(path, kept);
      problem = `settings.json was not valid (${firstLine(error)}); defaults are in use and your file was kept as ${kept}.`;
      conf = backend(options);
    }
    this.conf = conf;
    this.problem = problem;
    this.applied = this.current;
  }

  get path(): string {
    return this.conf.path;
  }

  /** settings.json as it is on disk, which may hold riskier changes not yet in force (staged). */
  get fileSettings(): Settings {
    // conf reads and validates the file on every access (~0.1 ms); the status every surface
    // redraws from asks often, so the parse is kept until the file changes (a hand edit included).
    const signature = fileSignature(this.conf.path);
    if (this.cached?.signature !== signature) {
      // conf keeps its own bookkeeping (`__internal__`) in the same object; hand out only settings.
      // A file broken or removed while running (a hand edit, a data dir being cleaned up) leaves
      // the last good settings in place: the status every surface redraws from must not throw.
      const store = readStore(this.conf);
      const parsed = store && SettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...pickSettings(store) });
      this.cached = { signature, settings: parsed?.success ? parsed.data : (this.cached?.settings ?? DEFAULT_SETTINGS) };
    }
    return this.cached.settings;
  }

  /** The settings in force, and the file's riskier changes held back by the guard (one line each). */
  inForce(): { settings: Settings; staged: string[] } {
    const file = this.fileSettings;
    return this.guard ? this.guard(file) : { settings: file, staged: [] };
  }

  /** The settings in force: the file's, with riskier unconfirmed changes held back by the guard. */
  get current(): Settings {
    return this.inForce().settings;
  }

  /** Riskier changes in the file that are not in force yet, one line each. */
  get staged(): string[] {
    return this.inForce().staged;
  }

  /**
   * What holds riskier hand edits back (presence/baseline.ts, set by the Gate): given the file, the
   * settings in force and the lines staged. Without one, the file is in force as it is.
   */
  setGuard(guard: SettingsGuard | undefined): void {
    this.guard = guard;
    // Set once, as the gateway starts: what it starts with is the guarded view.
    this.applied = this.current;
  }

  view(): SettingsView {
    const current = this.current;
    const restartRequired = [...RESTART_REQUIRED].filter((key) => JSON.stringify(current[key]) !== JSON.stringify(this.applied[key]));
    return { settings: current, path: this.path, restartRequired, ...(this.problem && { problem: this.problem }) };
  }

  /**
   * Validates the whole result before writing anything; returns the errors instead when invalid.
   * The file is written from the settings in force: a staged hand edit is replaced by what the
   * person saves (the caller has checked that the person may make these changes).
   */
  update(changes: Partial<Settings>): { ok: true; settings: Settings } | { ok: false; errors: string[] } {
    const next = SettingsSchema.safeParse({ ...this.current, ...changes });
    if (!next.success) return { ok: false, errors: next.error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`) };
    this.conf.set(next.data);
    this.changeEmitter.fire(next.data);
    return { ok: true, settings: next.data };
  }
}

/** The file as conf reads it (and checks it against the schema), or undefined when it does not. */
function readStore(conf: Conf<Settings>): Record<string, unknown> | undefined {
  try {
    return conf.store;
  } catch {
    return undefined;
  }
}

/** What changes when the file does: size, times and inode (an atomic replace gives a new inode). */
function fileSignature(path: string): string {
  try {
    const stat = statSync(path, { bigint: true });
    return `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  } catch {
    return 'missing';
  }
}

function pickSettings(store: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(DEFAULT_SETTINGS).filter((key) => key in store).map((key) => [key, store[key]]));
}

function jsonSchemaProperties() {
  const schema = z.toJSONSchema(SettingsSchema, { target: 'draft-7' }) as { properties: Record<string, unknown> };
  return schema.properties as ConstructorParameters<typeof Conf<Settings>>[0] extends infer O ? (O extends { schema?: infer S } ? S : never) : never;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/**
 * settings.json as the gate will read it, without touching the file — for a host deciding how to
 * start before it holds the data dir's lock. The gate's own SettingsStore sets an invalid file
 * aside and tells the user why; until then this falls back to the defaults, field by field.
 */
export function readSettingsFile(dataDir: string): Settings {
  let stored: Record<string, unknown>;
  try {
    stored = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return DEFAULT_SETTINGS;
  }
  const parsed = SettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...pickSettings(stored) });
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}
