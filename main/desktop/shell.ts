// The one interface through which the desktop app reaches Electron: app lifecycle, tray and menu,
// notifications, the window, clipboard, safeStorage, login items, IPC and the settings store. Its
// Electron implementation (electron/shell.ts) is a thin translation; tests pass a recording fake
// and run everything else (lifecycle, tray, menus, notifications, IPC checks, settings) in plain
// Node.
import type { MenuAction, MenuItemModel } from './menu-model.js';
import type { TrayLook } from './tray-look.js';
import type { AppResponse } from './app-protocol.js';
import type { WindowSpec } from './window-spec.js';
import type { SettingsBackend } from '../gate/state/settings.js';

export interface DesktopShell {
  readonly platform: NodeJS.Platform;
  /** Running from an installed package rather than from the sources (`npm start`). */
  readonly packaged: boolean;
  readonly app: AppShell;
  readonly tray: TrayShell;
  readonly notifications: NotificationShell;
  readonly windows: WindowShell;
  readonly clipboard: { writeText(text: string): void };
  readonly safeStorage: SafeStorageShell;
  readonly ipc: IpcShell;
  readonly biometrics: BiometricsShell;
  /** What opens settings.json: electron-store on Electron; conf, as headless, when not given. */
  readonly settingsBackend?: SettingsBackend;
}

/** macOS Touch ID (systemPreferences); elsewhere it cannot prompt. */
export interface BiometricsShell {
  canPrompt(): boolean;
  /** Resolves true when the person confirmed with their fingerprint, false when not. */
  prompt(reason: string): Promise<boolean>;
}

/** A quit or session end that may be held off until the gate has stopped cleanly. */
export interface QuitRequest {
  preventDefault(): void;
}

export interface AppShell {
  requestSingleInstanceLock(): boolean;
  /** Someone launched the app again while it runs (the second process exits at once). */
  onSecondInstance(listener: () => void): void;
  /** Registering it keeps the app alive with no window open (Electron quits otherwise). */
  onWindowAllClosed(listener: () => void): void;
  /** A quit asked for by the OS or the platform's UI (Cmd+Q, the Dock, macOS logout). */
  onBeforeQuit(listener: (request: QuitRequest) => void): void;
  /** The session ends: logout, reboot or shutdown (powerMonitor 'shutdown'; 'session-end' on Windows). */
  onSessionEnd(listener: (request: QuitRequest) => void): void;
  /** SIGTERM, SIGINT or SIGHUP reached the process. */
  onTerminate(listener: (signal: string) => void): void;
  /** macOS: no Dock icon; the app lives in the menu bar. */
  hideDock(): void;
  /**
   * Windows: the AppUserModelID toasts are shown under and the toast activator's CLSID (the Start
   * menu shortcut must carry both: the installer writes the first, Electron the second).
   */
  setAppUserModelId(id: string, toastActivatorClsid: string): void;
  /** macOS and Windows login items (Linux uses an XDG autostart file instead). */
  setLoginItem(settings: { openAtLogin: boolean; args: string[] }): void;
  /** Quits for real: before-quit fires again, now let through. */
  quit(): void;
}

export interface TrayShell {
  create(look: TrayLook): TrayHandle;
}

export interface TrayHandle {
  setLook(look: TrayLook): void;
  /** Replaces the whole context menu (Linux AppIndicator only sees a menu given anew). */
  setMenu(items: MenuItemModel[], onAction: (action: MenuAction) => void): void;
  destroy(): void;
}

export interface NativeNotificationOptions {
  title: string;
  body: string;
  /** Button labels, in order; `onAction` reports the index. */
  actions: string[];
  urgency: 'normal' | 'critical';
  /** Stays until closed (Windows and Linux honour it; macOS alerts stay by their style). */
  sticky: boolean;
}

export interface NativeNotificationEvents {
  onAction(index: number): void;
  onClick(): void;
  onClose(): void;
}

export interface NativeNotification {
  close(): void;
}

export interface NotificationShell {
  isSupported(): boolean;
  show(options: NativeNotificationOptions, events: NativeNotificationEvents): NativeNotification;
}

export interface WindowShell {
  /** Serves the window's pages on the app:// scheme (a stable origin, CSP on every response). */
  serveApp(resolve: (url: string) => AppResponse): void;
  create(spec: WindowSpec): WindowHandle;
}

export interface WindowHandle {
  readonly webContentsId: number;
  load(url: string): void;
  show(): void;
  focus(): void;
  /** Main → renderer; only the event channel is used. */
  send(channel: string, payload: unknown): void;
  onClosed(listener: () => void): void;
  close(): void;
}

export interface SafeStorageShell {
  isEncryptionAvailable(): boolean;
  /** Linux: which secret store backs it ('basic_text' means none: a hard-coded key). Elsewhere 'os'. */
  backend(): string;
  encryptString(text: string): Buffer;
  decryptString(data: Buffer): string;
}

/** Who sent an IPC message, as far as the main process can tell. */
export interface IpcSender {
  /** The sending frame's URL; undefined when the frame is gone. */
  frameUrl: string | undefined;
  /** The top-level frame of its page, not an iframe. */
  mainFrame: boolean;
  webContentsId: number;
}

export interface IpcShell {
  handle(channel: string, handler: (sender: IpcSender, payload: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}
