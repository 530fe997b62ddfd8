import { useMemo } from 'react';
import type { LogFilter } from '../../preload/api';
import { useCallLog } from '../hooks/use-call-log';
import { routeHash } from '../hooks/use-route';
import { formatTimestamp } from '../lib/format';
import { DecisionBadge } from './decision-badge';
import { WhoDecided } from './who-decided';

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
              {/* The whole sentence: who, after how long, what they changed, the rule that held it. */}
              <span className="muted">
                <WhoDecided record={r} /> · {formatTimestamp(r.ts)}
                {r.txid && ` · ${r.txid}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
