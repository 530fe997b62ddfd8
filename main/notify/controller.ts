// Turns the gate's events into OS notifications and a click on one into a call of the contract:
// the same `approve`/`deny` the tray, the window and the CLI use, on the contract bound to the
// notification caller, so the call log says who decided. A notice is withdrawn as soon as its
// approval is decided anywhere. Where a click is no proof of presence (the headless gateway's
// notifications) and one is required, a notice offers Deny and Review, never Approve.
import type { GateApi, GateEvent, PendingApproval, Status } from '../../preload/api.js';
import type { Disposer, Event } from '../gate/events.js';
import { approvalNotice, pauseNotice, stagedNotice, toolChangedNotice, upstreamDownNotice, withoutButtons, type Notice, type NoticeActivation } from './notice.js';
import type { Notifier } from './notifier.js';

/** What the controller needs from a running gate: its events and the contract, nothing else. */
export interface NotificationSource {
  events: Event<GateEvent>;
  /** Names of tools whose definition the upstream changed (they are blocked until accepted). */
  toolsChanged: Event<string[]>;
  api: Pick<GateApi, 'approve' | 'deny' | 'pending' | 'settings' | 'status'>;
  /** A click on a notice proves a person (the desktop app's own notifications), so it may approve. */
  clicksArePresence: boolean;
}

export interface NotificationControllerOptions {
  notifier: Notifier;
  /** Review or a click on the body: show this approval where it can be read in full. */
  openApproval(id: string): void;
  /** How long the upstream may be down before the user hears of it. Default 10 s. */
  upstreamDownMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

export const UPSTREAM_DOWN_NOTICE_MS = 10_000;

export class NotificationController {
  private readonly disposers: Disposer[] = [];
  /** Approvals with a notice on screen (or on its way there). */
  private readonly shown = new Set<string>();
  private paused: boolean | undefined;
  private presenceRequired = true;
  /** The staged edits already told about, by hash: each is told once. */
  private readonly stagedTold = new Set<string>();
  private downSince: number | undefined;
  private downTimer: NodeJS.Timeout | undefined;
  private downNotified = false;
  private disposed = false;
  private readonly now: () => number;
  private readonly log: (line: string) => void;

  private constructor(
    private readonly source: NotificationSource,
    private readonly options: NotificationControllerOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((line) => console.error(line));
  }

  /** Subscribes, then notifies about the approvals already waiting. */
  static async attach(source: NotificationSource, options: NotificationControllerOptions): Promise<NotificationController> {
    const controller = new NotificationController(source, options);
    controller.disposers.push(
      source.events((event) => controller.onEvent(event)),
      source.toolsChanged((tools) => tools.length > 0 && controller.show(toolChangedNotice(tools))),
    );
    const status = await source.api.status({});
    controller.paused = status.paused;
    controller.presenceRequired = status.presence.required;
    controller.onUpstream(status.upstream);
    for (const pending of await source.api.pending({})) await controller.onPending(pending);
    return controller;
  }

  get notifier(): Notifier {
    return this.options.notifier;
  }

  /** Stops listening and takes the approval notices off the screen (they could not be acted on). */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const dispose of this.disposers.splice(0)) dispose();
    clearTimeout(this.downTimer);
    await Promise.allSettled([...this.shown].map((key) => this.options.notifier.withdraw(key)));
    this.shown.clear();
  }

  private onEvent(event: GateEvent): void {
    if (this.disposed) return;
    switch (event.type) {
      case 'pending-added':
        void this.onPending(event.pending);
        return;
      case 'pending-decided':
        if (this.shown.delete(event.id)) void this.options.notifier.withdraw(event.id).catch((error: unknown) => this.fail('withdraw', error));
        return;
      case 'status':
        this.onStatus(event.status);
        return;
    }
  }

  private async onPending(pending: PendingApproval): Promise<void> {
    if (this.shown.has(pending.id)) return;
    this.shown.add(pending.id);
    let notice: Notice;
    try {
      const { settings } = await this.source.api.settings({});
      notice = approvalNotice(pending, settings, this.now(), this.source.clicksArePresence || !this.presenceRequired);
    } catch (error) {
      this.shown.delete(pending.id);
      return this.fail('settings', error);
    }
    // Decided while the settings were read: nothing to show.
    if (!this.shown.has(pending.id) || this.disposed) return;
    const { notifier } = this.options;
    const shown = notifier.actions ? notice : withoutButtons(notice);
    try {
      await notifier.show(shown, { onActivate: (activation) => this.onActivate(shown, activation) });
    } catch (error) {
      this.shown.delete(pending.id);
      return this.fail('show', error);
    }
    // Decided while the notice was on its way to the OS: take it back.
    if (!this.shown.has(pending.id)) await notifier.withdraw(pending.id).catch((error: unknown) => this.fail('withdraw', error));
  }

  /** Only the buttons this notice offered are honoured: an Approve cannot come from a Review-only notice. */
  private onActivate(notice: Notice, activation: NoticeActivation): void {
    const id = notice.approvalId;
    if (!id || this.disposed) return;
    if (activation === 'default' || activation === 'review') return this.options.openApproval(id);
    if (!notice.actions.some((action) => action.id === activation)) {
      this.log(`notification: ignored "${activation}" on ${id}; the notice did not offer it`);
      return;
    }
    const decided =
      activation === 'approve'
        ? this.source.api.approve({ id, argsHash: notice.argsHash })
        : this.source.api.deny({ id });
    decided.then(
      (result) => {
        if (!result.ok) this.log(`notification: ${activation} of ${id} refused: ${result.message}`);
      },
      (error: unknown) => this.fail(activation, error),
    );
  }

  private onStatus(status: Status): void {
    this.presenceRequired = status.presence.required;
    const { rules, settings } = status.staged;
    if (rules && !this.stagedTold.has(rules.hash)) {
      this.stagedTold.add(rules.hash);
      this.show(stagedNotice('rules', rules.loosenings));
    }
    if (settings && !this.stagedTold.has(settings.hash)) {
      this.stagedTold.add(settings.hash);
      this.show(stagedNotice('settings', settings.changes));
    }
    if (this.paused !== undefined && status.paused !== this.paused) this.show(pauseNotice(status.paused));
    this.paused = status.paused;
    this.onUpstream(status.upstream);
  }

  /** Down for longer than the grace period: one notice, taken back once it is ready again. */
  private onUpstream(upstream: Status['upstream']): void {
    if (upstream.state === 'ready' || upstream.state === 'stopped') {
      clearTimeout(this.downTimer);
      this.downTimer = undefined;
      this.downSince = undefined;
      if (this.downNotified) void this.options.notifier.withdraw('upstream').catch((error: unknown) => this.fail('withdraw', error));
      this.downNotified = false;
      return;
    }
    if (this.downSince !== undefined) return;
    const since = this.now();
    this.downSince = since;
    const wait = this.options.upstreamDownMs ?? UPSTREAM_DOWN_NOTICE_MS;
    this.downTimer = setTimeout(() => {
      this.downTimer = undefined;
      if (this.downSince !== since || this.disposed) return;
      this.downNotified = true;
      // The latest status says why; ask for it rather than keep a copy that may be stale.
      this.source.api.status({}).then(
        (status) => status.upstream.state !== 'ready' && this.show(upstreamDownNotice(status.upstream, this.now() - since)),
        (error: unknown) => this.fail('status', error),
      );
    }, wait);
    this.downTimer.unref?.();
  }

  private show(notice: Notice): void {
    if (this.disposed) return;
    this.options.notifier.show(notice, { onActivate: () => undefined }).catch((error: unknown) => this.fail('show', error));
  }

  private fail(what: string, error: unknown): void {
    this.log(`notification: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
