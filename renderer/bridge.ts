// The one place that knows how the window reaches the core: `window.gate` when the Electron
// preload put it there, else the HTTP + SSE bridge to the server that served this page. Everything
// else in the renderer talks to `bridge` and cannot tell the two apart.
import type { GateApi } from '../preload/api';
import type { WindowGate } from '../preload/window-gate';
import type { Bridge } from './bridge-types';
import { httpBridge } from './http-bridge';

export type { Bridge, Disposer } from './bridge-types';

declare global {
  interface Window {
    gate?: WindowGate;
  }
}

function electronBridge(gate: WindowGate): Bridge {
  const { onEvent, ...api } = gate;
  return { api: api as GateApi, onEvent, onConnection: () => () => undefined, desktop: true };
}

let current: Bridge | undefined;

export function getBridge(): Bridge {
  current ??= window.gate ? electronBridge(window.gate) : httpBridge();
  return current;
}

/** Tests put a fake core here before rendering. */
export function setBridge(bridge: Bridge | undefined): void {
  current = bridge;
}
