// node-notifier: the fallback notifier, and what `kraken-gate serve --notify` uses on macOS and
// Windows (its terminal-notifier and SnoreToast helpers ship inside the npm package and have
// buttons). Its Linux backend is notify-send, which has none: there the notices carry no buttons
// and say where else to decide. It cannot take a shown notice back on every OS either: a stale
// button then answers "already decided", which the controller logs and ignores.
import type { Notice, NoticeActivation } from './notice.js';
import type { NoticeHandlers, Notifier } from './notifier.js';

/** The part of node-notifier's `notify` this uses (injectable: tests have no notification center). */
export type NotifyFunction = (
  options: Record<string, unknown>,
  callback: (error: Error | null, response: string | undefined, metadata?: { activationValue?: string; button?: string; activationType?: string }) => void,
) => unknown;

export interface NodeNotifierOptions {
  platform?: NodeJS.Platform;
  /** Windows: the AppUserModelID the toasts are shown under. */
  appId?: string;
  icon?: string;
  notify?: NotifyFunction;
}

/** Where node-notifier shows buttons: terminal-notifier (macOS) and SnoreToast (Windows). */
export function nodeNotifierHasActions(platform: NodeJS.Platform): boolean {
  return platform === 'darwin' || platform === 'win32';
}

/** Which button (by its label) or the body the user chose, from node-notifier's callback. */
export function activationFromResponse(notice: Notice, response: string | undefined, metadata: { activationValue?: string; button?: string } = {}): NoticeActivation | undefined {
  const label = metadata.activationValue ?? metadata.button;
  // A button it names must be one this notice offered; nothing else counts.
  if (label !== undefined) return notice.actions.find((a) => a.label === label)?.id;
  return response === 'activate' && notice.approvalId ? 'default' : undefined;
}

export class NodeNotifierNotifier implements Notifier {
  readonly name = 'node-notifier';
  readonly actions: boolean;
  private readonly platform: NodeJS.Platform;
  private notifyFn: NotifyFunction | undefined;
  /** Keys shown, so a decision elsewhere drops the button's effect even where the toast stays. */
  private readonly live = new Set<string>();

  constructor(private readonly options: NodeNotifierOptions = {}) {
    this.platform = options.platform ?? process.platform;
    this.actions = nodeNotifierHasActions(this.platform);
    this.notifyFn = options.notify;
  }

  async show(notice: Notice, handlers: NoticeHandlers): Promise<void> {
    const notify = await this.load();
    this.live.add(notice.key);
    const buttons = this.actions ? notice.actions.map((a) => a.label) : [];
    notify(
      {
        title: notice.title,
        message: notice.body,
        ...(buttons.length > 0 && { actions: buttons, closeLabel: 'Later', dropdownLabel: 'Decide' }),
        // An approval waits for an answer for as long as it can be decided; others go by themselves.
        wait: notice.sticky,
        timeout: notice.sticky ? 3600 : 10,
        ...(this.options.appId && { appID: this.options.appId }),
        ...(this.options.icon && { icon: this.options.icon }),
      },
      (error, response, metadata) => {
        if (error || !this.live.has(notice.key)) return;
        const activation = activationFromResponse(notice, response, metadata);
        if (!activation) return;
        this.live.delete(notice.key);
        handlers.onActivate(activation);
      },
    );
  }

  async withdraw(key: string): Promise<void> {
    this.live.delete(key);
  }

  async dispose(): Promise<void> {
    this.live.clear();
  }

  private async load(): Promise<NotifyFunction> {
    if (!this.notifyFn) {
      const { default: notifier } = await import('node-notifier');
      this.notifyFn = (options, callback) => notifier.notify(options as never, callback as never);
    }
    return this.notifyFn;
  }
}
