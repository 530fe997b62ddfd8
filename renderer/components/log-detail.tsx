import { useEffect, useRef } from 'react';
import type { LogRecord } from '../../preload/api';
import { formatDateTime, formatDuration } from '../lib/format';
import { DecisionBadge } from './decision-badge';
import { WhoDecided } from './who-decided';

/** Shown whole on one line, never broken inside. */
const IDENTIFIERS = new Set(['Session', 'Order id', 'Arguments hash', 'Record id']);

/** Everything recorded about one call (design rule 14): request, decision and rule, who, timings, outcome. */
export function LogDetail({ record, onClose }: { record: LogRecord; onClose(): void }) {
  const pane = useRef<HTMLElement>(null);
  // On a narrow window the pane sits below the table, out of view: bring it in when a row is
  // chosen (nothing moves when it is already visible beside the table). The focus stays on the row.
  useEffect(() => {
    pane.current?.scrollIntoView?.({ block: 'nearest' });
  }, [record.id]);
  const rows: [string, string | undefined][] = [
    ['Time', formatDateTime(record.ts)],
    ['Tool', record.tool],
    ['Agent', record.client],
    ['Session', record.session],
    ['Changed by the human', record.edited && `${record.edited.text} (${record.edited.by})`],
    ['Time to decide', formatDuration(record.waitedMs) || undefined],
    ['Upstream took', formatDuration(record.upstreamMs) || undefined],
    ['Outcome', record.outcome.status === 'not-forwarded' ? 'not sent to Kraken' : record.outcome.status],
    ['Order id', record.txid],
    ['Worth (caps)', record.worth],
    ['Reason given to the agent', record.reason],
    ['Upstream error', record.outcome.message],
    ['Upstream answer', record.outcome.summary],
    ['Arguments hash', record.argsHash],
    ['Record id', record.id],
  ];
  return (
    <aside ref={pane} className="log-detail card" aria-labelledby="detail-title" data-testid="log-detail">
      <header>
        <h2 id="detail-title">{record.headline}</h2>
        <button type="button" className="icon" onClick={onClose} aria-label="Close details">
          ×
        </button>
      </header>
      <p data-testid="detail-decided">
        <DecisionBadge record={record} /> <WhoDecided record={record} />
      </p>
      <dl className="fields compact">
        {rows
          .filter((row): row is [string, string] => row[1] !== undefined && row[1] !== '')
          .map(([label, value]) => (
            <div className="field" key={label}>
              <dt>{label}</dt>
              <dd className={IDENTIFIERS.has(label) ? 'ident' : undefined}>{value}</dd>
            </div>
          ))}
      </dl>
      {record.edited ? (
        <>
          <h3>Arguments sent to Kraken (changed by the human)</h3>
          <pre className="json" data-testid="sent-arguments">
            {JSON.stringify(record.arguments, null, 2)}
          </pre>
          <h3>Arguments the agent sent</h3>
          <pre className="json" data-testid="agent-arguments">
            {JSON.stringify(record.edited.agentArguments, null, 2)}
          </pre>
        </>
      ) : (
        <>
          <h3>Arguments</h3>
          <pre className="json">{JSON.stringify(record.arguments, null, 2)}</pre>
        </>
      )}
    </aside>
  );
}
