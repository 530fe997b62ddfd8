// The tray icon and its menu, redrawn from the contract on every change of the gate's state (a
// new approval, a decision, the pause, the upstream, a setting). Clicks go back to the app as
// MenuActions; the tray itself decides nothing.
import type { GateApi, PendingApproval, Settings, Status } from '../../preload/api.js';
import { Emitter, type Disposer, type Event } from '../gate/events.js';
import type { GateEvent } from '../../preload/api.js';
import { menuModel, type MenuAction, type MenuItemModel } from './menu-model.js';
import type { TrayHandle, TrayShell } from './shell.js';
import { trayLook, type TrayLook } from './tray-look.js';

export interface TrayRender {
  look: TrayLook;
  menu: MenuItemModel[];
}

export interface TrayControllerOptions {
  tray: TrayShell;
  api: Pick<GateApi, 'status' | 'pending' | 'settings'>;
  events: Event<GateEvent>;
  settingsChanged: Event<Settings>;
  iconDir: string;
  platform: NodeJS.Platform;
  onAction(action: MenuAction): void;
  log?: (line: string) => void;
}

export class TrayController {
  private readonly renderEmitter = new Emitter<TrayRender>();
  /** After each redraw, with what was drawn. */
  readonly onDidRender = this.renderEmitter.event;
  private handle: TrayHandle | undefined;
  private subscriptions: Disposer[] = [];
  private rendering: Promise<void> | undefined;
  private dirty = false;
  private disposed = false;

  constructor(private readonly options: TrayControllerOptions) {}

  async start(): Promise<void> {
    const { status, pending, settings } = await this.read();
    const look = trayLook(status, this.options.iconDir, this.options.platform);
    this.handle = this.options.tray.create(look);
    // The desktop smoke test (scripts/desktop-smoke.mjs) looks for this line, and checks the icon file.
    this.options.log?.(`tray: created (${look.state}, ${look.icon})`);
    this.draw(status, pending, settings);
    this.subscriptions = [this.options.events(() => this.schedule()), this.options.settingsChanged(() => this.schedule())];
  }

  dispose(): void {
    this.disposed = true;
    for (const dispose of this.subscriptions.splice(0)) dispose();
    this.handle?.destroy();
    this.handle = undefined;
  }

  /** Coalesces bursts: one redraw runs at a time, and one more follows if anything changed meanwhile. */
  private schedule(): void {
    if (this.disposed) return;
    if (this.rendering) {
      this.dirty = true;
      return;
    }
    this.rendering = (async () => {
      do {
        this.dirty = false;
        try {
          const { status, pending, settings } = await this.read();
          if (!this.disposed) this.draw(status, pending, settings);
        } catch (error) {
          (this.options.log ?? console.error)(`tray: could not redraw: ${error instanceof Error ? error.message : String(error)}`);
        }
      } while (this.dirty && !this.disposed);
      this.rendering = undefined;
    })();
  }

  private async read(): Promise<{ status: Status; pending: PendingApproval[]; settings: Settings }> {
    const [status, pending, view] = await Promise.all([this.options.api.status({}), this.options.api.pending({}), this.options.api.settings({})]);
    return { status, pending, settings: view.settings };
  }

  private draw(status: Status, pending: PendingApproval[], settings: Settings): void {
    if (!this.handle) return;
    const look = trayLook(status, this.options.iconDir, this.options.platform);
    const menu = menuModel(status, pending, { settings });
    this.handle.setLook(look);
    this.handle.setMenu(menu, (action) => this.options.onAction(action));
    this.renderEmitter.fire({ look, menu });
  }
}
