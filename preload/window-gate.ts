// What the desktop window's renderer gets as `window.gate`: the preload/api.ts contract, one IPC
// channel per method, plus one subscription to the gate's events. Shared by the preload bridge
// (which builds it) and the main process (which answers it); runtime-neutral like api.ts.
import type { GateApi, GateApiMethod, GateEvent } from './api.js';

/**
 * The contract's method names, spelled out so the sandboxed preload need not load zod to learn
 * them. The compiler holds this list equal to api.ts: a method added there fails the typecheck
 * until it is added here (and so reaches `window.gate`).
 */
export const GATE_METHODS = [
  'status',
  'pending',
  'approve',
  'previewChanges',
  'deny',
  'pause',
  'resume',
  'settings',
  'updateSettings',
  'keys',
  'setKeys',
  'clearKeys',
  'acceptTool',
  'log',
  'logStats',
  'exportLog',
  'policy',
  'validatePolicy',
  'savePolicy',
  'testCall',
  'tools',
  'testUpstream',
  'agentToken',
  'regenerateAgentToken',
  'clientConfigs',
  'applyStaged',
  'setupPresence',
  'unlock',
  'lock',
  'phoneSetup',
  'phonePair',
  'phoneUnpair',
  'denyAndPauseAgent',
  'resumeAgent',
  'approveAll',
] as const satisfies readonly GateApiMethod[];
const _everyMethod: Exclude<GateApiMethod, (typeof GATE_METHODS)[number]> extends never ? true : never = true;

/** The IPC channel of one contract method. One channel per method: there is no generic "call" channel. */
export function gateChannel(method: GateApiMethod): `gate:${GateApiMethod}` {
  return `gate:${method}`;
}

/** Main → renderer: every GateEvent, as the headless page gets them over Server-Sent Events. */
export const GATE_EVENT_CHANNEL = 'gate-event';

export type GateEventListener = (event: GateEvent) => void;

/** `window.gate` in the desktop window. */
export type WindowGate = GateApi & {
  /** Subscribes to the gate's events; returns the function that unsubscribes. */
  onEvent(listener: GateEventListener): () => void;
};
