import { useState } from 'react';
import { useGateState } from '../hooks/gate-store';
import type { ActionFailure } from '../lib/action-failure';
import { resumeTrading } from '../lib/trading-switch';
import { ActionFailureBanner } from './action-failure-banner';

/**
 * On every page while trading is paused: the header's switch alone is easy to miss, and a person
 * wondering why the agent's orders fail should read why here, and how to undo it.
 */
export function PausedBanner() {
  const { status } = useGateState();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ActionFailure>();
  if (!status?.paused) return null;
  const resume = async () => {
    setBusy(true);
    setFailure(await resumeTrading());
    setBusy(false);
  };
  return (
    <div className="banner paused-banner" role="status" data-testid="paused-banner">
      <p>
        <strong>Trading is paused.</strong> New orders and amendments are refused, including calls waiting for you; cancelling orders still works.
      </p>
      <p>
        To resume, click <button type="button" className="primary" onClick={() => void resume()} disabled={busy}>Resume trading</button> (or the Trading switch at the top), or run{' '}
        <code>kraken-gate resume</code> in a terminal.
      </p>
      {failure && <ActionFailureBanner failure={failure} onDismiss={() => setFailure(undefined)} testId="resume-failure" />}
    </div>
  );
}
