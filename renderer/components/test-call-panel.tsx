import { useId, useState } from 'react';
import type { TestCallResult, ToolInfo } from '../../preload/api';
import { getBridge } from '../bridge';
import { exampleArguments, fieldsFromSchema } from '../lib/schema-fields';

const ACTION_WORDS = { allow: 'Allowed', approve: 'Asks you', deny: 'Denied' } as const;

/** Design rule 12: the order the engine reads the rules in, first match wins. */
export const EVALUATION_ORDER = [
  'hidden or unknown tool',
  'definition changed upstream, not yet accepted',
  'financial pause',
  'tool not named, with default deny',
  'Deny',
  'pair lists',
  'requirements',
  'deny when…',
  'order value cap',
  'daily cap',
  'rate limits',
  'ask me when…',
  'Ask me',
  'allow',
];

/** "Test a call": which rule decides these arguments, and why, before anything is saved. */
export function TestCallPanel({ tool, draftText, dirty, initialArguments }: { tool: ToolInfo; draftText: string | undefined; dirty: boolean; initialArguments?: Record<string, unknown> }) {
  const id = useId();
  // The parent gives this panel a new key per tool (and per proposed call), which resets it.
  const [args, setArgs] = useState(() => JSON.stringify(initialArguments ?? exampleArguments(fieldsFromSchema(tool.inputSchema)), null, 2));
  const [result, setResult] = useState<TestCallResult | { ok: false; errors: string[] }>();

  const run = async () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(args);
    } catch (e) {
      return setResult({ ok: false, errors: [`The arguments are not JSON: ${e instanceof Error ? e.message : String(e)}`] });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return setResult({ ok: false, errors: ['The arguments must be a JSON object.'] });
    try {
      setResult(await getBridge().api.testCall({ tool: tool.name, arguments: parsed as Record<string, unknown>, ...(dirty && draftText !== undefined && { text: draftText }) }));
    } catch (e) {
      setResult({ ok: false, errors: [e instanceof Error ? e.message : String(e)] });
    }
  };

  return (
    <section className="test-call card" aria-labelledby={`${id}-title`} data-testid="test-call">
      <h3 id={`${id}-title`}>Test a call</h3>
      <p className="small muted">
        Arguments for <code>{tool.name}</code>; nothing is sent to Kraken. {dirty ? 'Tested against your unsaved edits.' : 'Tested against the saved rules.'}
      </p>
      <label>
        <span className="sr-only">Arguments as JSON</span>
        <textarea rows={6} spellCheck={false} value={args} onChange={(e) => setArgs(e.target.value)} data-testid="test-call-args" />
      </label>
      <button type="button" onClick={() => void run()}>
        Test
      </button>
      {result && (
        <div className="test-result" role="status" data-testid="test-call-result">
          {result.ok ? (
            <>
              <p>
                <span className={`badge badge-${result.action}`}>{ACTION_WORDS[result.action]}</span> by <code>{result.rule}</code>
              </p>
              <p>{result.reason}</p>
              {result.notes.map((n) => (
                <p key={n} className="small muted">
                  {n}
                </p>
              ))}
            </>
          ) : (
            <ul className="errors">
              {result.errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <details className="small">
        <summary>In what order rules are read</summary>
        <ol className="order">
          {EVALUATION_ORDER.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
        <p className="muted">The first that matches decides.</p>
      </details>
    </section>
  );
}
