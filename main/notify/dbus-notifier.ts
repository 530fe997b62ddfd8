// Linux: org.freedesktop.Notifications over the session bus, the one notification API every Linux
// desktop implements with buttons (Electron's and node-notifier's Linux paths drop them). Spoken
// with plain messages rather than an introspected proxy, so a notification daemon with odd
// introspection data still works. Spec: specifications.freedesktop.org/notification-spec.
import { Message, MessageType, Variant, sessionBus, type MessageBus } from '@jellybrick/dbus-next';
import type { Notice, NoticeActivation } from './notice.js';
import type { NoticeHandlers, Notifier } from './notifier.js';

const SERVICE = 'org.freedesktop.Notifications';
const PATH = '/org/freedesktop/Notifications';
const IFACE = 'org.freedesktop.Notifications';
/** The action key the spec gives to a click on the notification's body. */
const DEFAULT_ACTION = 'default';

export interface DbusNotifierOptions {
  /** The session bus; DBUS_SESSION_BUS_ADDRESS when not given; '' for none. */
  busAddress?: string;
  appName?: string;
  /** An icon name or a file:// URI. */
  icon?: string;
  /** How long to wait for the bus and the notification daemon to answer. Default 2 s. */
  timeoutMs?: number;
}

interface Shown {
  id: number;
  notice: Notice;
  handlers: NoticeHandlers;
}

/** XML-escapes text for daemons that read the body as markup (the spec's body-markup capability). */
export function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The spec's flat [key, label, key, label…] list; the body click is `default`. */
export function dbusActions(notice: Notice): string[] {
  const buttons = notice.actions.flatMap((action) => [action.id, action.label]);
  return notice.approvalId ? [...buttons, DEFAULT_ACTION, 'Open in Kraken Gate'] : buttons;
}

function activationOf(key: string): NoticeActivation | undefined {
  return key === 'approve' || key === 'deny' || key === 'review' || key === DEFAULT_ACTION ? key : undefined;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class DbusNotifier implements Notifier {
  readonly name = 'dbus';
  private readonly byKey = new Map<string, Shown>();
  private readonly byId = new Map<number, Shown>();
  /**
   * Actions that arrived while a Notify call was in flight, for ids not known yet: the daemon may
   * send ActionInvoked before this side has handled the reply that names the id.
   */
  private readonly early = new Map<number, string>();
  private inFlight = 0;
  private disposed = false;

  private constructor(
    private readonly bus: MessageBus,
    /** The daemon's unique bus name: signals from anyone else are not its answers. */
    private readonly daemon: string,
    readonly actions: boolean,
    private readonly markup: boolean,
    private readonly options: DbusNotifierOptions,
  ) {
    bus.on('message', (message: Message) => this.onMessage(message));
  }

  /**
   * Connects to the session bus and asks the notification daemon what it can do. Resolves to
   * undefined (with the reason) when there is no bus or no daemon, so the caller can fall back.
   */
  static async connect(options: DbusNotifierOptions = {}): Promise<{ notifier: DbusNotifier } | { notifier: undefined; reason: string }> {
    const address = options.busAddress ?? process.env.DBUS_SESSION_BUS_ADDRESS;
    if (!address) return { notifier: undefined, reason: 'no session bus (DBUS_SESSION_BUS_ADDRESS is not set)' };
    let bus: MessageBus | undefined;
    try {
      bus = sessionBus({ busAddress: address });
      // A broken connection is reported as an event; without a listener it would throw.
      // (MessageBus emits 'error', though its typed event map omits it.)
      (bus as unknown as NodeJS.EventEmitter).on('error', () => undefined);
      const timeoutMs = options.timeoutMs ?? 2000;
      const reply = await withTimeout(bus.call(call('GetCapabilities', '', [])), timeoutMs, 'GetCapabilities');
      const capabilities = (reply?.body[0] as string[] | undefined) ?? [];
      const owner = await withTimeout(
        bus.call(new Message({ destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'GetNameOwner', signature: 's', body: [SERVICE] })),
        timeoutMs,
        'GetNameOwner',
      );
      const daemon = owner?.body[0] as string | undefined;
      if (!daemon) throw new Error(`nobody owns ${SERVICE}`);
      await withTimeout(
        bus.call(
          new Message({
            destination: 'org.freedesktop.DBus',
            path: '/org/freedesktop/DBus',
            interface: 'org.freedesktop.DBus',
            member: 'AddMatch',
            signature: 's',
            body: [`type='signal',sender='${SERVICE}',interface='${IFACE}'`],
          }),
        ),
        timeoutMs,
        'AddMatch',
      );
      return { notifier: new DbusNotifier(bus, daemon, capabilities.includes('actions'), capabilities.includes('body-markup'), options) };
    } catch (error) {
      bus?.disconnect();
      return { notifier: undefined, reason: `no notification service on the session bus (${error instanceof Error ? error.message : String(error)})` };
    }
  }

  async show(notice: Notice, handlers: NoticeHandlers): Promise<void> {
    if (this.disposed) return;
    const previous = this.byKey.get(notice.key);
    const hints: Record<string, Variant> = {
      urgency: new Variant('y', notice.urgency === 'critical' ? 2 : 1),
      'desktop-entry': new Variant('s', 'kraken-gate'),
      category: new Variant('s', notice.approvalId ? 'x-kraken-gate.approval' : 'x-kraken-gate.status'),
    };
    const body = this.markup ? escapeMarkup(notice.body) : notice.body;
    const notify = call('Notify', 'susssasa{sv}i', [
      this.options.appName ?? 'Kraken Gate',
      previous?.id ?? 0,
      this.options.icon ?? '',
      notice.title,
      body,
      this.actions ? dbusActions(notice) : [],
      hints,
      // 0: never expires; an approval stays until it is decided (then it is withdrawn). -1: the daemon's default.
      notice.sticky ? 0 : -1,
    ]);
    this.inFlight += 1;
    let reply: Message | null;
    try {
      reply = await this.bus.call(notify);
    } finally {
      this.inFlight -= 1;
    }
    const id = reply?.body[0] as number | undefined;
    if (id === undefined) throw new Error('Notify returned no id');
    if (previous) this.byId.delete(previous.id);
    const shown: Shown = { id, notice, handlers };
    this.byKey.set(notice.key, shown);
    this.byId.set(id, shown);
    const early = this.early.get(id);
    if (this.inFlight === 0) this.early.clear();
    if (early !== undefined) this.onAction(id, early);
  }

  async withdraw(key: string): Promise<void> {
    const shown = this.byKey.get(key);
    if (!shown || this.disposed) return;
    this.forget(shown);
    await this.bus.call(call('CloseNotification', 'u', [shown.id]));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    const open = [...this.byKey.values()].filter((shown) => shown.notice.sticky);
    await Promise.allSettled(open.map((shown) => this.withdraw(shown.notice.key)));
    this.disposed = true;
    this.bus.disconnect();
  }

  private onMessage(message: Message): void {
    if (message.type !== MessageType.SIGNAL || message.interface !== IFACE || message.sender !== this.daemon) return;
    const id = message.body[0] as number;
    if (message.member === 'ActionInvoked') {
      if (this.byId.has(id)) this.onAction(id, message.body[1] as string);
      else if (this.inFlight > 0) this.early.set(id, message.body[1] as string);
    } else if (message.member === 'NotificationClosed') {
      // An early close leaves an early action in place: daemons close right after the action.
      const shown = this.byId.get(id);
      if (shown) this.forget(shown);
    }
  }

  private onAction(id: number, key: string): void {
    const shown = this.byId.get(id);
    const activation = activationOf(key);
    if (!shown || !activation) return;
    // One decision per notice: the daemon usually closes it after an action, but need not.
    this.forget(shown);
    shown.handlers.onActivate(activation);
  }

  private forget(shown: Shown): void {
    if (this.byKey.get(shown.notice.key) === shown) this.byKey.delete(shown.notice.key);
    this.byId.delete(shown.id);
  }
}

function call(member: string, signature: string, body: unknown[]): Message {
  return new Message({ destination: SERVICE, path: PATH, interface: IFACE, member, signature, body });
}
