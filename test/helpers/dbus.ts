// A private D-Bus session bus and a stand-in notification daemon on it, for tests of the Linux
// notifier against the real protocol (the machine's own desktop session is never touched).
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Message, MessageType, sessionBus, type MessageBus } from '@jellybrick/dbus-next';
import { Emitter } from '../../main/gate/events.js';

/** Why a D-Bus test cannot run here, or undefined when dbus-daemon is installed. */
export function dbusDaemonMissing(): string | undefined {
  try {
    execFileSync('dbus-daemon', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'dbus-daemon is not installed (apt-get install dbus); .ci/run installs it';
  }
}

export interface PrivateBus {
  address: string;
  stop(): void;
}

/** `dbus-daemon --session` on a socket in a temporary folder. */
export function startPrivateBus(): Promise<PrivateBus> {
  const dir = mkdtempSync(join(tmpdir(), 'kraken-gate-dbus-'));
  return new Promise((resolve, reject) => {
    execFile(
      'dbus-daemon',
      ['--session', '--fork', '--print-address=1', '--print-pid=1', `--address=unix:path=${join(dir, 'bus')}`],
      (error, stdout) => {
        if (error) return reject(error);
        const [address, pid] = stdout.trim().split('\n');
        if (!address || !pid) return reject(new Error(`dbus-daemon said: ${stdout}`));
        resolve({
          address,
          stop() {
            try {
              process.kill(Number(pid));
            } catch {
              // already gone
            }
            rmSync(dir, { recursive: true, force: true });
          },
        });
      },
    );
  });
}

export interface NotifyCall {
  id: number;
  appName: string;
  replacesId: number;
  summary: string;
  body: string;
  /** The flat [key, label, …] list as sent. */
  actions: string[];
  hints: Record<string, unknown>;
  expireTimeout: number;
  /** process.hrtime.bigint() when the call reached the daemon. */
  receivedAt: bigint;
}

export interface TestNotificationDaemon {
  /** Every Notify, in order. */
  readonly notified: NotifyCall[];
  readonly onNotify: (listener: (call: NotifyCall) => void) => () => void;
  /** Ids the client asked to close. */
  readonly closed: number[];
  readonly onClose: (listener: (id: number) => void) => () => void;
  /** What the user "clicks", as the daemon's ActionInvoked signal (then NotificationClosed, as real daemons do). */
  invoke(id: number, key: string): void;
  stop(): void;
}

export interface DaemonOptions {
  capabilities?: string[];
  /** Answer each Notify with this action at once (a user who clicks immediately). */
  answer?: (call: NotifyCall) => string | undefined;
}

const IFACE = 'org.freedesktop.Notifications';
const PATH = '/org/freedesktop/Notifications';

/** A notification daemon that owns org.freedesktop.Notifications on `address` and records what it is asked. */
export async function startNotificationDaemon(address: string, options: DaemonOptions = {}): Promise<TestNotificationDaemon> {
  const bus: MessageBus = sessionBus({ busAddress: address });
  (bus as unknown as NodeJS.EventEmitter).on('error', () => undefined);
  const notified: NotifyCall[] = [];
  const closed: number[] = [];
  const notifyEmitter = new Emitter<NotifyCall>();
  const closeEmitter = new Emitter<number>();
  let nextId = 1;
  const signal = (member: string, signature: string, body: unknown[]) => bus.send(Message.newSignal(PATH, IFACE, member, signature, body));
  const invoke = (id: number, key: string) => {
    signal('ActionInvoked', 'us', [id, key]);
    signal('NotificationClosed', 'uu', [id, 2]);
  };

  bus.addMethodHandler((msg: Message) => {
    if (msg.type !== MessageType.METHOD_CALL || msg.interface !== IFACE) return false;
    switch (msg.member) {
      case 'GetCapabilities':
        bus.send(Message.newMethodReturn(msg, 'as', [options.capabilities ?? ['actions', 'body']]));
        return true;
      case 'GetServerInformation':
        bus.send(Message.newMethodReturn(msg, 'ssss', ['kraken-gate-test', 'test', '1', '1.2']));
        return true;
      case 'Notify': {
        const [appName, replacesId, , summary, body, actions, hints, expireTimeout] = msg.body as [string, number, string, string, string, string[], Record<string, { value: unknown }>, number];
        const id = replacesId || nextId++;
        const call: NotifyCall = {
          id,
          appName,
          replacesId,
          summary,
          body,
          actions,
          hints: Object.fromEntries(Object.entries(hints).map(([k, v]) => [k, v.value])),
          expireTimeout,
          receivedAt: process.hrtime.bigint(),
        };
        notified.push(call);
        bus.send(Message.newMethodReturn(msg, 'u', [id]));
        notifyEmitter.fire(call);
        const key = options.answer?.(call);
        if (key !== undefined) invoke(id, key);
        return true;
      }
      case 'CloseNotification': {
        const id = msg.body[0] as number;
        closed.push(id);
        bus.send(Message.newMethodReturn(msg, '', []));
        signal('NotificationClosed', 'uu', [id, 3]);
        closeEmitter.fire(id);
        return true;
      }
      default:
        return false;
    }
  });
  await bus.requestName('org.freedesktop.Notifications', 0);
  return {
    notified,
    onNotify: notifyEmitter.event,
    closed,
    onClose: closeEmitter.event,
    invoke,
    stop: () => bus.disconnect(),
  };
}
