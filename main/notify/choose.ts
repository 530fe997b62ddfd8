import { DbusNotifier, type DbusNotifierOptions } from './dbus-notifier.js';
import { NodeNotifierNotifier, type NodeNotifierOptions } from './node-notifier-backend.js';
import type { Notifier } from './notifier.js';

export interface ChooseNotifierOptions {
  platform?: NodeJS.Platform;
  dbus?: DbusNotifierOptions;
  nodeNotifier?: NodeNotifierOptions;
  /** The desktop app's own notifier (Electron's), preferred on macOS and Windows. */
  native?: Notifier;
}

export interface ChosenNotifier {
  notifier: Notifier;
  /** Why this one, for the log: which were tried and why they were passed over. */
  why: string;
}

/**
 * The notifier with buttons on this OS. Linux: D-Bus (Electron's and notify-send's have no
 * buttons), then the native one, then node-notifier. macOS and Windows: the desktop app's own
 * (Electron's Notification), else node-notifier, whose helpers have buttons there.
 */
export async function chooseNotifier(options: ChooseNotifierOptions = {}): Promise<ChosenNotifier> {
  const platform = options.platform ?? process.platform;
  if (platform === 'linux') {
    const dbus = await DbusNotifier.connect(options.dbus);
    if (dbus.notifier) return { notifier: dbus.notifier, why: `D-Bus notification service${dbus.notifier.actions ? ' with buttons' : ' (it shows no buttons)'}` };
    const fallback = options.native ?? new NodeNotifierNotifier({ ...options.nodeNotifier, platform });
    return { notifier: fallback, why: `${dbus.reason}; using ${fallback.name} without buttons` };
  }
  if (options.native) return { notifier: options.native, why: `${options.native.name} notifications` };
  return { notifier: new NodeNotifierNotifier({ ...options.nodeNotifier, platform }), why: 'node-notifier' };
}
