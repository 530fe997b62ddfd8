// Electron's Notification, through the shell: the desktop app's notifier on macOS and Windows.
// Buttons show on Windows (toasts under the app's AppUserModelID) and on macOS only for a signed
// app whose notifications the user set to the "Alerts" style; elsewhere the notice carries none.
import type { Notice } from '../notify/notice.js';
import type { NoticeHandlers, Notifier } from '../notify/notifier.js';
import type { NativeNotification, NotificationShell } from './shell.js';

export function electronHasActions(platform: NodeJS.Platform): boolean {
  return platform === 'darwin' || platform === 'win32';
}

export class ElectronNotifier implements Notifier {
  readonly name = 'electron';
  readonly actions: boolean;
  private readonly shown = new Map<string, NativeNotification>();

  constructor(
    private readonly notifications: NotificationShell,
    platform: NodeJS.Platform,
  ) {
    this.actions = electronHasActions(platform);
  }

  async show(notice: Notice, handlers: NoticeHandlers): Promise<void> {
    this.shown.get(notice.key)?.close();
    let answered = false;
    const once = (run: () => void) => {
      if (answered) return;
      answered = true;
      this.forget(notice.key, native);
      run();
    };
    const native = this.notifications.show(
      { title: notice.title, body: notice.body, actions: this.actions ? notice.actions.map((a) => a.label) : [], urgency: notice.urgency, sticky: notice.sticky },
      {
        onAction: (index) => {
          const action = notice.actions[index];
          if (action) once(() => handlers.onActivate(action.id));
        },
        onClick: () => notice.approvalId && once(() => handlers.onActivate('default')),
        onClose: () => this.forget(notice.key, native),
      },
    );
    this.shown.set(notice.key, native);
  }

  async withdraw(key: string): Promise<void> {
    const native = this.shown.get(key);
    this.shown.delete(key);
    native?.close();
  }

  async dispose(): Promise<void> {
    for (const key of [...this.shown.keys()]) await this.withdraw(key);
  }

  private forget(key: string, native: NativeNotification): void {
    if (this.shown.get(key) === native) this.shown.delete(key);
  }
}
