// Auto-update, decided here in plain Node; electron/updater.ts is the thin electron-updater side.
// A newer release is looked for a little after start and then every few hours, downloaded in the
// background, and installed when the app quits — never by restarting the app on its own, and only
// by a quit that stopped the gate cleanly with no approval pending (a quit refuses every waiting
// call first, and records it) and that is not the OS ending the session (an installer started
// while Windows logs off can be cut off half-way).

/** electron-updater, as much of it as the app uses. */
export interface UpdaterShell {
  /** Looks for a newer release; one found is downloaded in the background. */
  check(): Promise<void>;
  /**
   * Whether a downloaded update is installed as the app exits: said once, just before it does.
   * (Until then electron-updater keeps it armed, as it needs to be when the download completes.)
   */
  installOnExit(enabled: boolean): void;
  onDownloaded(listener: (version: string) => void): void;
  onError(listener: (message: string) => void): void;
}

export type UpdateSupport = { enabled: true } | { enabled: false; why: string };

/** Whether this install updates itself: electron-updater replaces a dmg/zip app, an NSIS install or an AppImage. */
export function updateSupport(install: { packaged: boolean; platform: NodeJS.Platform; env: NodeJS.ProcessEnv }): UpdateSupport {
  if (!install.packaged) return { enabled: false, why: 'running from the sources (npm start)' };
  if (install.env.KRAKEN_GATE_NO_UPDATES) return { enabled: false, why: 'KRAKEN_GATE_NO_UPDATES is set' };
  if (install.platform === 'linux' && !install.env.APPIMAGE) {
    // A .deb belongs to the package manager: replacing it means root (pkexec) at every quit.
    return { enabled: false, why: 'installed from the .deb: install the next release the same way' };
  }
  if (!['darwin', 'win32', 'linux'].includes(install.platform)) return { enabled: false, why: `no releases for ${install.platform}` };
  return { enabled: true };
}

/** How the app is leaving, for the last decision. */
export interface ExitState {
  /** The gate stopped without an error (its waiting calls refused and recorded, the log closed). */
  clean: boolean;
  /** Approvals still waiting when the gate stopped (a clean quit leaves none). */
  pendingApprovals: number;
  /** The OS is ending the session (logout, restart, shutdown). */
  sessionEnd: boolean;
}

export interface UpdateControllerOptions {
  updater: UpdaterShell;
  log: (line: string) => void;
  /** A downloaded update, for the user to hear about once. */
  onDownloaded?: (version: string) => void;
  /** The first look, after the start has settled. */
  firstCheckMs?: number;
  intervalMs?: number;
}

export const UPDATE_TIMING = { firstCheckMs: 60_000, intervalMs: 6 * 60 * 60 * 1000 };

export class UpdateController {
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private stopped = false;
  /** The version downloaded and waiting for a quit. */
  downloaded: string | undefined;

  constructor(private readonly options: UpdateControllerOptions) {
    options.updater.onDownloaded((version) => {
      if (this.downloaded === version) return;
      this.downloaded = version;
      options.log(`updates: Kraken Gate ${version} is downloaded; it is installed when you quit`);
      options.onDownloaded?.(version);
    });
    // Offline, rate-limited, a release without a feed: the next look may do better; nobody is interrupted.
    options.updater.onError((message) => options.log(`updates: ${message.split('\n')[0]}`));
  }

  start(): void {
    this.schedule(this.options.firstCheckMs ?? UPDATE_TIMING.firstCheckMs);
  }

  /** Looks now, unless a look is under way (its download included). */
  check(): Promise<void> {
    this.checking ??= this.options.updater
      .check()
      .catch((error: unknown) => this.options.log(`updates: could not check: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.checking = undefined;
      });
    return this.checking;
  }

  /** The last word before the app exits: install the downloaded update, or leave it for the next quit. */
  beforeExit(state: ExitState): boolean {
    this.stopped = true;
    clearTimeout(this.timer);
    const why = !state.clean
      ? 'the gate did not stop cleanly'
      : state.pendingApprovals > 0
        ? `${state.pendingApprovals} approval${state.pendingApprovals === 1 ? ' is' : 's are'} still pending`
        : state.sessionEnd
          ? 'the session is ending'
          : undefined;
    const install = why === undefined;
    this.options.updater.installOnExit(install);
    if (this.downloaded) this.options.log(install ? `updates: installing Kraken Gate ${this.downloaded} now that the app has stopped` : `updates: not installing Kraken Gate ${this.downloaded} on this quit (${why}); it waits for the next one`);
    return install;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.check().finally(() => this.schedule(this.options.intervalMs ?? UPDATE_TIMING.intervalMs));
    }, delayMs);
    // A pending look never keeps the process alive (tests, and a quit racing the timer).
    this.timer.unref();
  }
}
