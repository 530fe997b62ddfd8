import type { Notice, NoticeActivation } from './notice.js';

export interface NoticeHandlers {
  /** A button or the body was clicked. Called at most once per shown notice. */
  onActivate(activation: NoticeActivation): void;
}

/**
 * One OS notification system. Implementations: Electron's Notification (macOS, Windows, in the
 * desktop app), org.freedesktop.Notifications over D-Bus (Linux), node-notifier (the fallback,
 * and `serve --notify` on macOS and Windows). Show and withdraw by the notice's key.
 */
export interface Notifier {
  /** For logs and the README's table: which implementation runs. */
  readonly name: string;
  /** Whether buttons appear on this system. Without them a notice says where else to decide. */
  readonly actions: boolean;
  /** Shows the notice; a later notice with the same key replaces it. Resolves once it was handed to the OS. */
  show(notice: Notice, handlers: NoticeHandlers): Promise<void>;
  /** Takes the notice with this key off the screen (decided elsewhere); nothing when none is shown. */
  withdraw(key: string): Promise<void>;
  dispose(): Promise<void>;
}
