import { useState } from 'react';
import { AGENT_PAUSE_CHOICES, type PendingApproval } from '../../preload/api';
import { getBridge } from '../bridge';

interface Props {
  pending: PendingApproval;
  /** What the person typed for the agent, sent with the denial. */
  reason: string;
  disabled: boolean;
  onDenied(id: string): void;
  onProblem(message: string | undefined): void;
}

/**
 * Deny & pause agent (design rule 8): the call is denied and its agent's orders and amendments are
 * refused for the time chosen, while its reads and other agents go on. The safe direction, so one
 * click on the time once the choice is open; lifting it early asks for the person's proof.
 */
export function DenyAndPause({ pending, reason, disabled, onDenied, onProblem }: Props) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const agent = pending.client ?? 'this client';

  const pause = async (minutes: number | null) => {
    setBusy(true);
    onProblem(undefined);
    try {
      const result = await getBridge().api.denyAndPauseAgent({ id: pending.id, minutes, ...(reason.trim() && { reason: reason.trim() }) });
      if (result.ok) onDenied(pending.id);
      else onProblem(result.message);
    } catch (error) {
      onProblem(`Nothing was denied or paused: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} disabled={disabled} aria-expanded={false} data-testid="deny-pause-open">
        Deny &amp; pause agent…
      </button>
    );
  }
  return (
    <div className="deny-pause" role="group" aria-label={`Deny and pause ${agent}`} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)} data-testid="deny-pause">
      <span>
        Deny, and refuse <strong>{agent}</strong>’s orders for
      </span>
      {AGENT_PAUSE_CHOICES.map((choice, i) => (
        <button
          key={choice.label}
          type="button"
          className="danger"
          autoFocus={i === 0}
          disabled={busy}
          aria-label={`Deny and pause ${agent} ${choice.minutes === null ? 'until you resume it' : `for ${choice.label}`}`}
          onClick={() => void pause(choice.minutes)}
        >
          {choice.label}
        </button>
      ))}
      <button type="button" onClick={() => setOpen(false)} disabled={busy}>
        Cancel
      </button>
    </div>
  );
}
