// The window's BrowserWindow options and what its web contents may do, as data: the Electron shell
// applies them, tests read them. The renderer is untrusted by design (it shows text from agents):
// isolated, sandboxed, no Node, no navigation, no new windows, no permissions.
import { APP_HOST, APP_SCHEME } from './app-protocol.js';

export interface WindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  /** Shown once the page is ready, or when asked (a tray app does not pop up on its own). */
  show: false;
  autoHideMenuBar: true;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    webviewTag: false;
    experimentalFeatures: false;
    navigateOnDragDrop: false;
    spellcheck: false;
    safeDialogs: true;
    devTools: boolean;
  };
}

export interface WebContentsPolicy {
  /** `will-navigate` / `will-redirect` / `will-frame-navigate`: the UI routes on the hash, so never. */
  allowNavigation(url: string): boolean;
  /** `setWindowOpenHandler`: never a second window, never a web page inside the app. */
  allowWindowOpen(url: string): boolean;
  /** Session permission requests and checks (camera, notifications, clipboard, …): none. */
  allowPermission(permission: string): boolean;
  /** `will-attach-webview`: never. */
  allowWebview: false;
  /** Devtools may open (unpackaged builds only); else they are closed as soon as they open. */
  devTools: boolean;
}

export interface WindowSpec {
  options: WindowOptions;
  policy: WebContentsPolicy;
}

export function windowSpec({ preloadPath, packaged }: { preloadPath: string; packaged: boolean }): WindowSpec {
  return {
    options: {
      width: 1100,
      height: 760,
      minWidth: 720,
      minHeight: 480,
      title: 'Kraken Gate',
      show: false,
      autoHideMenuBar: true,
      webPreferences: {
        preload: preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        experimentalFeatures: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        safeDialogs: true,
        devTools: !packaged,
      },
    },
    policy: {
      allowNavigation: () => false,
      allowWindowOpen: () => false,
      allowPermission: () => false,
      allowWebview: false,
      devTools: !packaged,
    },
  };
}

/** A sender the gate's IPC answers: the top frame of our window, showing one of our pages. */
export function isTrustedSender(sender: { frameUrl: string | undefined; mainFrame: boolean; webContentsId: number }, windowId: number | undefined): boolean {
  if (windowId === undefined || sender.webContentsId !== windowId || !sender.mainFrame || !sender.frameUrl) return false;
  try {
    // (URL.origin is "null" for a scheme WHATWG does not know, so compare its parts.)
    const url = new URL(sender.frameUrl);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
