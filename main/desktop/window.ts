// The one window: created when first asked for, shown and focused on every later ask (the tray's
// "Open", Review on a notification, a second launch of the app), gone when closed; the app lives on.
import { GATE_EVENT_CHANNEL } from '../../preload/window-gate.js';
import type { GateEvent } from '../../preload/api.js';
import { appUrl } from './app-protocol.js';
import type { IpcSender, WindowHandle, WindowShell } from './shell.js';
import { isTrustedSender, windowSpec } from './window-spec.js';

export interface WindowControllerOptions {
  windows: WindowShell;
  preloadPath: string;
  packaged: boolean;
}

export class WindowController {
  private handle: WindowHandle | undefined;

  constructor(private readonly options: WindowControllerOptions) {}

  get isOpen(): boolean {
    return this.handle !== undefined;
  }

  /** Opens (or brings forward) the window, on one approval when given. */
  open(approvalId?: string): void {
    if (!this.handle) {
      const handle = this.options.windows.create(windowSpec({ preloadPath: this.options.preloadPath, packaged: this.options.packaged }));
      handle.onClosed(() => {
        if (this.handle === handle) this.handle = undefined;
      });
      this.handle = handle;
      handle.load(appUrl(approvalId));
    } else if (approvalId) {
      this.handle.load(appUrl(approvalId));
    }
    this.handle.show();
    this.handle.focus();
  }

  /** Pushes a gate event to the page (nothing when the window is closed). */
  send(event: GateEvent): void {
    this.handle?.send(GATE_EVENT_CHANNEL, event);
  }

  isTrusted(sender: IpcSender): boolean {
    return isTrustedSender(sender, this.handle?.webContentsId);
  }

  close(): void {
    const handle = this.handle;
    this.handle = undefined;
    handle?.close();
  }
}
