import { useState } from 'react';
import type { PendingApproval } from '../../preload/api';
import { getBridge } from '../bridge';
import { usePolicyView, useTools } from '../hooks/use-policy';
import { parseDraft, serialize } from '../lib/policy-draft';
import { withRuleIds } from '../lib/rule-ids';
import { AllowSimilarPanel } from './allow-similar-panel';

type Outcome = { ok: true; words: string } | { ok: false; message: string };

/**
 * "Allow similar…" where the call is: the panel opens on its approval card and saves the one rule
 * from there, so the person never leaves the call that is waiting (which still needs its own
 * decision). The Rules page's editor, with the same proposal in its draft, is one link away.
 */
export function AllowSimilarOnCard({ pending, onClose, onOpenEditor }: { pending: PendingApproval; onClose(): void; onOpenEditor?: () => void }) {
  const { value: view } = usePolicyView();
  const { value: tools } = useTools();
  const [outcome, setOutcome] = useState<Outcome>();
  const tool = tools?.find((t) => t.name === pending.tool);
  const parsed = view && parseDraft(view.text);
  if (!view || !tools) return <p className="muted">Loading the rules…</p>;
  if (!tool || !parsed?.ok) return <p className="warning">The rules cannot be changed from here now: open the Rules page.</p>;

  const save = async (next: Parameters<typeof serialize>[0], words: string) => {
    setOutcome(undefined);
    try {
      const result = await getBridge().api.savePolicy({ text: withRuleIds(serialize(next)).text, baseText: view.text });
      setOutcome(result.ok ? { ok: true, words } : { ok: false, message: result.conflict ? 'policy.json changed meanwhile; look again and retry.' : result.errors.join('; ') });
    } catch (error) {
      setOutcome({ ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  };

  if (outcome?.ok) {
    return (
      <div className="notice allow-similar-saved" role="status" data-testid="similar-saved">
        Saved: {outcome.words} This call still waits for your decision above.{' '}
        <button type="button" className="link" onClick={onClose}>
          Close
        </button>
      </div>
    );
  }
  return (
    <AllowSimilarPanel tool={tool} args={pending.arguments} doc={parsed.doc} applyLabel="Save this rule" onApply={(next, words) => void save(next, words)} onCancel={onClose}>
      {outcome && (
        <p className="error" role="alert" data-testid="similar-error">
          Not saved: {outcome.message}
        </p>
      )}
      {onOpenEditor && (
        <button type="button" className="link" onClick={onOpenEditor}>
          Edit it in the Rules page instead…
        </button>
      )}
    </AllowSimilarPanel>
  );
}
