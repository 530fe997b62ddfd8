// The question the served window asks before a riskier action: the code from the person's
// authenticator app. A modal <dialog>: focus stays in it, Escape cancels, nothing is decided
// until the person answers.
import { useEffect, useRef, useState } from 'react';
import { useCodeRequest } from '../hooks/presence-prompt';

export function PresenceDialog() {
  const request = useCodeRequest();
  const dialog = useRef<HTMLDialogElement>(null);
  const [code, setCode] = useState('');

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (request && !element.open) {
      setCode('');
      // happy-dom (the component tests) has no showModal; the attribute shows it there.
      if (typeof element.showModal === 'function') element.showModal();
      else element.setAttribute('open', '');
    }
    if (!request && element.open) element.close();
  }, [request]);

  return (
    <dialog ref={dialog} className="presence-dialog" aria-labelledby="presence-title" data-testid="presence-dialog" onCancel={() => request?.answer(undefined)}>
      {request && (
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            request.answer(code);
          }}
        >
          <h2 id="presence-title">Your code, please</h2>
          <p>{request.message}</p>
          {request.problem && (
            <p className="error" role="alert">
              {request.problem}
            </p>
          )}
          <label>
            Code from your authenticator app
            <input
              name="code"
              autoFocus
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9 \-]{6,8}"
              maxLength={8}
              required
              value={code}
              onChange={(event) => setCode(event.target.value)}
              data-testid="presence-code"
            />
          </label>
          <p className="muted">A correct code also unlocks this window&apos;s riskier actions for 5 minutes.</p>
          <div className="actions">
            <button type="button" onClick={() => request.answer(undefined)}>
              Cancel
            </button>
            <button type="submit" className="primary" data-testid="presence-submit">
              Confirm
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
