// `kraken-gate serve --notify`: the desktop app's notifications for the headless gateway, so a
// person running it on their own machine hears of a held order without watching the terminal.
import type { GateApiFor } from '../gate/api/gate-api.js';
import type { Gate } from '../gate/gate.js';
import { chooseNotifier, type ChooseNotifierOptions } from './choose.js';
import { NotificationController, type NotificationSource } from './controller.js';
import type { Notifier } from './notifier.js';

/**
 * The events and contract of an in-process gate, as the controller takes them. The headless
 * gateway's notifications come through notify-send or D-Bus, where another program of the same
 * user could fake a click: a click there is no proof of presence.
 */
export function notificationSourceOf(running: { gate: Gate; apiFor: GateApiFor }): NotificationSource {
  return {
    events: running.gate.onDidChange,
    toolsChanged: (listener) => running.gate.onDidChangePins((changes) => listener(changes.filter((c) => c.kind === 'changed').map((c) => c.tool))),
    api: running.apiFor({ channel: 'notification', present: false }),
    clicksArePresence: false,
  };
}

export interface AttachNotificationsOptions extends ChooseNotifierOptions {
  /** Given instead of choosing one (tests). */
  notifier?: Notifier;
  log?: (line: string) => void;
  upstreamDownMs?: number;
}

export interface AttachedNotifications {
  notifier: Notifier;
  controller: NotificationController;
  dispose(): Promise<void>;
}

/**
 * Notifies about held calls, the pause, a down upstream and changed tools of a running headless
 * gate. Headless has no window: Review and a click on the body print where to read the call.
 */
export async function attachNotifications(running: { gate: Gate; apiFor: GateApiFor }, options: AttachNotificationsOptions = {}): Promise<AttachedNotifications> {
  const log = options.log ?? ((line: string) => console.log(line));
  const chosen = options.notifier ? { notifier: options.notifier, why: 'given' } : await chooseNotifier(options);
  log(`notifications: ${chosen.why}`);
  const controller = await NotificationController.attach(notificationSourceOf(running), {
    notifier: chosen.notifier,
    openApproval: (id) => log(`[${id}] to read it in full: kraken-gate pending; then kraken-gate approve ${id} | deny ${id}`),
    upstreamDownMs: options.upstreamDownMs,
    log,
  });
  return {
    notifier: chosen.notifier,
    controller,
    async dispose() {
      await controller.dispose();
      await chosen.notifier.dispose();
    },
  };
}
