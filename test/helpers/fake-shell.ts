// A recording DesktopShell: what the desktop app would ask of Electron, kept as data a test can
// read, and the user's side (clicks, a second launch, a signal, logout) as methods a test calls.
import type { AppResponse } from '../../main/desktop/app-protocol.js';
import type { MenuAction, MenuItemModel } from '../../main/desktop/menu-model.js';
import type {
  DesktopShell,
  IpcSender,
  NativeNotificationEvents,
  NativeNotificationOptions,
  QuitRequest,
  WindowHandle,
} from '../../main/desktop/shell.js';
import type { TrayLook } from '../../main/desktop/tray-look.js';
import type { WindowSpec } from '../../main/desktop/window-spec.js';
import { Emitter } from '../../main/gate/events.js';

export class FakeNotification {
  closed = false;
  constructor(
    readonly options: NativeNotificationOptions,
    private readonly events: NativeNotificationEvents,
  ) {}
  /** The user clicks the button with this label. */
  click(label: string): void {
    const index = this.options.actions.indexOf(label);
    if (index === -1) throw new Error(`no button "${label}" on "${this.options.body}" (it has ${this.options.actions.join(', ') || 'none'})`);
    this.events.onAction(index);
  }
  clickBody(): void {
    this.events.onClick();
  }
}

export class FakeWindow implements WindowHandle {
  static nextId = 100;
  readonly webContentsId = FakeWindow.nextId++;
  readonly loads: string[] = [];
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  shown = 0;
  focused = 0;
  closed = false;
  private readonly closedEmitter = new Emitter<void>();
  constructor(readonly spec: WindowSpec) {}
  load(url: string): void {
    this.loads.push(url);
  }
  show(): void {
    this.shown += 1;
  }
  focus(): void {
    this.focused += 1;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  onClosed(listener: () => void): void {
    this.closedEmitter.event(listener);
  }
  /** The user closes the window. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.closedEmitter.fire();
  }
}

export class FakeTray {
  readonly looks: TrayLook[] = [];
  menu: MenuItemModel[] = [];
  destroyed = false;
  private onAction: (action: MenuAction) => void = () => undefined;
  private readonly menuEmitter = new Emitter<MenuItemModel[]>();
  readonly onDidSetMenu = this.menuEmitter.event;
  constructor(look: TrayLook) {
    this.looks.push(look);
  }
  get look(): TrayLook {
    return this.looks.at(-1)!;
  }
  setLook(look: TrayLook): void {
    this.looks.push(look);
  }
  setMenu(items: MenuItemModel[], onAction: (action: MenuAction) => void): void {
    this.menu = items;
    this.onAction = onAction;
    this.menuEmitter.fire(items);
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** Finds an item by its label path ("Copy config for…", "Cursor") in the menu as last set. */
  item(...path: Array<string | RegExp>): MenuItemModel {
    let items = this.menu;
    let found: MenuItemModel | undefined;
    for (const label of path) {
      found = items.find((i) => i.kind !== 'separator' && (label instanceof RegExp ? label.test(i.label) : i.label === label));
      if (!found) throw new Error(`no menu item "${label}" in: ${items.map((i) => (i.kind === 'separator' ? '—' : i.label)).join(' | ')}`);
      items = found.kind === 'submenu' ? found.items : [];
    }
    return found!;
  }
  /** The user clicks the item at this label path. */
  click(...path: Array<string | RegExp>): void {
    const item = this.item(...path);
    if (item.kind === 'separator' || item.kind === 'submenu' || !item.action || (item.kind === 'item' && item.enabled === false)) {
      throw new Error(`"${path.join(' › ')}" cannot be clicked`);
    }
    this.onAction(item.action);
  }
}

export interface FakeShellOptions {
  platform?: NodeJS.Platform;
  /** false: another instance holds the lock. */
  lock?: boolean;
  encryption?: boolean;
  storageBackend?: string;
  notificationsSupported?: boolean;
  /** A Mac with Touch ID: prompts are answered from `touchIdAnswers` (true: confirmed). */
  touchId?: boolean;
}

export class FakeShell implements DesktopShell {
  readonly platform: NodeJS.Platform;
  readonly packaged = true;
  readonly trays: FakeTray[] = [];
  readonly notificationsShown: FakeNotification[] = [];
  readonly windowsCreated: FakeWindow[] = [];
  readonly clipboardTexts: string[] = [];
  readonly loginItems: Array<{ openAtLogin: boolean; args: string[] }> = [];
  readonly handlers = new Map<string, (sender: IpcSender, payload: unknown) => Promise<unknown>>();
  quitCalls = 0;
  dockHidden = false;
  appUserModelId: string | undefined;
  appResolver: ((url: string) => AppResponse) | undefined;

  private readonly notificationEmitter = new Emitter<FakeNotification>();
  readonly onDidNotify = this.notificationEmitter.event;
  private readonly quitEmitter = new Emitter<void>();
  readonly onDidQuit = this.quitEmitter.event;
  private readonly listeners = {
    secondInstance: new Emitter<void>(),
    allClosed: new Emitter<void>(),
    beforeQuit: new Emitter<QuitRequest>(),
    sessionEnd: new Emitter<QuitRequest>(),
    terminate: new Emitter<string>(),
  };

  constructor(private readonly options: FakeShellOptions = {}) {
    this.platform = options.platform ?? 'darwin';
  }

  get tray(): DesktopShell['tray'] & { current: FakeTray } {
    const trays = this.trays;
    return {
      create: (look) => {
        const tray = new FakeTray(look);
        trays.push(tray);
        return tray;
      },
      get current() {
        return trays.at(-1)!;
      },
    };
  }

  readonly app: DesktopShell['app'] = {
    requestSingleInstanceLock: () => this.options.lock ?? true,
    onSecondInstance: (listener) => void this.listeners.secondInstance.event(listener),
    onWindowAllClosed: (listener) => void this.listeners.allClosed.event(listener),
    onBeforeQuit: (listener) => void this.listeners.beforeQuit.event(listener),
    onSessionEnd: (listener) => void this.listeners.sessionEnd.event(listener),
    onTerminate: (listener) => void this.listeners.terminate.event(listener),
    hideDock: () => void (this.dockHidden = true),
    setAppUserModelId: (id) => void (this.appUserModelId = id),
    setLoginItem: (settings) => void this.loginItems.push(settings),
    quit: () => {
      this.quitCalls += 1;
      this.quitEmitter.fire();
    },
  };

  readonly notifications: DesktopShell['notifications'] = {
    isSupported: () => this.options.notificationsSupported ?? true,
    show: (options, events) => {
      const notification = new FakeNotification(options, events);
      this.notificationsShown.push(notification);
      this.notificationEmitter.fire(notification);
      return { close: () => void (notification.closed = true) };
    },
  };

  readonly windows: DesktopShell['windows'] = {
    serveApp: (resolve) => void (this.appResolver = resolve),
    create: (spec) => {
      const window = new FakeWindow(spec);
      this.windowsCreated.push(window);
      return window;
    },
  };

  readonly clipboard = { writeText: (text: string) => void this.clipboardTexts.push(text) };

  /** What Touch ID asked, and the answers it gives next (first in, first out; none left: false). */
  readonly touchIdPrompts: string[] = [];
  readonly touchIdAnswers: boolean[] = [];
  readonly biometrics: DesktopShell['biometrics'] = {
    canPrompt: () => this.options.touchId === true,
    prompt: async (reason) => {
      this.touchIdPrompts.push(reason);
      return this.touchIdAnswers.shift() ?? false;
    },
  };

  readonly safeStorage: DesktopShell['safeStorage'] = {
    isEncryptionAvailable: () => this.options.encryption ?? true,
    backend: () => this.options.storageBackend ?? 'os',
    // Reversible but not plain text, so a test can tell the file holds no readable key.
    encryptString: (text) => Buffer.from(`sealed:${Buffer.from(text).toString('hex').split('').reverse().join('')}`),
    decryptString: (data) => {
      const text = data.toString();
      if (!text.startsWith('sealed:')) throw new Error('not sealed by this keychain');
      return Buffer.from(text.slice('sealed:'.length).split('').reverse().join(''), 'hex').toString();
    },
  };

  readonly ipc: DesktopShell['ipc'] = {
    handle: (channel, handler) => {
      if (this.handlers.has(channel)) throw new Error(`a second handler for ${channel}`);
      this.handlers.set(channel, handler);
    },
    removeHandler: (channel) => void this.handlers.delete(channel),
  };

  get window(): FakeWindow | undefined {
    return this.windowsCreated.filter((w) => !w.closed).at(-1);
  }

  /** What the renderer's `ipcRenderer.invoke(channel, payload)` would reach, from `sender`. */
  invoke(channel: string, payload: unknown, sender: IpcSender): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return handler(sender, payload);
  }

  /** The app's own window, as a sender. */
  windowSender(url = 'app://kraken-gate/index.html'): IpcSender {
    const window = this.window;
    if (!window) throw new Error('no window is open');
    return { frameUrl: url, mainFrame: true, webContentsId: window.webContentsId };
  }

  launchAgain(): void {
    this.listeners.secondInstance.fire();
  }
  closeAllWindows(): void {
    for (const window of this.windowsCreated) window.close();
    this.listeners.allClosed.fire();
  }
  /** The OS asks to quit (Cmd+Q, the Dock); returns whether the app held it off to stop cleanly first. */
  requestQuit(): boolean {
    let prevented = false;
    this.listeners.beforeQuit.fire({ preventDefault: () => void (prevented = true) });
    return prevented;
  }
  endSession(): boolean {
    let prevented = false;
    this.listeners.sessionEnd.fire({ preventDefault: () => void (prevented = true) });
    return prevented;
  }
  signal(name: string): void {
    this.listeners.terminate.fire(name);
  }
}
