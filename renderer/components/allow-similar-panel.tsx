import { diffLines } from 'diff';
import { useMemo, useState } from 'react';
import type { ToolInfo } from '../../preload/api';
import { allowSimilar, describeScope, scopeFromCall, type Condition, type PolicyDoc } from '../lib/policy-draft';
import { fieldsFromSchema } from '../lib/schema-fields';
import { ConditionRow } from './condition-row';

/**
 * "Allow similar…" from an approval card: a scope proposed from the call (the app suggests, never
 * the agent), stated in words, editable, and shown as the change it makes before it goes into the
 * draft. Saving stays a separate, deliberate step.
 */
export function AllowSimilarPanel({ tool, args, doc, onApply, onCancel }: { tool: ToolInfo; args: Record<string, unknown>; doc: PolicyDoc; onApply(doc: PolicyDoc): void; onCancel(): void }) {
  const fields = fieldsFromSchema(tool.inputSchema);
  const [scope, setScope] = useState<Condition[]>(() => scopeFromCall(tool.name, args));
  const next = useMemo(() => allowSimilar(doc, tool.name, scope), [doc, tool.name, scope]);
  const before = JSON.stringify(doc.tools?.[tool.name] ?? {}, null, 2);
  const after = next ? JSON.stringify(next.tools?.[tool.name] ?? {}, null, 2) : before;
  const changes = diffLines(before, after);
  const unchanged = before === after;
  return (
    <section className="card allow-similar" aria-labelledby="similar-title" data-testid="allow-similar">
      <h3 id="similar-title">Allow calls like this one without asking</h3>
      <p className="scope" data-testid="similar-scope">
        {describeScope(tool.name, scope)}
      </p>
      {scope.map((c, i) => (
        <ConditionRow key={i} condition={c} fields={fields} onChange={(n) => setScope(scope.map((x, j) => (j === i ? n : x)))} onRemove={() => setScope(scope.filter((_, j) => j !== i))} />
      ))}
      {!next && <p className="error">A condition here has no opposite the rules can state (regex, contains, exists); remove it.</p>}
      {next && unchanged && <p className="muted">This call was not held by an "ask me" rule of {tool.name}, so there is nothing to narrow here.</p>}
      {next && !unchanged && (
        <pre className="diff" aria-label="The change to the rules">
          {changes.flatMap((part, i) =>
            part.value
              .replace(/\n$/, '')
              .split('\n')
              .map((line, j) => (
                <span key={`${i}-${j}`} className={part.added ? 'diff-added' : part.removed ? 'diff-removed' : 'diff-same'}>
                  {part.added ? '+ ' : part.removed ? '- ' : '  '}
                  {line}
                  {'\n'}
                </span>
              )),
          )}
        </pre>
      )}
      <div className="buttons">
        <button type="button" className="primary" disabled={!next || unchanged} onClick={() => next && onApply(next)}>
          Put it in the draft
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
