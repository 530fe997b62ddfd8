// The desktop surfaces (tray, notifications, window, IPC) subscribe once, here, rather than to one
// gate: when the upstream or the API keys change the app restarts the composition, and the link
// moves every subscriber to the new gate. Calls made during the restart wait for it.
import { gateApi, type GateApi, type GateApiMethod, type GateEvent, type Settings } from '../../preload/api.js';
import type { GateApiFor } from '../gate/api/gate-api.js';
import { Emitter, type Disposer } from '../gate/events.js';
import type { Caller } from '../gate/presence/caller.js';
import type { RunningGateway } from '../host/start-gateway.js';

export class GateLink {
  private readonly eventEmitter = new Emitter<GateEvent>();
  private readonly toolsEmitter = new Emitter<string[]>();
  private readonly settingsEmitter = new Emitter<Settings>();
  /** Every GateEvent of the current gate (a status event follows each switch to a new one). */
  readonly onEvent = this.eventEmitter.event;
  /** Tools whose definition the upstream changed. */
  readonly onToolsChanged = this.toolsEmitter.event;
  /** settings.json changed through the contract. */
  readonly onSettingsChanged = this.settingsEmitter.event;
  /** The contract on whichever gate is current, for one caller (the window, the tray, a notification). */
  readonly apiFor: GateApiFor;

  private running: RunningGateway | undefined;
  private subscriptions: Disposer[] = [];
  private waiters: Array<(running: RunningGateway) => void> = [];

  constructor() {
    this.apiFor = (caller: Caller) =>
      Object.fromEntries(
        (Object.keys(gateApi) as GateApiMethod[]).map((method) => [
          method,
          async (input: unknown) => ((await this.whenAttached()).apiFor(caller)[method] as (input: unknown) => Promise<unknown>)(input),
        ]),
      ) as unknown as GateApi;
  }

  get current(): RunningGateway | undefined {
    return this.running;
  }

  attach(running: RunningGateway): void {
    this.detach();
    this.running = running;
    const { gate } = running;
    this.subscriptions = [
      gate.onDidChange((event) => this.eventEmitter.fire(event)),
      gate.onDidChangePins((changes) => {
        const changed = changes.filter((c) => c.kind === 'changed').map((c) => c.tool);
        if (changed.length > 0) this.toolsEmitter.fire(changed);
      }),
      gate.settings.onDidChange((settings) => this.settingsEmitter.fire(settings)),
    ];
    for (const wake of this.waiters.splice(0)) wake(running);
    this.eventEmitter.fire({ type: 'status', status: gate.status() });
  }

  /** Stops forwarding the current gate's events; calls wait for the next attach. */
  detach(): RunningGateway | undefined {
    for (const dispose of this.subscriptions.splice(0)) dispose();
    const previous = this.running;
    this.running = undefined;
    return previous;
  }

  private whenAttached(): Promise<RunningGateway> {
    return this.running ? Promise.resolve(this.running) : new Promise((resolve) => this.waiters.push(resolve));
  }
}
