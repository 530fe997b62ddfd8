import { useState } from 'react';
import type { PausedAgent } from '../../preload/api';
import { getBridge } from '../bridge';
import { useGateState } from '../hooks/gate-store';
import { useNow } from '../hooks/use-now';
import { describeFailure, type ActionFailure } from '../lib/action-failure';
import { formatClock, formatDate } from '../../preload/clock';
import { ActionFailureBanner } from './action-failure-banner';

/** "until 14:30", "until Nov 25, 14:30", "until you resume it". */
function until(agent: PausedAgent, now: number): string {
  if (agent.until === undefined) return 'until you resume it';
  const sameDay = new Date(agent.until).toDateString() === new Date(now).toDateString();
  return `until ${sameDay ? '' : `${formatDate(agent.until, now)}, `}${formatClock(agent.until, { seconds: false })}`;
}

/**
 * The agents a person paused (Deny & pause agent), on the Approvals page: who, until when, and
 * Resume, which lets their orders through early (the person's code where presence is required).
 */
export function PausedAgents() {
  const { status } = useGateState();
  const now = useNow(1000);
  const [busy, setBusy] = useState<string>();
  const [failure, setFailure] = useState<ActionFailure>();
  const active = (status?.pausedAgents ?? []).filter((p) => p.until === undefined || Date.parse(p.until) > now);
  if (active.length === 0 && !failure) return null;

  const resume = async (agent: string) => {
    setBusy(agent);
    setFailure(undefined);
    try {
      const result = await getBridge().api.resumeAgent({ agent });
      if (!result.ok) setFailure({ headline: `${agent} is still paused.`, detail: result.message, remedy: 'Look at the list again.', loggedOut: false });
    } catch (error) {
      setFailure(describeFailure(`Resuming failed: ${agent} is still paused.`, error, `Try again, or run \`kraken-gate resume --agent ${agent}\` in a terminal.`));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section className="banner paused-agents" aria-label="Paused agents" data-testid="paused-agents">
      <ul>
        {active.map((p) => (
          <li key={p.agent} data-agent={p.agent}>
            <span>
              <strong>{p.client ?? 'A client that gave no name'}</strong> is paused {until(p, now)}: its orders and amendments are refused; its reads and cancels pass.
            </span>
            <button type="button" onClick={() => void resume(p.agent)} disabled={busy !== undefined}>
              Resume {p.client ?? 'it'}
            </button>
          </li>
        ))}
      </ul>
      {failure && <ActionFailureBanner failure={failure} onDismiss={() => setFailure(undefined)} testId="resume-agent-failure" />}
    </section>
  );
}
