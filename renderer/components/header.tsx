import { useEffect, useState } from 'react';
import { describeExchange, EXCHANGE_NAMES } from '../../preload/api';
import { getBridge } from '../bridge';
import { isUnreachable, useGateState } from '../hooks/gate-store';
import { isUnsaved, usePolicyDraft } from '../hooks/policy-draft-store';
import { routeHash, type Page } from '../hooks/use-route';
import type { ActionFailure } from '../lib/action-failure';
import { ActionFailureBanner } from './action-failure-banner';
import { PauseSwitch } from './pause-switch';

const NAV: { page: Page; label: string }[] = [
  { page: 'approvals', label: 'Approvals' },
  { page: 'rules', label: 'Rules' },
  { page: 'log', label: 'Call log' },
  { page: 'settings', label: 'Settings' },
];

const UPSTREAM_WORDS = { ready: 'connected', starting: 'starting…', restarting: 'restarting…', stopped: 'stopped' } as const;

/** On every page: the financial pause, the upstream's state, the pending count, the pages. */
export function Header({ page }: { page: Page }) {
  const { status, pending, connected, error } = useGateState();
  const unsaved = isUnsaved(usePolicyDraft());
  const [failure, setFailure] = useState<ActionFailure>();
  // The tab says how many calls wait, so a person in another tab sees one arrive.
  const waiting = isUnreachable({ connected, error }) ? undefined : pending.length;
  useEffect(() => {
    document.title = waiting ? `(${waiting}) Kraken Gate` : 'Kraken Gate';
  }, [waiting]);
  return (
    <header className={`app-header${status?.paused ? ' is-paused' : ''}`}>
      <div className="brand">
        <img src="./favicon.svg" alt="" width={22} height={22} />
        <span>Kraken Gate</span>
      </div>
      <nav aria-label="Pages">
        {NAV.map((item) => (
          <a key={item.page} href={routeHash(item.page)} aria-current={item.page === page ? 'page' : undefined}>
            {item.label}
            {item.page === 'approvals' && pending.length > 0 && (
              <span className="count" aria-label={`${pending.length} waiting`}>
                {pending.length}
              </span>
            )}
            {item.page === 'rules' && (status?.changedTools.length ?? 0) > 0 && <span className="dot" aria-label="a tool changed" />}
            {item.page === 'rules' && unsaved && (
              <span className="unsaved-mark" aria-label="unsaved changes" title="The rules have unsaved changes" data-testid="rules-unsaved">
                ●
              </span>
            )}
          </a>
        ))}
      </nav>
      <div className="header-status">
        {/* One truth about the connection: while the gateway cannot be reached, nothing it said before is shown as current. */}
        {!connected && <span className="pill pill-bad" data-testid="connection-state">Not connected to Kraken Gate: reconnecting…</span>}
        {error && connected && <span className="pill pill-bad" title={error} data-testid="connection-state">Kraken Gate is not answering</span>}
        {status && !isUnreachable({ connected, error }) && (
          <span className={`pill pill-${status.upstream.state === 'ready' ? 'good' : status.upstream.state === 'stopped' ? 'bad' : 'warn'}`} title={[describeExchange(status.upstream.exchange), status.upstream.command, status.upstream.lastError].filter(Boolean).join('\n')} data-testid="upstream-state">
            {EXCHANGE_NAMES[status.upstream.exchange]} {UPSTREAM_WORDS[status.upstream.state]}
          </span>
        )}
        <span className="pill" data-testid="pending-count">
          {isUnreachable({ connected, error }) ? 'pending unknown' : `${pending.length} pending`}
        </span>
        <PauseSwitch paused={status?.paused ?? false} disabled={!status} onFailure={setFailure} />
        {!getBridge().desktop && <LogOut />}
      </div>
      {failure && <ActionFailureBanner failure={failure} onDismiss={() => setFailure(undefined)} testId="pause-failure" />}
    </header>
  );
}

/** The served window only: ends this browser's session (the cookie), as a person leaving a shared screen would. */
function LogOut() {
  const logOut = async () => {
    await fetch('./ui/logout', { method: 'POST', credentials: 'same-origin' }).catch(() => undefined);
    window.location.reload();
  };
  return (
    <button type="button" className="link-button" onClick={() => void logOut()} data-testid="log-out">
      Log out
    </button>
  );
}
