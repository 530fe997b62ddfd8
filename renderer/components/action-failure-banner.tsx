import type { ActionFailure } from '../lib/action-failure';

/** A failed action, loud and in place: what did not happen, why, what to do; dismissable once read. */
export function ActionFailureBanner({ failure, onDismiss, testId }: { failure: ActionFailure; onDismiss: () => void; testId?: string }) {
  return (
    <div className="action-failure" role="alert" data-testid={testId ?? 'action-failure'}>
      <strong>{failure.headline}</strong>
      <p>{failure.remedy}</p>
      <p className="muted">{failure.detail}</p>
      {failure.loggedOut && (
        <button type="button" onClick={() => window.location.reload()}>
          I logged in again: reload
        </button>
      )}
      <button type="button" className="link-button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
