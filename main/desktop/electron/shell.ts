// The DesktopShell on Electron: a thin translation, no decisions. What it applies (window options,
// the navigation/permission policy, the menu, the CSP) is built and tested elsewhere as data.
import { readFile } from 'node:fs/promises';
import {
  app,
  BrowserWindow,
  clipboard,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  systemPreferences,
  Tray,
  type MenuItemConstructorOptions,
} from 'electron';
import { APP_SCHEME } from '../app-protocol.js';
import type { MenuAction, MenuItemModel } from '../menu-model.js';
import type { DesktopShell, NativeNotification, QuitRequest, WindowHandle } from '../shell.js';
import type { TrayLook } from '../tray-look.js';
import type { WindowSpec } from '../window-spec.js';
import { electronStoreSettings } from './settings-backend.js';

/** Before `app` is ready: app:// must be a standard, secure scheme for 'self' in the CSP to mean it. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Windows and Linux read "&" in a menu label as a mnemonic marker; the text shows it literally. */
function menuLabel(label: string): string {
  return label.replace(/&/g, '&&');
}

function toTemplate(items: MenuItemModel[], onAction: (action: MenuAction) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'checkbox':
        return { type: 'checkbox', label: menuLabel(item.label), checked: item.checked, click: () => onAction(item.action) };
      case 'submenu':
        return { label: menuLabel(item.label), submenu: toTemplate(item.items, onAction) };
      case 'item': {
        const action = item.action;
        return {
          label: menuLabel(item.label),
          enabled: action !== undefined && item.enabled !== false,
          ...(action && { click: () => onAction(action) }),
        };
      }
    }
  });
}

function trayImage(look: TrayLook) {
  const image = nativeImage.createFromPath(look.icon);
  return image;
}

export function createElectronShell(): DesktopShell {
  // Electron drops the events of a notification that was garbage collected: keep the live ones.
  const liveNotifications = new Set<Notification>();
  let sessionEndWindow: BrowserWindow | undefined;

  return {
    platform: process.platform,
    packaged: app.isPackaged,
    app: {
      requestSingleInstanceLock: () => app.requestSingleInstanceLock(),
      onSecondInstance: (listener) => void app.on('second-instance', () => listener()),
      onWindowAllClosed: (listener) => void app.on('window-all-closed', () => listener()),
      onBeforeQuit: (listener) => void app.on('before-quit', (event) => listener(event)),
      onSessionEnd: (listener) => {
        // Linux and macOS: powerMonitor; preventDefault asks the OS to wait (logind inhibitor on Linux).
        powerMonitor.on('shutdown', () => listener({ preventDefault: () => undefined }));
        if (process.platform === 'win32') {
          // Windows tells only windows that the session ends: a hidden one listens for the tray app.
          sessionEndWindow ??= new BrowserWindow({ show: false, width: 1, height: 1, skipTaskbar: true, webPreferences: { sandbox: true, contextIsolation: true } });
          sessionEndWindow.on('session-end', (event) => listener(event as unknown as QuitRequest));
        }
      },
      onTerminate: (listener) => {
        for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => listener(signal));
      },
      hideDock: () => app.dock?.hide(),
      setAppUserModelId: (id, toastActivatorClsid) => {
        // First: Electron bakes the CLSID into the shortcut and the registration it makes for the id.
        app.setToastActivatorCLSID(toastActivatorClsid);
        app.setAppUserModelId(id);
      },
      // args reach the app on Windows only; on macOS electron/main.ts asks wasOpenedAtLogin instead.
      setLoginItem: ({ openAtLogin, args }) => app.setLoginItemSettings({ openAtLogin, args }),
      quit: () => {
        sessionEndWindow?.destroy();
        app.quit();
      },
    },
    tray: {
      create(look) {
        const tray = new Tray(trayImage(look));
        tray.setToolTip(look.tooltip);
        // Windows: a left click shows the menu too, as users expect from a tray-only app.
        if (process.platform === 'win32') tray.on('click', () => tray.popUpContextMenu());
        return {
          setLook(next) {
            tray.setImage(trayImage(next));
            tray.setToolTip(next.tooltip);
          },
          setMenu(items, onAction) {
            tray.setContextMenu(Menu.buildFromTemplate(toTemplate(items, onAction)));
          },
          destroy: () => tray.destroy(),
        };
      },
    },
    notifications: {
      isSupported: () => Notification.isSupported(),
      show(options, events): NativeNotification {
        const notification = new Notification({
          title: options.title,
          body: options.body,
          actions: options.actions.map((text) => ({ type: 'button' as const, text })),
          urgency: options.urgency,
          timeoutType: options.sticky ? 'never' : 'default',
          ...(options.actions.length > 0 && { closeButtonText: 'Later' }),
        });
        liveNotifications.add(notification);
        notification.on('action', (details) => events.onAction(details.actionIndex));
        notification.on('click', () => events.onClick());
        notification.on('close', () => {
          liveNotifications.delete(notification);
          events.onClose();
        });
        notification.show();
        return {
          close: () => {
            liveNotifications.delete(notification);
            notification.close();
          },
        };
      },
    },
    windows: {
      serveApp(resolve) {
        protocol.handle(APP_SCHEME, async (request) => {
          const answer = resolve(request.url);
          if (answer.status === 200) {
            try {
              return new Response(await readFile(answer.file), { status: 200, headers: answer.headers });
            } catch {
              // missing file: 404 below
            }
          }
          return new Response('Not found', { status: 404, headers: answer.headers });
        });
      },
      create(spec: WindowSpec): WindowHandle {
        const window = new BrowserWindow(spec.options);
        const contents = window.webContents;
        const { policy } = spec;
        contents.on('will-navigate', (event) => void (policy.allowNavigation(event.url) || event.preventDefault()));
        contents.on('will-frame-navigate', (event) => void (policy.allowNavigation(event.url) || event.preventDefault()));
        contents.on('will-redirect', (event) => void (policy.allowNavigation(event.url) || event.preventDefault()));
        contents.on('will-attach-webview', (event) => event.preventDefault());
        contents.setWindowOpenHandler(({ url }) => ({ action: policy.allowWindowOpen(url) ? 'allow' : 'deny' }));
        contents.session.setPermissionRequestHandler((_contents, permission, callback) => callback(policy.allowPermission(permission)));
        contents.session.setPermissionCheckHandler((_contents, permission) => policy.allowPermission(permission));
        if (!policy.devTools) contents.on('devtools-opened', () => contents.closeDevTools());
        return {
          webContentsId: contents.id,
          load: (url) => void window.loadURL(url),
          show: () => window.show(),
          focus: () => {
            if (window.isMinimized()) window.restore();
            window.focus();
          },
          send: (channel, payload) => {
            if (!contents.isDestroyed()) contents.send(channel, payload);
          },
          onClosed: (listener) => void window.on('closed', listener),
          close: () => {
            if (!window.isDestroyed()) window.close();
          },
        };
      },
    },
    clipboard: { writeText: (text) => clipboard.writeText(text) },
    safeStorage: {
      isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
      backend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os'),
      encryptString: (text) => safeStorage.encryptString(text),
      decryptString: (data) => safeStorage.decryptString(data),
    },
    ipc: {
      handle(channel, handler) {
        ipcMain.handle(channel, (event, payload: unknown) => {
          const frame = event.senderFrame;
          return handler({ frameUrl: frame?.url, mainFrame: frame !== null && frame === event.sender.mainFrame, webContentsId: event.sender.id }, payload);
        });
      },
      removeHandler: (channel) => ipcMain.removeHandler(channel),
    },
    biometrics: {
      canPrompt: () => process.platform === 'darwin' && systemPreferences.canPromptTouchID(),
      // Rejected when the person cancels or the sensor fails: that is a no.
      prompt: (reason) => systemPreferences.promptTouchID(reason).then(
        () => true,
        () => false,
      ),
    },
    settingsBackend: electronStoreSettings,
  };
}
