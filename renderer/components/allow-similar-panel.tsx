import { useMemo, useState, type ReactNode } from 'react';
import type { ToolInfo } from '../../preload/api';
import { allowSimilar, describeSimilar, scopeFromCall, SIMILAR_CAP, type AllowCap, type Condition, type PolicyDoc } from '../lib/policy-draft';
import { fieldsFromSchema } from '../lib/schema-fields';
import { AllowanceCap } from './allowance-cap';
import { ConditionRow } from './condition-row';

interface Props {
  tool: ToolInfo;
  args: Record<string, unknown>;
  doc: PolicyDoc;
  /** What applying does: into the Rules page's draft, or saved from the approval card. */
  applyLabel: string;
  onApply(doc: PolicyDoc, words: string): void;
  onCancel(): void;
  /** Below the buttons: where it went, or why it could not. */
  children?: ReactNode;
}

/**
 * "Allow similar…": one exception to asking, proposed from the call (the app suggests, never the
 * agent), capped ("at most 5 such orders per hour"), stated in words and as the one rule it adds,
 * editable before anything changes.
 */
export function AllowSimilarPanel({ tool, args, doc, applyLabel, onApply, onCancel, children }: Props) {
  const fields = fieldsFromSchema(tool.inputSchema);
  const [scope, setScope] = useState<Condition[]>(() => scopeFromCall(tool.name, args));
  const [cap, setCap] = useState<AllowCap>(SIMILAR_CAP);
  const next = useMemo(() => allowSimilar(doc, tool.name, scope, cap), [doc, tool.name, scope, cap]);
  const added = next?.tools?.[tool.name]?.allow_if?.at(-1);
  const words = describeSimilar(tool.name, scope, cap);
  return (
    <section className="card allow-similar" aria-labelledby={`similar-title-${tool.name}`} data-testid="allow-similar">
      <h3 id={`similar-title-${tool.name}`}>Allow calls like this one without asking</h3>
      {next ? (
        <p className="scope" data-testid="similar-scope">
          {words}
        </p>
      ) : (
        <p className="muted">Nothing asks you about {tool.name} now (no "ask me" rule), so there is nothing to allow.</p>
      )}
      {scope.map((c, i) => (
        <ConditionRow key={i} condition={c} fields={fields} onChange={(n) => setScope(scope.map((x, j) => (j === i ? n : x)))} onRemove={() => setScope(scope.filter((_, j) => j !== i))} />
      ))}
      <AllowanceCap cap={cap} onChange={setCap} />
      {added && (
        <details className="preview">
          <summary>The rule it adds ({added.id}), in policy.json</summary>
          <pre className="json" aria-label="The rule it adds">
            {JSON.stringify({ allow_if: [added] }, null, 2)}
          </pre>
        </details>
      )}
      <div className="buttons">
        <button type="button" className="primary" disabled={!next || !Number.isInteger(cap.max) || cap.max < 0} onClick={() => next && onApply(next, words)}>
          {applyLabel}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {children}
    </section>
  );
}
