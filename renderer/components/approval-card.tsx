import { useRef, useState } from 'react';
import { describeExchange, type DecideResult, type PendingApproval } from '../../preload/api';
import { getBridge } from '../bridge';
import { useGateState } from '../hooks/gate-store';
import { formatClock, formatCountdown, formatQuantity } from '../lib/format';
import { isRiskConfirmed, orderAmount, stricter, tierOfRefusal, type RiskTier } from '../lib/risk';
import { AllowSimilarOnCard } from './allow-similar-on-card';
import { DenyAndPause } from './deny-and-pause';
import { isEditableOrder, OrderEditor } from './order-editor';
import { RiskBanner, RiskConfirmation } from './risk-friction';

interface Props {
  pending: PendingApproval;
  now: number;
  /** The first card takes the focus on its Deny button: a stray Enter refuses, never approves. */
  focusDeny: boolean;
  onAllowSimilar(pending: PendingApproval): void;
  /** The person decided this card here (approved, denied, approved with changes): the page moves the focus on. */
  onDecided?(id: string): void;
}

/**
 * One held call, as design rules 1–6 and 3 lay it out: the headline from the exact arguments,
 * the fields in order, the price's source and time, the agent, the rule, a live countdown; Deny
 * (default focus, with a reason for the agent), Approve once, Allow similar…. Arguments that
 * cannot be put into words show as raw JSON with a warning, and approving them takes a tick first.
 * An order can also be approved with changes (smaller, safer): the inline editor (order-editor.tsx).
 * The core's risk tier sets the friction (design rule 4): an unusual order is coloured, says why
 * at the top and is approved only after the person types CONFIRM or its amount; a blocked one (the account
 * cannot pay it) cannot be approved as it is, only denied or approved smaller.
 */
export function ApprovalCard({ pending, now, focusDeny, onAllowSimilar, onDecided }: Props) {
  const [reason, setReason] = useState('');
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [editing, setEditing] = useState(false);
  // "Allow similar…" opens here, on the card, not on another page: the call still waits (issue 23).
  const [similar, setSimilar] = useState(false);
  const [typed, setTyped] = useState('');
  // Closing the editor hands the focus back to the button that opened it, not to the page's top.
  const editorClosed = useRef(false);
  // What a refusal of this very version of the card proved (a re-priced card is a new `pending`,
  // which carries the core's own tier again): never less friction than the core answered with.
  const [learned, setLearned] = useState<{ of: PendingApproval; tier: RiskTier; message: string }>();
  const proven = learned?.of === pending ? learned : undefined;
  const tier = stricter(pending.risk?.tier ?? 'normal', proven?.tier);
  const reasons = pending.risk?.reasons.length ? pending.risk.reasons : proven ? [proven.message] : [];
  const confirmed = isRiskConfirmed(typed, pending);
  const { summary } = pending;
  const total = Date.parse(pending.expiresAt) - Date.parse(pending.createdAt);
  // `now` ticks twice a second, so it can be a little older than a call that just arrived.
  const left = Math.min(total, Math.max(0, Date.parse(pending.expiresAt) - now));
  const titleId = `approval-${pending.id}`;
  const riskId = `${titleId}-risk`;
  // The summary already says the market price (as the notional's basis or beside the limit).
  const priced = summary.fields.some((f) => f.label === 'Estimated from' || f.label === 'Market price');
  const exchange = useGateState().status?.upstream.exchange;

  /** Said in place, and a risk refusal raises the card's friction to what the core asked for. */
  const refused = (result: Extract<DecideResult, { ok: false }>) => {
    setProblem(result.message);
    const shown = tierOfRefusal(result.error);
    if (shown) setLearned({ of: pending, tier: shown, message: result.message });
  };

  const decide = async (approve: boolean) => {
    setBusy(true);
    setProblem(undefined);
    try {
      const { api } = getBridge();
      const result = approve
        ? await api.approve({ id: pending.id, argsHash: pending.argsHash, ...(tier === 'unusual' && confirmed && { confirmRisk: typed.trim() }) })
        : await api.deny({ id: pending.id, ...(reason.trim() && { reason: reason.trim() }) });
      if (result.ok) onDecided?.(pending.id);
      else refused(result);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article
      className={`card approval risk-${tier}${summary.readable ? '' : ' unreadable'}${left < 15_000 ? ' urgent' : ''}`}
      aria-labelledby={titleId}
      aria-describedby={tier === 'normal' ? undefined : riskId}
      data-testid="approval-card"
      data-id={pending.id}
      // Where the focus lands after the card before it is decided (approvals-page.tsx).
      tabIndex={-1}
      data-tier={tier}
    >
      <header className="approval-head">
        <h2 id={titleId}>{summary.headline}</h2>
        <div className="countdown" role="timer" aria-label={`Denied automatically in ${formatCountdown(left)}`}>
          <span className="countdown-text">Auto-deny in {formatCountdown(left)}</span>
          <span className="countdown-bar" aria-hidden="true">
            {/* React sets style through the CSSOM, which the page's CSP (no inline style) allows. */}
            <span className="countdown-fill" style={{ width: `${Math.max(0, Math.min(100, (left / total) * 100))}%` }} />
          </span>
        </div>
      </header>

      {tier !== 'normal' && <RiskBanner id={riskId} tier={tier} reasons={reasons} />}

      {!summary.readable && (
        <div className="warning" role="alert">
          <strong>These arguments cannot be shown in words.</strong> Read the raw call below before deciding; there is no one-click approve for it.
        </div>
      )}

      <dl className="fields">
        {summary.fields.map((field, i) => (
          <div key={`${field.label}-${i}`} className={isRealOrderLine(field) ? 'field is-real' : 'field'}>
            <dt>{field.label}</dt>
            <dd>{field.value}</dd>
          </div>
        ))}
        {pending.price && !priced && (
          <div className="field">
            <dt>Market price</dt>
            <dd>
              {formatQuantity(pending.price.value)} ({pending.price.source}, {formatClock(pending.price.at)})
            </dd>
          </div>
        )}
        {/* A real order's Mode line already says on which exchange, and whether money is real. */}
        {exchange && !summary.fields.some(isRealOrderLine) && (
          <div className={exchange === 'paper' ? 'field' : 'field is-real'} data-testid="card-exchange">
            <dt>Exchange</dt>
            <dd>
              {describeExchange(exchange)}
            </dd>
          </div>
        )}
        <div className="field">
          <dt>Tool</dt>
          <dd>
            <code>{pending.tool}</code>
          </dd>
        </div>
        <div className="field">
          <dt>Agent</dt>
          <dd>{pending.client ?? 'unnamed client'}</dd>
        </div>
        {pending.rule && (
          <div className="field">
            <dt>Held by</dt>
            <dd>
              {pending.rule.ruleId && (
                <>
                  <code>{pending.rule.ruleId}</code>{' '}
                </>
              )}
              <code>{pending.rule.id}</code> — {pending.rule.reason}
            </dd>
          </div>
        )}
      </dl>

      {(!summary.readable || pending.argumentsText) && (
        <details className="raw" open={!summary.readable}>
          <summary>Raw call (exact arguments)</summary>
          <pre>{pending.argumentsText ?? JSON.stringify(pending.arguments, null, 2)}</pre>
        </details>
      )}

      {/* Before the button it unlocks: Approve once below, or the editor's own approve. */}
      {(tier === 'unusual' || (tier === 'blocked' && editing)) && (
        <RiskConfirmation
          value={typed}
          onChange={setTyped}
          what={tier === 'unusual' ? 'this unusual order' : 'a smaller order with changes'}
          amount={orderAmount(pending)}
          describedBy={riskId}
        />
      )}

      {editing && (
        <OrderEditor
          pending={pending}
          // A refusal of the edited order says nothing about the order as the agent asked it.
          onClose={() => {
            editorClosed.current = true;
            setEditing(false);
            setProblem(undefined);
          }}
          risk={tier === 'normal' ? undefined : { confirmed, typed: typed.trim() }}
          onRefused={refused}
          onEdited={() => setProblem(undefined)}
          onApproved={() => onDecided?.(pending.id)}
        />
      )}

      <div className="approval-actions">
        <label className="reason">
          <span>Reason for the agent (optional)</span>
          <input
            type="text"
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && void decide(false)}
            placeholder="e.g. too large, wait for my go"
          />
        </label>
        <div className="buttons">
          <button type="button" className="danger" autoFocus={focusDeny} disabled={busy} onClick={() => void decide(false)}>
            Deny
          </button>
          <DenyAndPause pending={pending} reason={reason} disabled={busy} onDenied={(id) => onDecided?.(id)} onProblem={setProblem} />
          {!summary.readable && (
            <label className="confirm">
              <input type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} /> I have read the raw call
            </label>
          )}
          {/* While the editor is open its own button approves; the unchanged order is one Cancel away. */}
          {!editing && (
            <button
              type="button"
              className="primary"
              disabled={busy || (!summary.readable && !checked) || tier === 'blocked' || (tier === 'unusual' && !confirmed)}
              aria-describedby={tier === 'normal' ? undefined : riskId}
              onClick={() => void decide(true)}
            >
              Approve once
            </button>
          )}
          {isEditableOrder(pending) && !editing && (
            <button
              type="button"
              ref={(button) => {
                if (button && editorClosed.current) button.focus();
                editorClosed.current = false;
              }}
              onClick={() => setEditing(true)}
              disabled={busy}
              data-testid="edit-open"
            >
              Approve with changes…
            </button>
          )}
          <button type="button" onClick={() => setSimilar(!similar)} disabled={!summary.readable} aria-expanded={similar}>
            Allow similar…
          </button>
        </div>
      </div>
      {similar && <AllowSimilarOnCard pending={pending} onClose={() => setSimilar(false)} onOpenEditor={() => onAllowSimilar(pending)} />}
      {tier === 'blocked' && !editing && (
        <p className="risk-off" data-testid="approve-off">
          Approve is off: the account cannot pay this order.
        </p>
      )}
      {/* Loud and in place: a refused approval (a stale card, a pause, a rule) must never pass unseen. */}
      {problem && (
        <div className="banner card-problem" role="alert" data-testid="card-problem">
          {problem}
        </div>
      )}
    </article>
  );
}

/** The core's one line saying an order is real and on which exchange (main/gate/approvals/money-line.ts). */
function isRealOrderLine(field: { label: string; value: string }): boolean {
  return field.label === 'Mode' && /^(REAL ORDER|Real order)/.test(field.value);
}
