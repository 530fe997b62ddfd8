// What the preload script exposes as `window.gate`: exactly the contract's methods, each invoking
// its own channel, and one event subscription. Built from plain functions so it is tested in Node;
// electron/preload.ts hands it ipcRenderer's invoke and on/removeListener. No zod here: the
// preload stays small, and the main process parses every payload anyway.
import type { GateEvent } from '../../preload/api.js';
import { GATE_EVENT_CHANNEL, GATE_METHODS, gateChannel, type GateEventListener, type WindowGate } from '../../preload/window-gate.js';

export type Invoke = (channel: string, payload: unknown) => Promise<unknown>;
export type Subscribe = (channel: string, listener: (payload: unknown) => void) => () => void;

export function buildWindowGate(invoke: Invoke, subscribe: Subscribe): WindowGate {
  const methods = Object.fromEntries(GATE_METHODS.map((method) => [method, (input: unknown) => invoke(gateChannel(method), input ?? {})]));
  return {
    ...(methods as unknown as Omit<WindowGate, 'onEvent'>),
    onEvent: (listener: GateEventListener) => subscribe(GATE_EVENT_CHANNEL, (payload) => listener(payload as GateEvent)),
  };
}
