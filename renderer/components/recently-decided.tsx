import { useMemo } from 'react';
import type { LogFilter } from '../../preload/api';
import { useCallLog } from '../hooks/use-call-log';
import { routeHash } from '../hooks/use-route';
import { decidedByText } from '../lib/decided-by';
import { formatDuration, formatTimestamp } from '../lib/format';
import { DecisionBadge } from './decision-badge';

const HELD: LogFilter = { decision: ['approved', 'rejected', 'expired', 'cancelled'] };

/** The calls a human (or the timeout) decided last, from the call log, live. */
export function RecentlyDecided() {
  const log = useCallLog(HELD, { pageSize: 10 });
  const recent = useMemo(() => log.records.slice(0, 10), [log.records]);
  return (
    <section className="recent" aria-labelledby="recent-title">
      <h2 id="recent-title">Recently decided</h2>
      {log.error !== undefined ? (
        // A list the window could not load says so: "no decisions yet" would be a lie.
        <p className="load-failed" role="alert" data-testid="recent-error">
          Could not load the recent decisions: {log.error}
        </p>
      ) : recent.length === 0 ? (
        <p className="muted">{log.loading ? 'Loading…' : 'No decisions yet.'}</p>
      ) : (
        <ul className="recent-list" data-testid="recently-decided">
          {recent.map((r) => (
            <li key={r.id}>
              <DecisionBadge record={r} />
              <a href={routeHash('log', { id: r.id, q: `tool:${r.tool}` })} className="headline">
                {r.headline}
              </a>
              <span className="muted">
                by {decidedByText(r)}
                {r.waitedMs !== undefined && ` after ${formatDuration(r.waitedMs)}`} · {formatTimestamp(r.ts)}
                {r.txid && ` · ${r.txid}`}
                {r.decision !== 'approved' && r.reason && ` · ${r.reason}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
