// One filtered view of the call log: pages fetched as the user scrolls, newest first, and records
// the core appends prepended live (or counted, while the user reads further down). The view lives
// outside React (as the core's state does in gate-store.ts); components subscribe to it.
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { LogFilter, LogRecord } from '../../preload/api';
import { getBridge, type Disposer } from '../bridge';
import { matchesFilter } from '../lib/log-filter';

export interface CallLogState {
  records: readonly LogRecord[];
  loading: boolean;
  /** Every record that matches is loaded (or the cap is reached). */
  complete: boolean;
  error: string | undefined;
  /** Records that arrived while new ones were held back; shown by `showNew()`. */
  waiting: number;
  /** Milliseconds from asking for the first page to having it. */
  firstPageMs: number | undefined;
}

export interface CallLogOptions {
  pageSize?: number;
  /** Stop loading more past this many records. */
  maxRecords?: number;
}

const FIRST_PAGE = 200;

export class CallLogSource {
  private state: CallLogState = { records: [], loading: false, complete: false, error: undefined, waiting: 0, firstPageMs: undefined };
  private readonly listeners = new Set<() => void>();
  private stop: Disposer | undefined;
  private cursor: string | undefined;
  private generation = 0;
  private inFlight = false;
  private buffered: LogRecord[] = [];
  /** Records that arrived while the first page was out; merged in when it lands. */
  private arrivedDuringFetch: LogRecord[] | undefined;
  /** While true (the user scrolled down), new records are counted instead of shifting the rows. */
  private holdNew = false;

  constructor(
    private readonly filter: LogFilter,
    private readonly options: CallLogOptions = {},
  ) {}

  readonly subscribe = (listener: () => void): Disposer => {
    this.listeners.add(listener);
    if (!this.stop) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.stop?.();
        this.stop = undefined;
      }
    };
  };

  readonly snapshot = (): CallLogState => this.state;

  readonly setHoldNew = (hold: boolean): void => {
    this.holdNew = hold;
  };

  private get pageSize(): number {
    return this.options.pageSize ?? 500;
  }

  private get maxRecords(): number {
    return this.options.maxRecords ?? 100_000;
  }

  private set(patch: Partial<CallLogState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of [...this.listeners]) listener();
  }

  private start(): void {
    const bridge = getBridge();
    const offEvent = bridge.onEvent((event) => {
      if (event.type === 'record-appended' && matchesFilter(event.record, this.filter)) this.arrived(event.record);
    });
    const offConnection = bridge.onConnection((connected) => connected && this.reload());
    this.stop = () => {
      offEvent();
      offConnection();
    };
    this.reload();
  }

  reload(): void {
    this.generation += 1;
    this.buffered = [];
    this.cursor = undefined;
    this.inFlight = false;
    this.set({ records: [], complete: false, error: undefined, waiting: 0, firstPageMs: undefined });
    void this.fetch(undefined, this.generation);
  }

  readonly loadMore = (): void => {
    const { complete, records } = this.state;
    if (this.inFlight || complete || this.cursor === undefined || records.length >= this.maxRecords) return;
    void this.fetch(this.cursor, this.generation);
  };

  readonly showNew = (): void => {
    const fresh = this.buffered;
    this.buffered = [];
    this.set({ waiting: 0, ...(fresh.length && { records: [...fresh, ...this.state.records] }) });
  };

  private arrived(record: LogRecord): void {
    if (this.arrivedDuringFetch) this.arrivedDuringFetch.unshift(record);
    else if (this.holdNew) {
      this.buffered.unshift(record);
      this.set({ waiting: this.buffered.length });
    } else if (!this.state.records.slice(0, 50).some((r) => r.id === record.id)) {
      this.set({ records: [record, ...this.state.records] });
    }
  }

  private async fetch(from: string | undefined, generation: number): Promise<void> {
    this.inFlight = true;
    if (!from) this.arrivedDuringFetch = [];
    this.set({ loading: true });
    const started = performance.now();
    try {
      const page = await getBridge().api.log({ ...this.filter, limit: from ? this.pageSize : Math.min(this.pageSize, FIRST_PAGE), cursor: from });
      if (generation !== this.generation) return;
      if (!page.ok) return this.set({ error: page.message, complete: true, loading: false });
      const arrived = (from ? [] : this.arrivedDuringFetch ?? []).filter((r) => !page.records.some((p) => p.id === r.id));
      const records = from ? [...this.state.records, ...page.records] : [...arrived, ...page.records];
      this.cursor = page.nextCursor;
      this.set({
        records: records.length > this.maxRecords ? records.slice(0, this.maxRecords) : records,
        complete: page.nextCursor === undefined || records.length >= this.maxRecords,
        error: undefined,
        loading: false,
        ...(!from && { firstPageMs: performance.now() - started }),
      });
    } catch (error) {
      if (generation === this.generation) this.set({ error: error instanceof Error ? error.message : String(error), loading: false });
    } finally {
      if (generation === this.generation) {
        this.inFlight = false;
        if (!from) this.arrivedDuringFetch = undefined;
      }
    }
  }
}

export interface CallLogView extends CallLogState {
  loadMore(): void;
  showNew(): void;
}

export function useCallLog(filter: LogFilter, options: CallLogOptions & { holdNew?: boolean } = {}): CallLogView {
  const key = JSON.stringify(filter);
  const { pageSize, maxRecords, holdNew = false } = options;
  const source = useMemo(() => new CallLogSource(JSON.parse(key) as LogFilter, { pageSize, maxRecords }), [key, pageSize, maxRecords]);
  useEffect(() => source.setHoldNew(holdNew), [source, holdNew]);
  const state = useSyncExternalStore(source.subscribe, source.snapshot);
  return { ...state, loadMore: source.loadMore, showNew: source.showNew };
}
