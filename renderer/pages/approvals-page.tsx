import { useRef, useState } from 'react';
import type { PendingApproval } from '../../preload/api';
import { getBridge } from '../bridge';
import { ApprovalCard } from '../components/approval-card';
import { ApproveAll } from '../components/approve-all';
import { PausedAgents } from '../components/paused-agents';
import { RecentlyDecided } from '../components/recently-decided';
import { isUnreachable, useGateState } from '../hooks/gate-store';
import { useFocusAfterDecision } from '../hooks/use-focus-after-decision';
import { useNow } from '../hooks/use-now';
import { navigate } from '../hooks/use-route';
import { plural } from '../lib/format';

export function ApprovalsPage() {
  const state = useGateState();
  const { pending } = state;
  const unreachable = isUnreachable(state);
  const now = useNow(500);
  const allowSimilar = (p: PendingApproval) => navigate('rules', { tool: p.tool, similar: JSON.stringify(p.arguments) });
  const page = useRef<HTMLDivElement>(null);
  const decided = useFocusAfterDecision(page);
  return (
    <div className="approvals-page" ref={page}>
      <div className="page-title">
        <h1>Approvals</h1>
        {/* Kept while nothing waits: its answer ("Approved 3 orders") must outlive the cards it decided. */}
        <ApproveAll pending={pending} onApproved={(ids) => decided(ids, 0)} />
        {pending.length > 0 && <DenyAll pending={pending} onDenied={(ids) => decided(ids, 0)} />}
      </div>
      <PausedAgents />
      {unreachable && (
        // An empty list here would read as "nothing to decide": say instead that it is not known.
        <div className="banner warning" role="alert" data-testid="gate-unreachable">
          <strong>Kraken Gate is not answering this page{state.error ? `: ${state.error.slice(0, 200)}` : ''}.</strong> Calls waiting for you may be missing here, and a
          decision cannot be sent until it is back; the page keeps trying. If it does not come back, check that Kraken Gate is running
          (<code>kraken-gate status</code>) and open the window again (<code>kraken-gate open</code>).
        </div>
      )}
      {pending.length === 0 ? (
        !unreachable && <p className="empty" tabIndex={-1} data-testid="no-pending">
          Nothing is waiting for you. Calls your rules send to you appear here, with a countdown to automatic denial.
        </p>
      ) : (
        <div className="cards">
          {pending.map((p, i) => (
            <ApprovalCard key={p.id} pending={p} now={now} focusDeny={i === 0} onAllowSimilar={allowSimilar} onDecided={(id) => decided([id], pending.findIndex((q) => q.id === id))} />
          ))}
        </div>
      )}
      <RecentlyDecided />
    </div>
  );
}

/** Design rule 10: refusing everything is always one step away. */
function DenyAll({ pending, onDenied }: { pending: readonly PendingApproval[]; onDenied(ids: string[]): void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [result, setResult] = useState<string>();
  const denyAll = async () => {
    const { api } = getBridge();
    const results = await Promise.all(pending.map((p) => api.deny({ id: p.id, ...(reason.trim() && { reason: reason.trim() }) }).catch(() => undefined)));
    const denied = results.filter((r) => r?.ok).length;
    setResult(`Denied ${plural(denied, 'call')}.`);
    onDenied(pending.map((p) => p.id));
    setOpen(false);
    setReason('');
  };
  if (!open) {
    return (
      <div className="deny-all">
        {result && <span className="muted">{result}</span>}
        <button type="button" className="danger" onClick={() => setOpen(true)}>
          Deny all ({pending.length})
        </button>
      </div>
    );
  }
  return (
    <form className="deny-all open" onSubmit={(e) => (e.preventDefault(), void denyAll())}>
      <label>
        <span className="sr-only">Reason for the agents</span>
        <input type="text" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Reason for the agents (optional)" maxLength={500} autoFocus />
      </label>
      <button type="submit" className="danger">
        Deny {plural(pending.length, 'call')}
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}
