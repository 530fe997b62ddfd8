// What a person must know about presence on every page: riskier attempts refused for want of their
// code (an agent may be trying to approve its own orders), edits made on disk that wait for them,
// and a start that could not stand on what they confirmed.
import { useState } from 'react';
import type { RefusedAttempt } from '../../preload/api';
import { getBridge } from '../bridge';
import { useGateState } from '../hooks/gate-store';
import { formatClock } from '../lib/format';

const SURFACE: Record<RefusedAttempt['channel'], string> = {
  cli: 'from the command line',
  web: 'from a web page of this gateway',
  window: 'in the window',
  tray: 'from the tray',
  notification: 'from a notification',
  telegram: 'from the paired Telegram chat',
};

const ACTIONS: Record<string, [one: string, many: string]> = {
  approve: ['approval', 'approvals'],
  resume: ['resume', 'resumes'],
  rules: ['looser rule change', 'looser rule changes'],
  settings: ['riskier settings change', 'riskier settings changes'],
  'apply-staged': ['apply of an edit on disk', 'applies of edits on disk'],
  'accept-tool': ['acceptance of a changed tool', 'acceptances of changed tools'],
  keys: ['change of the API keys', 'changes of the API keys'],
  'presence-setup': ['authenticator setup', 'authenticator setups'],
  unlock: ['unlock', 'unlocks'],
};

/** "3 approvals without your code were refused from the command line (last at 14:02:07)". */
export function describeRefused(attempt: RefusedAttempt): string {
  const [one, many] = ACTIONS[attempt.action] ?? [attempt.action, attempt.action];
  const time = formatClock(attempt.lastAt);
  return `${attempt.count} ${attempt.count === 1 ? one : many} without your code ${attempt.count === 1 ? 'was' : 'were'} refused ${SURFACE[attempt.channel]} (last at ${time}).`;
}

export function PresenceBanners() {
  const { status } = useGateState();
  if (!status) return null;
  const { refusedAttempts, staged, confirmationProblem } = status;
  return (
    <>
      {confirmationProblem && (
        <div className="banner warning" role="alert" data-testid="confirmation-problem">
          {confirmationProblem}
        </div>
      )}
      {refusedAttempts.length > 0 && (
        <div className="banner warning" role="alert" data-testid="refused-attempts">
          <strong>Refused without your code</strong>
          <ul>
            {refusedAttempts.map((attempt) => (
              <li key={`${attempt.action}|${attempt.channel}`}>{describeRefused(attempt)}</li>
            ))}
          </ul>
          <p className="muted">If that was not you, a program on this computer (an agent with a shell?) tried to act for you. Nothing was done.</p>
        </div>
      )}
      {staged.rules && <StagedBanner what="rules" hash={staged.rules.hash} lines={staged.rules.loosenings} />}
      {staged.settings && <StagedBanner what="settings" hash={staged.settings.hash} lines={staged.settings.changes} />}
    </>
  );
}

function StagedBanner({ what, hash, lines }: { what: 'rules' | 'settings'; hash: string; lines: readonly string[] }) {
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const apply = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const result = await getBridge().api.applyStaged({ what, hash });
      if (!result.ok) setProblem(result.message);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  const file = what === 'rules' ? 'policy.json' : 'settings.json';
  return (
    <section className="banner warning" role="alert" aria-label={`${file} edited`} data-testid={`staged-${what}`}>
      <strong>{file} was edited outside Kraken Gate to let more through. It is not in force:</strong>
      <ul>
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p className="muted">{what === 'rules' ? 'The rules you confirmed still decide every call.' : 'The settings you confirmed stay in force.'} If you did not make this edit, leave it: nothing changes until you apply it.</p>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <button type="button" onClick={apply} disabled={busy} data-testid={`apply-staged-${what}`}>
        Apply this edit…
      </button>
    </section>
  );
}
