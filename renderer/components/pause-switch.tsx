import { useState } from 'react';
import { isUnreachable, useGateState } from '../hooks/gate-store';
import type { ActionFailure } from '../lib/action-failure';
import { pauseQuestion, pauseTrading, refusedByPause, resumeTrading } from '../lib/trading-switch';
import { ConfirmStrip } from './confirm-strip';

interface Props {
  paused: boolean;
  disabled: boolean;
  onFailure(failure: ActionFailure | undefined): void;
}

/**
 * The financial pause as one switch with one name, "Trading", and its state beside it (Active,
 * Paused): a label that flipped between actions ("Pause all trading", "Trading paused") left a
 * person unsure whether it said what is or what a click does. A pause refuses the calls waiting
 * for the person too (Gate.setPaused), so when some wait it asks first, and says how many.
 */
export function PauseSwitch({ paused, disabled, onFailure }: Props) {
  const state = useGateState();
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  // While the page cannot reach the gateway the list may be wrong: the kill switch does not wait on it.
  const refused = isUnreachable(state) ? [] : refusedByPause(state.pending);

  const run = async (action: () => Promise<ActionFailure | undefined>) => {
    setAsking(false);
    setBusy(true);
    onFailure(undefined);
    onFailure(await action());
    setBusy(false);
  };
  const click = () => {
    if (paused) void run(resumeTrading);
    else if (refused.length > 0) setAsking(true);
    else void run(pauseTrading);
  };

  return (
    <>
      <button
        type="button"
        role="switch"
        aria-checked={!paused}
        aria-label="Trading"
        className="pause-switch"
        onClick={click}
        disabled={disabled || busy}
        title={paused ? 'New orders and amendments are refused (cancelling still works). Click to resume trading.' : 'Click to pause: refuse every new order and amendment, including calls waiting for you; cancelling stays possible.'}
        data-testid="trading-switch"
      >
        <span className="switch-track" aria-hidden="true">
          <span className="switch-thumb" />
        </span>
        <span>
          Trading: <strong>{paused ? 'Paused' : 'Active'}</strong>
        </span>
      </button>
      {asking && !paused && (
        <ConfirmStrip
          question={pauseQuestion(refused)}
          detail="Pausing denies them now, and their agents are told trading is paused. Cancelling orders still works while paused."
          confirm="Pause and refuse them"
          cancel="Keep trading"
          // Pausing is the safe direction: a stray Enter stops trading rather than leaving it on.
          focus="confirm"
          danger
          onConfirm={() => void run(pauseTrading)}
          onCancel={() => setAsking(false)}
          testId="pause-confirm"
        />
      )}
    </>
  );
}
