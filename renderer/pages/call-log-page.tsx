import { useEffect, useMemo, useState } from 'react';
import { DECISION_KINDS, type DecisionKindName, type LogStats } from '../../preload/api';
import { getBridge } from '../bridge';
import { CallsChart } from '../components/calls-chart';
import { LogDetail } from '../components/log-detail';
import { LogTable } from '../components/log-table';
import { useCallLog } from '../hooks/use-call-log';
import { useRoute } from '../hooks/use-route';
import { downloadText } from '../lib/download';
import { plural } from '../lib/format';
import { formatQuery, parseQuery } from '../lib/log-filter';

const TOOLS = ['add_order', 'cancel_order', 'amend_order', 'cancel_all_orders_after', 'account_balance', 'open_orders', 'closed_orders', 'trades_history', 'ticker', 'ohlc', 'order_book', 'recent_trades', 'recent_spreads', 'asset_info', 'tradable_asset_pairs', 'server_time', 'system_status'];
const RANGES = [
  { value: '', label: 'All time' },
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
];

export function CallLogPage() {
  const route = useRoute();
  const query = route.params.get('q') ?? '';
  const selectedId = route.params.get('id') ?? undefined;
  const { filter, problems } = useMemo(() => parseQuery(query), [query]);
  const [scrolledDown, setScrolledDown] = useState(false);
  const loaded = useCallLog(filter, { pageSize: 1000, holdNew: scrolledDown });
  // A filter with a word it does not know shows nothing, never every call beside a hint.
  const log = problems.length ? { ...loaded, records: [] as typeof loaded.records, complete: true, loading: false, error: undefined } : loaded;
  // The box shows the URL's filter, and what the user types until it is applied.
  const [draft, setDraft] = useState(query);
  const [shownQuery, setShownQuery] = useState(query);
  if (shownQuery !== query) {
    setShownQuery(query);
    setDraft(query);
  }
  const setQuery = (q: string) => route.setParams({ q, id: undefined });
  const setFilter = (patch: Partial<typeof filter>) => setQuery(formatQuery({ ...filter, ...patch }));
  const selected = selectedId ? log.records.find((r) => r.id === selectedId) : undefined;
  const stats = useStats(filter, log.records.length);
  const [exporting, setExporting] = useState<string>();

  const exportView = async (format: 'csv' | 'json') => {
    setExporting(`Exporting ${format.toUpperCase()}…`);
    const result = await getBridge().api.exportLog({ ...filter, format });
    if (!result.ok) return setExporting(result.message);
    downloadText(result.filename, result.text, format === 'csv' ? 'text/csv' : 'application/json');
    setExporting(`Exported ${plural(result.count, 'call')}${result.truncated ? ' (the newest ones; narrow the filters for the rest)' : ''}.`);
  };
  const count = plural(log.records.length, 'call');
  const footer = log.error ?? (log.loading ? `${count} loaded · loading…` : log.complete ? `${count} · end of the log` : `${count} loaded · scroll for more`);

  return (
    <div className={`log-page${selected ? ' with-detail' : ''}`}>
      <div className="page-title">
        <h1>Call log</h1>
        <div className="toolbar">
          {exporting && <span className="muted" role="status">{exporting}</span>}
          <button type="button" onClick={() => void exportView('csv')}>
            Export CSV
          </button>
          <button type="button" onClick={() => void exportView('json')}>
            Export JSON
          </button>
        </div>
      </div>
      <form className="log-filters" role="search" onSubmit={(e) => (e.preventDefault(), setQuery(draft.trim()))}>
        <label className="grow">
          <span className="sr-only">Filter</span>
          <input type="search" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="tool:add_order decision:denied,expired since:2h text…" data-testid="log-query" aria-describedby="filter-help" />
        </label>
        <select aria-label="Tool" value={filter.tool?.length === 1 ? filter.tool[0] : ''} onChange={(e) => setFilter({ tool: e.target.value ? [e.target.value] : undefined })}>
          <option value="">Any tool</option>
          {TOOLS.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
        <select aria-label="Decision" value={filter.decision?.length === 1 ? filter.decision[0] : ''} onChange={(e) => setFilter({ decision: e.target.value ? [e.target.value as DecisionKindName] : undefined })}>
          <option value="">Any decision</option>
          {DECISION_KINDS.map((d) => (
            <option key={d}>{d}</option>
          ))}
        </select>
        <select aria-label="Time range" value={filter.since ?? ''} onChange={(e) => setFilter({ since: e.target.value || undefined })}>
          {RANGES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
        <button type="submit">Filter</button>
      </form>
      <p id="filter-help" className="muted small">
        {problems.length ? problems.join(' ') : 'Words like tool:NAME, decision:denied,expired, since:2h, until:2026-11-25 filter; other words search every field.'}
      </p>
      <CallsChart stats={stats} />
      {log.waiting > 0 && (
        <button type="button" className="new-calls" onClick={log.showNew}>
          {plural(log.waiting, 'new call')} — show
        </button>
      )}
      <div className="log-main">
        <LogTable records={log.records} selectedId={selectedId} onSelect={(id) => route.setParams({ id })} onNearEnd={log.loadMore} onScrolledDown={setScrolledDown} footer={footer} />
        {selected && <LogDetail record={selected} onClose={() => route.setParams({ id: undefined })} />}
      </div>
    </div>
  );
}

/** The chart's counts for the filter; refreshed when records arrive (at most every 5 s). */
function useStats(filter: ReturnType<typeof parseQuery>['filter'], loaded: number) {
  const [stats, setStats] = useState<Extract<LogStats, { ok: true }>>();
  const key = JSON.stringify(filter);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setTimeout(() => setTick((t) => t + 1), 5000);
    return () => clearTimeout(timer);
  }, [loaded]);
  useEffect(() => {
    let live = true;
    void getBridge()
      .api.logStats(JSON.parse(key) as typeof filter)
      .then((result) => live && setStats(result.ok ? result : undefined))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [key, tick]);
  return stats;
}
