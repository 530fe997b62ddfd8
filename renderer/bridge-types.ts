// What every way of reaching the core offers the window (bridge.ts picks one): apart from
// bridge.ts so the HTTP bridge can implement it without importing the picker.
import type { GateApi, GateEvent } from '../preload/api';

export type Disposer = () => void;

export interface Bridge {
  api: GateApi;
  /** The core's events; returns the unsubscribe function (return it from the effect that subscribed). */
  onEvent(listener: (event: GateEvent) => void): Disposer;
  /** The event stream dropped (false) or is back (true, after which state must be fetched again). */
  onConnection(listener: (connected: boolean) => void): Disposer;
  /** Hosted by the desktop app (settings such as "start at login" apply only there). */
  desktop: boolean;
}
