// One filtered view of the call log: pages fetched as the user scrolls, newest first, and records
// the core appends prepended live (or counted, while the user reads further down). The view lives
// outside React (as the core's state does in gate-store.ts); components subscribe to it.
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { LogFilter, LogRecord } from '../../preload/api';
import { getBridge, type Disposer } from '../bridge';
import { hasLocalTerms, matchesFilter, matchesLocal, NO_LOCAL_TERMS, type LocalTerms } from '../lib/log-match';
import { leftOutFilter, subtractStats, uncountedTerms, type Stats } from '../lib/log-stats';

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
  /** Records the core sent that the window's own terms (client:, -tool:, -word) left out. */
  leftOut: number;
}

export interface CallLogOptions {
  pageSize?: number;
  /** Stop loading more past this many records. */
  maxRecords?: number;
  /** Terms the core cannot filter on, applied here to what it sends. */
  local?: LocalTerms;
}

const FIRST_PAGE = 200;

export class CallLogSource {
  private state: CallLogState = { records: [], loading: false, complete: false, error: undefined, waiting: 0, firstPageMs: undefined, leftOut: 0 };
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

  private get local(): LocalTerms {
    return this.options.local ?? NO_LOCAL_TERMS;
  }

  private set(patch: Partial<CallLogState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of [...this.listeners]) listener();
  }

  private start(): void {
    const bridge = getBridge();
    const offEvent = bridge.onEvent((event) => {
      if (event.type === 'record-appended' && matchesFilter(event.record, this.filter) && matchesLocal(event.record, this.local)) this.arrived(event.record);
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
    this.set({ records: [], complete: false, error: undefined, waiting: 0, firstPageMs: undefined, leftOut: 0 });
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

  /** `shownBefore`: rows the pages read on from added (see below). */
  private async fetch(from: string | undefined, generation: number, shownBefore = 0): Promise<void> {
    let readOn = false;
    this.inFlight = true;
    if (!from) this.arrivedDuringFetch = [];
    this.set({ loading: true });
    const started = performance.now();
    try {
      const page = await getBridge().api.log({ ...this.filter, limit: from ? this.pageSize : Math.min(this.pageSize, FIRST_PAGE), cursor: from });
      if (generation !== this.generation) return;
      if (!page.ok) return this.set({ error: page.message, complete: true, loading: false });
      const shown = page.records.filter((r) => matchesLocal(r, this.local));
      const arrived = (from ? [] : this.arrivedDuringFetch ?? []).filter((r) => !page.records.some((p) => p.id === r.id));
      const records = from ? [...this.state.records, ...shown] : [...arrived, ...shown];
      this.cursor = page.nextCursor;
      const complete = page.nextCursor === undefined || records.length >= this.maxRecords;
      this.set({
        records: records.length > this.maxRecords ? records.slice(0, this.maxRecords) : records,
        complete,
        error: undefined,
        loading: false,
        leftOut: (from ? this.state.leftOut : 0) + page.records.length - shown.length,
        ...(!from && { firstPageMs: performance.now() - started }),
      });
      // A page the window thinned out barely moves the table's end, so nothing would ask for the
      // next one: read on until a first page's worth shows or the log ends.
      shownBefore += shown.length;
      readOn = !complete && hasLocalTerms(this.local) && shownBefore < FIRST_PAGE;
    } catch (error) {
      if (generation === this.generation) this.set({ error: error instanceof Error ? error.message : String(error), loading: false });
    } finally {
      if (generation === this.generation) {
        this.inFlight = false;
        if (!from) this.arrivedDuringFetch = undefined;
        if (readOn) void this.fetch(this.cursor, generation, shownBefore);
      }
    }
  }
}

export interface CallLogView extends CallLogState {
  loadMore(): void;
  showNew(): void;
}

export function useCallLog(filter: LogFilter, options: CallLogOptions & { holdNew?: boolean } = {}): CallLogView {
  const key = JSON.stringify([filter, options.local ?? NO_LOCAL_TERMS]);
  const { pageSize, maxRecords, holdNew = false } = options;
  const source = useMemo(() => {
    const [f, local] = JSON.parse(key) as [LogFilter, LocalTerms];
    return new CallLogSource(f, { pageSize, maxRecords, local });
  }, [key, pageSize, maxRecords]);
  useEffect(() => source.setHoldNew(holdNew), [source, holdNew]);
  const state = useSyncExternalStore(source.subscribe, source.snapshot);
  return { ...state, loadMore: source.loadMore, showNew: source.showNew };
}

export interface ChartStats {
  stats: Stats | undefined;
  /** Terms of the view the counts do not apply ("client:cursor -limit"); '' when they count the table's calls. */
  uncounted: string;
}

/** The chart's counts for the view; refreshed when records arrive (at most every 5 s). */
export function useLogStats(filter: LogFilter, local: LocalTerms, loaded: number): ChartStats {
  const [chart, setChart] = useState<ChartStats>({ stats: undefined, uncounted: '' });
  const key = JSON.stringify([filter, local]);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setTimeout(() => setTick((t) => t + 1), 5000);
    return () => clearTimeout(timer);
  }, [loaded]);
  useEffect(() => {
    let live = true;
    const [f, l] = JSON.parse(key) as [LogFilter, LocalTerms];
    const { api } = getBridge();
    const part = leftOutFilter(f, l);
    void Promise.all([api.logStats(f), part && api.logStats(part)])
      .then(([all, taken]) => {
        if (!live) return;
        if (!all.ok) return setChart({ stats: undefined, uncounted: '' });
        const exact = part ? (taken?.ok ? subtractStats(all, taken) : undefined) : all;
        const notTools = exact ? '' : l.notTools.map((t) => `-tool:${t}`).join(' ');
        setChart({ stats: exact ?? all, uncounted: [notTools, uncountedTerms(l)].filter(Boolean).join(' ') });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [key, tick]);
  return chart;
}
