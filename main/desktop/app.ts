// The desktop app: the same gate + gateway + control API that `kraken-gate serve` runs (same data
// dir, tokens, policy and log, so the CLI works against it), with the tray, OS notifications and
// the window on top. Everything here is plain TypeScript on the DesktopShell interface; the
// Electron entry (electron/main.ts) only builds the shell and calls DesktopApp.launch.
import type { Settings } from '../../preload/api.js';
import { clientSnippet, type ClientId, type Launcher } from '../clients/index.js';
import { dataFiles } from '../gate/state/data-dir.js';
import type { Disposer } from '../gate/events.js';
import { readToken } from '../gate/state/token.js';
import { startGateway, type RunningGateway } from '../host/start-gateway.js';
import { chooseNotifier } from '../notify/choose.js';
import { NotificationController } from '../notify/controller.js';
import type { Notifier } from '../notify/notifier.js';
import { APP_ID, TOAST_ACTIVATOR_CLSID } from './app-identity.js';
import { resolveAppRequest, windowRoot } from './app-protocol.js';
import { denyAllPending } from './deny-pending.js';
import { ElectronNotifier } from './electron-notifier.js';
import { GateLink } from './gate-link.js';
import { registerGateIpc } from './ipc.js';
import { KeychainKeyStore } from './keychain-keys.js';
import { applyStartAtLogin } from './login-items.js';
import type { MenuAction } from './menu-model.js';
import type { DesktopShell } from './shell.js';
import { TrayController } from './tray.js';
import { startSettings } from '../gate/presence/baseline.js';
import { Presence } from '../gate/presence/presence.js';
import { keychainVault } from './keychain-vault.js';
import { upstreamCommand, type PaperLauncher } from './upstream-command.js';
import { exchangeOf } from '../gate/upstream/command.js';
import { UpdateController, updateSupport, type UpdaterShell } from './updates.js';
import { WindowController } from './window.js';
import type { Caller } from '../gate/presence/caller.js';
import { useSettingsBackend } from '../gate/state/settings.js';

// The app's own surfaces: their clicks are handled in this main process, where no other program
// can forge them, so a click is the person's presence proof (docs/security.md says where not).
// Above the Touch ID threshold (Settings), an approval also asks for a fingerprint where there is a sensor.
type Surface = 'window' | 'tray' | 'notification';

export { APP_ID } from './app-identity.js';

export interface DesktopAppOptions {
  shell: DesktopShell;
  dataDir: string;
  /** The gateway's port; settings.json's when not given (tests pass 0). */
  port?: number;
  /** How this install runs the built-in paper exchange. */
  paper: PaperLauncher;
  /** How an MCP client starts `kraken-gate connect` from this install (stdio configs). */
  connectLauncher: Launcher;
  iconDir: string;
  preloadPath: string;
  /** The built React UI, and the minimal page used until it is built. */
  rendererDir: string;
  fallbackDir: string;
  /** The argv that starts this install, for the Linux autostart entry. */
  launchCommand: readonly string[];
  /** Started at login (--hidden): stay in the tray instead of opening the window. */
  hidden?: boolean;
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** Instead of the one chosen for the OS. */
  notifier?: Notifier;
  upstreamDownMs?: number;
  /** electron-updater, made only when this install updates itself (updates.ts decides). */
  updater?: () => UpdaterShell;
  /** When to look for updates (UPDATE_TIMING by default). */
  updateTiming?: { firstCheckMs?: number; intervalMs?: number };
  /** Instead of settings.json's approval timeout. */
  approvalTimeoutMs?: number;
  log?: (line: string) => void;
}

export class DesktopApp {
  readonly link = new GateLink();
  readonly window: WindowController;
  readonly keys: KeychainKeyStore;
  tray: TrayController | undefined;
  notifications: NotificationController | undefined;
  notifier: Notifier | undefined;
  updates: UpdateController | undefined;

  private applied: Settings;
  private readonly log: (line: string) => void;
  private readonly disposers: Disposer[] = [];
  private restarting: Promise<void> = Promise.resolve();
  private quitting: Promise<void> | undefined;
  private stopped = false;
  private sessionEnded = false;
  private work: Promise<void> = Promise.resolve();
  private readonly presence: Presence;
  private readonly callers: Record<Surface, Caller>;

  /** Starts the app, or returns undefined when another instance runs (which then shows its window). */
  static async launch(options: DesktopAppOptions): Promise<DesktopApp | undefined> {
    if (!options.shell.app.requestSingleInstanceLock()) {
      options.shell.app.quit();
      return undefined;
    }
    const app = new DesktopApp(options);
    await app.start();
    return app;
  }

  private constructor(private readonly options: DesktopAppOptions) {
    this.log = options.log ?? ((line) => console.log(line));
    // One Presence for the app's life: a restart of the composition keeps its lock on wrong codes.
    this.presence = new Presence(keychainVault(options.dataDir, options.shell.safeStorage), dataFiles.presenceAttempts(options.dataDir));
    this.applied = startSettings(options.dataDir, this.presence);
    const confirmApproval = (headline: string, worthUsd: number | undefined) => this.confirmWithTouchId(headline, worthUsd);
    this.callers = {
      window: { channel: 'window', present: true, confirmApproval },
      tray: { channel: 'tray', present: true, confirmApproval },
      notification: { channel: 'notification', present: true, confirmApproval },
    };
    this.window = new WindowController({ windows: options.shell.windows, preloadPath: options.preloadPath, packaged: options.shell.packaged });
    this.keys = new KeychainKeyStore({
      dataDir: options.dataDir,
      storage: options.shell.safeStorage,
      env: options.env ?? process.env,
      onChange: async () => void this.restartGateway('the API keys changed'),
    });
  }

  get running(): RunningGateway | undefined {
    return this.link.current;
  }

  /** Resolves once the tray actions started so far have done their work (tests, and a clean quit). */
  idle(): Promise<void> {
    return this.work;
  }

  private async start(): Promise<void> {
    const { shell } = this.options;
    const platform = shell.platform;
    shell.app.onSecondInstance(() => this.window.open());
    // Closing the window leaves the app in the tray.
    shell.app.onWindowAllClosed(() => undefined);
    shell.app.onBeforeQuit((request) => {
      if (this.stopped) return;
      request.preventDefault();
      void this.quit('the app was asked to quit');
    });
    shell.app.onSessionEnd((request) => {
      request.preventDefault();
      this.sessionEnded = true;
      void this.quit('the session ended');
    });
    shell.app.onTerminate((signal) => void this.quit(`${signal} received`));
    if (platform === 'darwin') shell.app.hideDock();
    if (platform === 'win32') shell.app.setAppUserModelId(APP_ID, TOAST_ACTIVATOR_CLSID);
    const root = windowRoot(this.options.rendererDir, this.options.fallbackDir);
    shell.windows.serveApp((url) => resolveAppRequest(url, root));

    // For every gate this app starts (restarts included): the gate builds its SettingsStore itself.
    if (shell.settingsBackend) this.disposers.push(useSettingsBackend(this.options.dataDir, shell.settingsBackend));
    this.link.attach(await this.startGateway(this.applied, this.options.port ?? this.applied.port));
    this.disposers.push(this.link.onSettingsChanged((settings) => this.applySettings(settings)));

    const chosen = this.options.notifier
      ? { notifier: this.options.notifier, why: 'given' }
      : await chooseNotifier({
          platform,
          native: shell.notifications.isSupported() ? new ElectronNotifier(shell.notifications, platform) : undefined,
          // The session bus of the environment the app was given ('' when it has none).
          dbus: { busAddress: (this.options.env ?? process.env).DBUS_SESSION_BUS_ADDRESS ?? '' },
        });
    this.notifier = chosen.notifier;
    this.log(`notifications: ${chosen.why}`);
    this.notifications = await NotificationController.attach(
      // The app's own notifications: a click is handled in this process, as the person's.
      { events: this.link.onEvent, toolsChanged: this.link.onToolsChanged, api: this.link.apiFor(this.callers.notification), clicksArePresence: true },
      { notifier: chosen.notifier, openApproval: (id) => this.window.open(id), upstreamDownMs: this.options.upstreamDownMs, log: this.log },
    );

    this.tray = new TrayController({
      tray: shell.tray,
      api: this.link.apiFor(this.callers.tray),
      events: this.link.onEvent,
      settingsChanged: this.link.onSettingsChanged,
      iconDir: this.options.iconDir,
      platform,
      onAction: (action) => {
        this.work = this.work.then(() => this.onMenuAction(action)).catch((error: unknown) => this.log(`tray: ${action.type} failed: ${error instanceof Error ? error.message : String(error)}`));
      },
      log: this.log,
    });
    await this.tray.start();

    const disposeIpc = registerGateIpc(shell.ipc, this.link.apiFor(this.callers.window), { isTrusted: (sender) => this.window.isTrusted(sender), log: this.log });
    this.disposers.push(disposeIpc, this.link.onEvent((event) => this.window.send(event)));
    this.applyStartAtLogin(this.applied.startAtLogin);
    this.startUpdates();
    if (!this.options.hidden) this.window.open();
  }

  private startUpdates(): void {
    const { updater, shell } = this.options;
    if (!updater) return;
    const support = updateSupport({ packaged: shell.packaged, platform: shell.platform, env: this.options.env ?? process.env });
    if (!support.enabled) return this.log(`updates: off (${support.why})`);
    this.updates = new UpdateController({
      updater: updater(),
      log: this.log,
      ...this.options.updateTiming,
      onDownloaded: (version) =>
        void this.notifier
          ?.show(
            { key: 'update', title: 'Kraken Gate: update ready', body: `Version ${version} is installed the next time you quit Kraken Gate.`, actions: [], urgency: 'normal', sticky: false },
            { onActivate: () => undefined },
          )
          .catch(() => undefined),
    });
    this.updates.start();
  }

  private startGateway(settings: Settings, port: number): Promise<RunningGateway> {
    const upstream = upstreamCommand(settings.upstream, this.options.paper);
    return startGateway({
      dataDir: this.options.dataDir,
      port,
      upstream: upstream.command,
      exchange: exchangeOf(settings.upstream),
      // The keys go here and nowhere else: the upstream's environment.
      upstreamEnv: { ...upstream.env, ...this.keys.upstreamEnv() },
      keyStore: this.keys,
      presence: this.presence,
      // A first authenticator setup only from a click in this app's window, never over HTTP.
      setupNeedsClick: true,
      approvalTimeoutMs: this.options.approvalTimeoutMs ?? settings.approvalTimeoutSeconds * 1000,
      retention: { maxAgeDays: settings.logKeepDays, maxTotalBytes: settings.logMaxMb * 1024 * 1024 },
      log: this.log,
    });
  }

  /** Touch ID for an approval worth the threshold or more (or of unknown worth), where a sensor is. */
  private async confirmWithTouchId(headline: string, worthUsd: number | undefined): Promise<'touch-id' | 'not-asked' | 'refused'> {
    const threshold = this.applied.touchIdAboveUsd;
    if (threshold === null || (worthUsd !== undefined && worthUsd < threshold)) return 'not-asked';
    const { biometrics } = this.options.shell;
    if (!biometrics.canPrompt()) return 'not-asked';
    return (await biometrics.prompt(`approve: ${headline}`)) ? 'touch-id' : 'refused';
  }

  private applySettings(next: Settings): void {
    const before = this.applied;
    this.applied = next;
    if (next.startAtLogin !== before.startAtLogin) this.applyStartAtLogin(next.startAtLogin);
    if (JSON.stringify(next.upstream) !== JSON.stringify(before.upstream)) void this.restartGateway('the upstream setting changed');
  }

  private applyStartAtLogin(enabled: boolean): void {
    try {
      applyStartAtLogin(enabled, {
        platform: this.options.shell.platform,
        app: this.options.shell.app,
        command: this.options.launchCommand,
        env: this.options.env,
        home: this.options.home,
      });
    } catch (error) {
      this.log(`start at login: could not ${enabled ? 'enable' : 'disable'} it: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Stops the gate and starts it again with the current settings and keys, on the same port.
   * Calls still waiting are refused first (the agent may ask again), and surfaces keep their
   * subscriptions through the link. Deferred a turn: a change made over the control API gets its
   * answer before that API closes.
   */
  restartGateway(reason: string): Promise<void> {
    this.restarting = this.restarting.then(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      const running = this.link.current;
      if (!running || this.quitting) return;
      this.log(`restarting the gateway: ${reason}`);
      await denyAllPending(running.gate, `Kraken Gate restarted its upstream (${reason}) before anyone decided; ask again.`);
      this.link.detach();
      await running.stop();
      const settings = startSettings(this.options.dataDir, this.presence);
      try {
        this.link.attach(await this.startGateway(settings, running.gateway.port));
      } catch (error) {
        // Once more, a moment later (the old socket may linger); then say so where it is seen.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        this.link.attach(await this.startGateway(settings, running.gateway.port));
        this.log(`restart: the first start failed (${error instanceof Error ? error.message : String(error)}); the second one worked`);
      }
    });
    return this.restarting.catch((error: unknown) => {
      const why = error instanceof Error ? error.message : String(error);
      this.log(`restart failed: ${why}`);
      void this.notifier
        ?.show({ key: 'restart', title: 'Kraken Gate: the gateway did not restart', body: `${why}. Quit Kraken Gate and start it again.`, actions: [], urgency: 'critical', sticky: true }, { onActivate: () => undefined })
        .catch(() => undefined);
    });
  }

  /**
   * Quits cleanly, whichever way it was asked for (menu, OS, signal, logout): every waiting call
   * is refused with the reason and recorded, the upstream stops, the log is closed; then the app exits.
   */
  quit(why: string): Promise<void> {
    this.quitting ??= (async () => {
      let clean = false;
      let pendingApprovals = 0;
      try {
        await this.restarting.catch(() => undefined);
        const running = this.link.current;
        if (running) await denyAllPending(running.gate, `Kraken Gate was quit (${why}) before anyone decided.`);
        pendingApprovals = running?.gate.approvals.pending().length ?? 0;
        this.window.close();
        this.tray?.dispose();
        for (const dispose of this.disposers.splice(0)) dispose();
        await this.notifications?.dispose();
        await this.notifier?.dispose();
        this.link.detach();
        await running?.stop();
        clean = true;
      } catch (error) {
        this.log(`quit: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        this.stopped = true;
        // Only now, with the gate stopped and its log closed, may an update replace the app.
        this.updates?.beforeExit({ clean, pendingApprovals, sessionEnd: this.sessionEnded });
        this.options.shell.app.quit();
      }
    })();
    return this.quitting;
  }

  private async onMenuAction(action: MenuAction): Promise<void> {
    const api = this.link.apiFor(this.callers.tray);
    switch (action.type) {
      case 'toggle-pause': {
        const { paused } = await api.status({});
        await (paused ? api.resume({}) : api.pause({}));
        return;
      }
      case 'approve':
        return this.report(await api.approve({ id: action.id, argsHash: action.argsHash }));
      case 'deny':
        return this.report(await api.deny({ id: action.id }));
      case 'deny-all':
        for (const pending of await api.pending({})) this.report(await api.deny({ id: pending.id }));
        return;
      case 'review':
        return this.window.open(action.id);
      case 'open':
        return this.window.open();
      case 'copy-endpoint':
        this.options.shell.clipboard.writeText((await api.status({})).endpoint);
        return;
      case 'copy-config':
        return this.copyConfig(action.client);
      case 'toggle-start-at-login': {
        const { settings } = await api.settings({});
        await api.updateSettings({ changes: { startAtLogin: !settings.startAtLogin } });
        return;
      }
      case 'quit':
        return this.quit('from the tray menu');
    }
  }

  private report(result: { ok: boolean; message?: string }): void {
    if (!result.ok) this.log(`tray: ${result.message ?? 'refused'}`);
  }

  /** The client's config for this gateway on the clipboard; a notice says what it holds. */
  private async copyConfig(client: ClientId): Promise<void> {
    const running = this.link.current;
    if (!running) return;
    const token = readToken(dataFiles.gatewayToken(this.options.dataDir));
    const snippet = clientSnippet(client, { url: running.gateway.url, token, launcher: this.options.connectLauncher });
    this.options.shell.clipboard.writeText(snippet.command ?? snippet.json);
    await this.notifier?.show(
      {
        key: 'copied',
        title: `Kraken Gate: ${snippet.title} config copied`,
        body: snippet.notes.join(' '),
        actions: [],
        urgency: 'normal',
        sticky: false,
      },
      { onActivate: () => undefined },
    );
  }
}
