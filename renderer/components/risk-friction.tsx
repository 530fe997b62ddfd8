// The friction an unusual or blocked order gets on its card (design rule 4: the friction follows
// the risk): a banner at the top saying why, in the core's words, and the field where the person
// types the confirmation. A normal order gets neither.
import { RISK_CONFIRMATION, type RiskTier } from '../lib/risk';

interface BannerProps {
  /** Referenced by the card and its Approve button (aria-describedby), so "why" is read with them. */
  id: string;
  tier: Exclude<RiskTier, 'normal'>;
  reasons: readonly string[];
}

const TITLES = {
  unusual: `Unusual order: read why, then type ${RISK_CONFIRMATION} (or the amount) to approve it.`,
  blocked: 'This order cannot be approved as it is: the account cannot pay it.',
} as const;

/** role="alert": a card that arrives (or turns) unusual or blocked is announced with its reasons. */
export function RiskBanner({ id, tier, reasons }: BannerProps) {
  return (
    <div id={id} className={`banner risk-banner risk-${tier}`} role="alert" data-testid="risk-banner" data-tier={tier}>
      <strong>{TITLES[tier]}</strong>
      {reasons.length > 0 && (
        <ul>
          {reasons.map((reason, i) => (
            <li key={`${i}-${reason}`}>{reason}</li>
          ))}
        </ul>
      )}
      {tier === 'blocked' && <p>Deny it, or approve a smaller order with changes (after typing {RISK_CONFIRMATION}).</p>}
    </div>
  );
}

interface ConfirmProps {
  value: string;
  onChange(value: string): void;
  /** What the typed word unlocks: "this unusual order", "the smaller order". */
  what: string;
  /** The order's amount as its card shows it, which confirms as well as the word does. */
  amount: string | undefined;
  /** The banner's id: the reasons are the field's description. */
  describedBy: string;
}

/** A plain text field with a visible label; no autofill or spellcheck may type the word for the person. */
export function RiskConfirmation({ value, onChange, what, amount, describedBy }: ConfirmProps) {
  return (
    <label className="risk-confirm">
      <span>
        Type <strong>{RISK_CONFIRMATION}</strong>
        {amount !== undefined && (
          <>
            {' '}
            or the amount (<strong>{amount}</strong>)
          </>
        )}{' '}
        to approve {what}
      </span>
      <input
        type="text"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        aria-describedby={describedBy}
        data-testid="risk-confirm"
      />
    </label>
  );
}
