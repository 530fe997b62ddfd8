import { useEffect, useRef, useState } from 'react';
import type { DecideResult, OrderChanges, PendingApproval, PreviewChangesResult } from '../../preload/api';
import { getBridge } from '../bridge';
import { RISK_CONFIRMATION } from '../lib/risk';
import { ConfirmStrip } from './confirm-strip';

interface Props {
  pending: PendingApproval;
  onClose(): void;
  /**
   * Set when the order is unusual or blocked: the core approves a change to it only with
   * confirmRisk, what the person typed on the card, sent once it confirms (`confirmed`).
   */
  risk?: { confirmed: boolean; typed: string };
  /** The core refused the approval: the card says so, and learns the tier a risk refusal proves. */
  onRefused?(result: Extract<DecideResult, { ok: false }>): void;
  /** The person changed a value: a refusal shown for the values before is stale now. */
  onEdited?(): void;
  /** The changed order was approved: the card is done. */
  onApproved?(): void;
}

interface Input {
  /** kraken-mcp's argument name. */
  name: string;
  label: string;
  kind: 'number' | 'text' | 'tif' | 'flag';
}

// The limit price an add_order carries, by order type (the one argument a human may move).
const LIMIT_KEY: Record<string, string> = { limit: 'price', 'stop-loss-limit': 'price2', 'take-profit-limit': 'price2' };
// The inputs a price can be made worse in; an order with none (a market order) has nothing to allow.
const PRICE_INPUTS: ReadonlySet<string> = new Set(['price', 'price2', 'limit_price', 'trigger_price']);
// The contract takes at most this many characters per value; longer would be refused unread.
const MAX_VALUE_LENGTH = 64;

/** The inputs this held order offers; what they may hold is checked by the gateway, not here. */
function inputsFor(pending: PendingApproval): Input[] {
  const args = pending.arguments;
  if (pending.tool === 'add_order') {
    const limitKey = LIMIT_KEY[typeof args.ordertype === 'string' ? args.ordertype : 'limit'];
    return [
      { name: 'volume', label: 'Volume (lower only)', kind: 'number' },
      ...(limitKey && typeof args[limitKey] === 'string' ? [{ name: limitKey, label: 'Limit price', kind: 'text' as const }] : []),
      { name: 'timeinforce', label: 'Time in force', kind: 'tif' },
    ];
  }
  return [
    ...(typeof args.order_qty === 'string' ? [{ name: 'order_qty', label: 'Quantity (lower only)', kind: 'text' as const }] : []),
    ...(typeof args.limit_price === 'string' ? [{ name: 'limit_price', label: 'Limit price', kind: 'text' as const }] : []),
    ...(typeof args.trigger_price === 'string' ? [{ name: 'trigger_price', label: 'Trigger price', kind: 'text' as const }] : []),
    { name: 'post_only', label: 'Post-only', kind: 'flag' },
  ];
}

export function isEditableOrder(pending: PendingApproval): boolean {
  return pending.summary.readable && (pending.tool === 'add_order' || pending.tool === 'amend_order');
}

function initial(pending: PendingApproval): Record<string, string> {
  return Object.fromEntries(inputsFor(pending).map((input) => [input.name, pending.arguments[input.name] == null ? '' : String(pending.arguments[input.name])]));
}

/** The values that differ from the agent's, typed as kraken-mcp takes them. */
function changesOf(pending: PendingApproval, values: Record<string, string>): OrderChanges {
  const changes: OrderChanges = {};
  const start = initial(pending);
  for (const input of inputsFor(pending)) {
    const value = values[input.name] ?? '';
    if (value === start[input.name] || value === '') continue;
    // Text that is not a number goes as typed, so the gateway's refusal names the field
    // ("volume" must be a number) instead of the contract refusing NaN unread.
    const number = Number(value);
    changes[input.name] = input.kind === 'number' ? (Number.isFinite(number) ? number : value) : input.kind === 'flag' ? value === 'true' : value;
  }
  return changes;
}

/**
 * "Approve with changes" on an approval card: a smaller volume, a better limit, a tighter time
 * in force (add_order); a smaller quantity, a moved price, post-only (amend_order). Each edit is
 * sent to the gateway for a preview, so the new headline shown is the gateway's own words for the
 * exact arguments that will be approved, and the approval is bound to their hash.
 */
export function OrderEditor({ pending, onClose, risk, onRefused, onEdited, onApproved }: Props) {
  const [values, setValues] = useState(() => initial(pending));
  const [allowWorse, setAllowWorse] = useState(false);
  const [shown, setShown] = useState<{ key: string; result: PreviewChangesResult }>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [dropping, setDropping] = useState(false);
  const asked = useRef(0);
  const changes = changesOf(pending, values);
  const key = JSON.stringify([changes, allowWorse]);
  // Only the preview of what the inputs hold now counts; approving binds to its hash.
  const preview = shown?.key === key ? shown.result : undefined;

  useEffect(() => {
    const ticket = ++asked.current;
    if (Object.keys(changes).length === 0) return;
    getBridge()
      .api.previewChanges({ id: pending.id, changes, ...(allowWorse && { allowWorsePrice: true }) })
      // A slower answer to an older edit must not replace the newer one.
      .then((result) => {
        if (ticket !== asked.current) return;
        setShown({ key, result });
        // A preview that succeeds shows the order as it stands now: an older failure no longer applies.
        if (result.ok) setProblem(undefined);
      })
      .catch((error: unknown) => ticket === asked.current && setProblem(error instanceof Error ? error.message : String(error)));
    // `key` stands for changes and allowWorse.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, pending.id]);

  const approve = async () => {
    if (!preview?.ok) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const result = await getBridge().api.approve({
        id: pending.id,
        changes,
        argsHash: preview.pending.argsHash,
        ...(allowWorse && { allowWorsePrice: true }),
        ...(risk?.confirmed && { confirmRisk: risk.typed }),
      });
      if (result.ok) onApproved?.();
      else if (onRefused) onRefused(result);
      // The card shows a refusal loudly; shown here too only when no card is listening.
      else setProblem(result.message);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  // What went wrong belongs to the values it was about: a new edit starts without it.
  const edited = () => {
    setProblem(undefined);
    onEdited?.();
  };
  const set = (name: string, value: string) => {
    edited();
    setValues((v) => ({ ...v, [name]: value }));
  };
  const inputs = inputsFor(pending);
  const offersWorsePrice = inputs.some((input) => PRICE_INPUTS.has(input.name));
  // Typed values are work: closing the editor over them asks first.
  const changed = Object.keys(changes).length > 0 || allowWorse;
  const ready = preview?.ok === true && Object.keys(changes).length > 0 && (risk === undefined || risk.confirmed);
  return (
    <section className="order-editor" aria-label="Approve with changes" data-testid="order-editor">
      <div className="order-editor-inputs">
        {inputs.map((input) => (
          <label key={input.name} className={input.kind === 'flag' ? 'confirm' : undefined}>
            {input.kind === 'flag' ? (
              <>
                <input type="checkbox" checked={values[input.name] === 'true'} onChange={(e) => set(input.name, e.target.checked ? 'true' : 'false')} /> {input.label}
              </>
            ) : (
              <>
                <span>
                  {input.label} <code>{input.name}</code>
                </span>
                {input.kind === 'tif' ? (
                  <select value={values[input.name]} onChange={(e) => set(input.name, e.target.value)} data-testid={`edit-${input.name}`}>
                    <option value="">as the agent asked{pending.arguments.timeinforce ? ` (${String(pending.arguments.timeinforce)})` : ' (GTC)'}</option>
                    {pending.arguments.timeinforce === 'GTD' && <option value="GTD">GTD</option>}
                    <option value="IOC">IOC: fill now or cancel</option>
                  </select>
                ) : (
                  <input
                    type="text"
                    inputMode="decimal"
                    value={values[input.name]}
                    maxLength={MAX_VALUE_LENGTH}
                    onChange={(e) => set(input.name, e.target.value.trim())}
                    data-testid={`edit-${input.name}`}
                  />
                )}
              </>
            )}
          </label>
        ))}
        {offersWorsePrice && (
          <label className="confirm">
            <input type="checkbox" checked={allowWorse} onChange={(e) => (edited(), setAllowWorse(e.target.checked))} data-testid="edit-allow-worse" /> Allow a worse price
            than the agent&apos;s
          </label>
        )}
      </div>
      <div className="order-editor-preview" aria-live="polite" data-testid="edit-preview">
        {Object.keys(changes).length === 0 ? (
          <p className="muted">Change a value to see the order you would approve.</p>
        ) : preview?.ok ? (
          <>
            <p className="order-editor-headline">
              <span className="muted">You approve:</span> <strong data-testid="edit-headline">{preview.pending.summary.headline}</strong>
            </p>
            <p className="muted" data-testid="edit-note">
              The agent is told: {preview.note}
            </p>
          </>
        ) : preview ? (
          <p className="error" role="alert" data-testid="edit-refused">
            {preview.message}
          </p>
        ) : null}
      </div>
      <div className="buttons">
        {risk && !risk.confirmed && preview?.ok && (
          <span className="muted" data-testid="edit-needs-confirm">
            Type {RISK_CONFIRMATION} or the amount above to approve it.
          </span>
        )}
        <button type="button" onClick={() => (changed ? setDropping(true) : onClose())} disabled={busy} data-testid="edit-cancel">
          Cancel changes
        </button>
        <button type="button" className="primary" disabled={busy || !ready} onClick={() => void approve()} data-testid="edit-approve">
          Approve with changes
        </button>
      </div>
      {dropping && (
        <ConfirmStrip
          question="Drop your changes to this order?"
          detail="The order keeps waiting for you as the agent asked it."
          confirm="Drop changes"
          cancel="Keep editing"
          focus="cancel"
          onConfirm={onClose}
          onCancel={() => setDropping(false)}
          testId="edit-drop-confirm"
        />
      )}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
