import { useState } from 'react';
import type { ToolInfo } from '../../preload/api';
import { getBridge } from '../bridge';

/** A tool the upstream redefined: blocked until a person reads what changed and accepts it. */
export function ChangedToolBanner({ tool }: { tool: ToolInfo }) {
  const [problem, setProblem] = useState<string>();
  const accept = async () => {
    const result = await getBridge().api.acceptTool({ name: tool.name });
    if (!result.ok) setProblem(result.message);
  };
  return (
    <section className="banner warning" role="alert" aria-label={`${tool.name} changed`} data-testid="changed-tool">
      <p>
        <strong>The upstream changed the definition of {tool.name}.</strong> Calls to it are refused, and agents do not see it, until you accept the new definition. A changed description can carry instructions
        meant for the agent: read it.
      </p>
      <details open>
        <summary>{tool.diff?.previousKnown ? 'What changed' : 'The new definition (the accepted one was not kept)'}</summary>
        <pre className="diff">
          {(tool.diff?.lines ?? []).map((line, i) => (
            <span key={i} className={`diff-${line.op}`}>
              {line.op === 'added' ? '+ ' : line.op === 'removed' ? '- ' : '  '}
              {line.text}
              {'\n'}
            </span>
          ))}
        </pre>
      </details>
      <button type="button" onClick={() => void accept()}>
        Accept the new definition
      </button>
      {problem && <p className="error">{problem}</p>}
    </section>
  );
}
