import { useMemo, useState } from 'react';
import { getBridge } from '../bridge';
import { CallsChart } from '../components/calls-chart';
import { LogDetail } from '../components/log-detail';
import { LogFilterHelp } from '../components/log-filter-help';
import { LogTable } from '../components/log-table';
import { SavedViews } from '../components/saved-views';
import { useCallLog, useLogStats } from '../hooks/use-call-log';
import { useTools } from '../hooks/use-policy';
import { useRoute } from '../hooks/use-route';
import { downloadText } from '../lib/download';
import { formatCount, plural } from '../lib/format';
import { filterExport } from '../lib/log-export-filter';
import { DECISION_FILTER_WORDS, parseQuery, setTerm, termValue } from '../lib/log-filter';
import { hasLocalTerms } from '../lib/log-match';
import { KRAKEN_MCP_TOOL_NAMES, knownToolNames } from '../lib/log-tools';

const RANGES = [
  { value: '', label: 'All time' },
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
];
const DECISION_LABELS: Record<(typeof DECISION_FILTER_WORDS)[number], string> = {
  allowed: 'Allowed',
  approved: 'Approved',
  denied: 'Denied (by you or a rule)',
  expired: 'Expired',
  withdrawn: 'Withdrawn',
};

/** A select's options with the query's own value among them, so the select never shows another one. */
function withCurrent(options: readonly { value: string; label: string }[], value: string, label: (v: string) => string) {
  return value && !options.some((o) => o.value === value) ? [...options, { value, label: label(value) }] : options;
}

export function CallLogPage() {
  const route = useRoute();
  const query = route.params.get('q') ?? '';
  const selectedId = route.params.get('id') ?? undefined;
  const listed = useTools();
  // Until the core names its tools, kraken-mcp's are known and others are not judged yet.
  const tools = useMemo(() => (listed.value ? knownToolNames(listed.value) : listed.error ? KRAKEN_MCP_TOOL_NAMES : undefined), [listed.value, listed.error]);
  const { filter, local, problems } = useMemo(() => parseQuery(query, { tools }), [query, tools]);
  const [scrolledDown, setScrolledDown] = useState(false);
  const loaded = useCallLog(filter, { pageSize: 1000, holdNew: scrolledDown, local });
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
  const setKey = (key: 'tool' | 'decision' | 'since', value: string) => setQuery(setTerm(query, key, value));
  const selected = selectedId ? log.records.find((r) => r.id === selectedId) : undefined;
  const chart = useLogStats(filter, local, log.records.length);
  const [exporting, setExporting] = useState<string>();

  const exportView = async (format: 'csv' | 'json') => {
    setExporting(`Exporting ${format.toUpperCase()}…`);
    const result = await getBridge().api.exportLog({ ...filter, format });
    if (!result.ok) return setExporting(result.message);
    const file = hasLocalTerms(local) ? filterExport(result.text, format, local) : result;
    downloadText(result.filename, file.text, format === 'csv' ? 'text/csv' : 'application/json');
    setExporting(`Exported ${plural(file.count, 'call')}${result.truncated ? ' (the newest ones; narrow the filters for the rest)' : ''}.`);
  };
  const count = plural(log.records.length, 'call');
  const leftOut = log.leftOut ? ` (${formatCount(log.leftOut)} others left out)` : '';
  const footer = log.error ?? (log.loading ? `${count} loaded${leftOut} · loading…` : log.complete ? `${count}${leftOut} · end of the log` : `${count} loaded${leftOut} · scroll for more`);
  const toolValue = termValue(query, 'tool');
  const decisionValue = termValue(query, 'decision').toLowerCase();
  const sinceValue = termValue(query, 'since');

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
          <input type="search" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="tool:add_order -decision:allowed since:2h text…" data-testid="log-query" aria-describedby="filter-help" />
        </label>
        <select aria-label="Tool" value={toolValue} onChange={(e) => setKey('tool', e.target.value)}>
          {withCurrent([{ value: '', label: 'Any tool' }, ...(tools ?? KRAKEN_MCP_TOOL_NAMES).map((t) => ({ value: t, label: t }))], toolValue, (v) => v).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <select aria-label="Decision" value={decisionValue} onChange={(e) => setKey('decision', e.target.value)}>
          {withCurrent([{ value: '', label: 'Any decision' }, ...DECISION_FILTER_WORDS.map((d) => ({ value: d, label: DECISION_LABELS[d] }))], decisionValue, (v) => v).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <select aria-label="Time range" value={sinceValue} onChange={(e) => setKey('since', e.target.value)}>
          {withCurrent(RANGES, sinceValue, (v) => `Since ${v}`).map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
        <button type="submit">Filter</button>
      </form>
      <LogFilterHelp problems={problems} />
      <SavedViews applied={query} draft={draft} onPick={setQuery} />
      <CallsChart stats={chart.stats} />
      {chart.uncounted && (
        <p className="muted small log-chart-note">
          The chart counts calls without <code>{chart.uncounted}</code>: the gateway cannot count by it. The table and exports apply it.
        </p>
      )}
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
