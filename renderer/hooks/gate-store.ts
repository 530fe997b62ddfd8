// The core's live state the header and the Approvals page show (status, pending calls), kept from
// the core's events: fetched once, then updated by each event, and fetched again after the event
// stream reconnects (events may have been missed). No page keeps its own copy.
import { useSyncExternalStore } from 'react';
import type { GateEvent, PendingApproval, Status } from '../../preload/api';
import { getBridge, type Disposer } from '../bridge';

export interface GateState {
  status: Status | undefined;
  pending: readonly PendingApproval[];
  /** False while the event stream is down (the page shows it; decisions may fail). */
  connected: boolean;
  /** Why the last fetch failed, if it did. */
  error: string | undefined;
}

const INITIAL: GateState = { status: undefined, pending: [], connected: true, error: undefined };

class GateStore {
  private state: GateState = INITIAL;
  private readonly listeners = new Set<() => void>();
  private stop: Disposer | undefined;
  /** Events that arrived while a fetch was out: applied again on top of its (possibly older) answer. */
  private replay: GateEvent[] | undefined;

  readonly subscribe = (listener: () => void): Disposer => {
    this.listeners.add(listener);
    if (!this.stop) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.stop?.();
        this.stop = undefined;
        this.state = INITIAL;
      }
    };
  };

  readonly snapshot = (): GateState => this.state;

  private set(patch: Partial<GateState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of [...this.listeners]) listener();
  }

  private start(): void {
    const bridge = getBridge();
    const offEvent = bridge.onEvent((event) => this.apply(event));
    const offConnection = bridge.onConnection((connected) => {
      this.set({ connected });
      if (connected) void this.refresh();
    });
    this.stop = () => {
      offEvent();
      offConnection();
    };
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const { api } = getBridge();
    const replay: GateEvent[] = [];
    this.replay = replay;
    try {
      const [status, pending] = await Promise.all([api.status({}), api.pending({})]);
      if (this.replay !== replay) return; // a newer refresh is out
      this.replay = undefined;
      this.set({ status, pending, error: undefined });
      for (const event of replay) this.apply(event);
    } catch (error) {
      if (this.replay === replay) this.replay = undefined;
      this.set({ error: error instanceof Error ? error.message : String(error) });
    }
  }

  private apply(event: GateEvent): void {
    this.replay?.push(event);
    switch (event.type) {
      case 'status':
        this.set({ status: event.status });
        break;
      case 'pending-added':
        if (!this.state.pending.some((p) => p.id === event.pending.id)) this.set({ pending: [...this.state.pending, event.pending] });
        break;
      case 'pending-decided':
        this.set({ pending: this.state.pending.filter((p) => p.id !== event.id) });
        break;
      case 'pending-updated':
        this.set({ pending: this.state.pending.map((p) => (p.id === event.pending.id ? event.pending : p)) });
        break;
      default:
        break;
    }
  }
}

export const gateStore = new GateStore();

export function useGateState(): GateState {
  return useSyncExternalStore(gateStore.subscribe, gateStore.snapshot);
}

/** The page cannot trust what it shows: the event stream is down or the last fetch failed. */
export function isUnreachable(state: Pick<GateState, 'connected' | 'error'>): boolean {
  return !state.connected || state.error !== undefined;
}

export function useStatus(): Status | undefined {
  return useGateState().status;
}

export function usePending(): readonly PendingApproval[] {
  return useGateState().pending;
}
