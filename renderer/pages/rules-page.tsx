import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import type { ToolInfo } from '../../preload/api';
import { getBridge } from '../bridge';
import { AllowSimilarPanel } from '../components/allow-similar-panel';
import { ChangedToolBanner } from '../components/changed-tool-banner';
import { ConfirmStrip } from '../components/confirm-strip';
import { RuleTarget } from '../components/rule-target';
import { PolicyWideForm, RuleForm } from '../components/rule-form';
import { TestCallPanel } from '../components/test-call-panel';
import { POLICY_WIDE, ToolList } from '../components/tool-list';
import { isUnsaved, setPolicyDraft, usePolicyDraft } from '../hooks/policy-draft-store';
import { usePolicyView, useTools, useValidation } from '../hooks/use-policy';
import { useRoute } from '../hooks/use-route';
import { downloadText } from '../lib/download';
import { parseDraft, serialize, type PolicyDoc } from '../lib/policy-draft';
import { withRuleIds } from '../lib/rule-ids';
import { findRule } from '../../preload/rule-ref';

// CodeMirror is most of the Rules page's weight; it loads when the JSON tab is first opened.
const JsonEditor = lazy(() => import('../components/json-editor').then((m) => ({ default: m.JsonEditor })));

export function RulesPage() {
  const route = useRoute();
  const { value: view, error: viewError, reload } = usePolicyView();
  const { value: tools } = useTools();
  const draft = usePolicyDraft();
  const setDraft = setPolicyDraft;
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const [saveErrors, setSaveErrors] = useState<string[]>([]);
  // The draft the person asked to discard: an edit or a save since makes the question stale.
  const [discarding, setDiscarding] = useState<string>();
  const fileInput = useRef<HTMLInputElement>(null);

  const selected = route.params.get('tool') ?? 'add_order';
  const tab = route.params.get('view') === 'json' ? 'json' : 'form';
  const similarParam = route.params.get('similar');
  const similar = useMemo(() => {
    try {
      return similarParam ? (JSON.parse(similarParam) as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }, [similarParam]);

  const text = draft?.text ?? view?.text;
  const dirty = isUnsaved(draft);
  const check = useValidation(text);
  const parsed = useMemo(() => (text === undefined ? undefined : parseDraft(text)), [text]);
  const tool = tools?.find((t) => t.name === selected);
  const changedTools = tools?.filter((t) => t.pin === 'changed') ?? [];
  const movedOnDisk = draft !== undefined && view !== undefined && view.text !== draft.base;

  const edit = (nextText: string) => {
    setMessage(undefined);
    setSaveErrors([]);
    setDraft((old) => ({ text: nextText, base: old?.base ?? view?.text ?? '' }));
  };
  const editDoc = (doc: PolicyDoc) => edit(serialize(doc));

  const save = async () => {
    if (!draft || !dirty) return;
    // Every rule leaves the editor named, so the call log can find it again wherever it moves.
    const result = await getBridge().api.savePolicy({ text: withRuleIds(draft.text).text, baseText: draft.base });
    if (result.ok) {
      setDraft(undefined);
      setSaveErrors([]);
      setMessage({ kind: 'ok', text: `Saved to ${result.view.path}. The next call follows these rules.` });
      reload();
    } else {
      setSaveErrors(result.errors);
      setMessage({ kind: 'error', text: result.conflict ? 'Not saved: policy.json changed on disk.' : 'Not saved: the engine refused the rules.' });
    }
  };

  // Ctrl/Cmd+S saves, as in any editor.
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void saveRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const importFile = async (file: File) => {
    const content = await file.text();
    edit(content);
    setMessage({ kind: 'ok', text: `Imported ${file.name} into the draft: check it, then Save.` });
  };

  if (!view || !tools || text === undefined || parsed === undefined) {
    return <p className="muted">{viewError ?? 'Loading the rules…'}</p>;
  }
  const doc = parsed.ok ? parsed.doc : undefined;
  // A call-log record's rule link: ?rule=<its place then>&id=<its id>&hash=<its fingerprint then>.
  const ruleParam = route.params.get('rule');
  const ruleId = route.params.get('id') ?? undefined;
  const ruleHash = route.params.get('hash') ?? undefined;
  const target = ruleParam && doc ? findRule(doc, { rule: ruleParam, ...(ruleId && { ruleId }), ...(ruleHash && { ruleHash }) }) : undefined;
  const targetPath = target && 'entry' in target ? target.entry.path : undefined;

  return (
    <div className="rules-page">
      <div className="page-title">
        <h1>Rules</h1>
        <div className="toolbar">
          <button type="button" onClick={() => fileInput.current?.click()}>
            Import…
          </button>
          <input ref={fileInput} type="file" accept=".json,application/json" hidden onChange={(e) => e.target.files?.[0] && void importFile(e.target.files[0])} data-testid="import-file" />
          <button type="button" onClick={() => downloadText('policy.json', text, 'application/json')}>
            Export
          </button>
          <button type="button" disabled={!dirty} onClick={() => setDiscarding(draft?.text)}>
            Discard
          </button>
          <button type="button" className="primary" disabled={!dirty || check?.ok !== true} onClick={() => void save()} data-testid="save-policy" title="Ctrl+S">
            Save
          </button>
        </div>
      </div>

      {dirty && discarding === draft?.text && (
        <ConfirmStrip
          question="Discard your unsaved edits to the rules?"
          detail="policy.json stays as it is on disk, and the rules in force do not change."
          confirm="Discard edits"
          cancel="Keep editing"
          focus="cancel"
          onConfirm={() => (setDiscarding(undefined), setDraft(undefined))}
          onCancel={() => setDiscarding(undefined)}
          testId="discard-confirm"
        />
      )}
      {changedTools.map((t) => (
        <ChangedToolBanner key={t.name} tool={t} />
      ))}
      {movedOnDisk && (
        <div className="banner warning" role="alert">
          policy.json changed on disk while you were editing.{' '}
          <button type="button" onClick={() => setDraft(undefined)}>
            Load the file (drop my edits)
          </button>
        </div>
      )}
      {!view.check.ok && !draft && (
        <div className="banner warning" role="alert">
          policy.json on disk is not valid, so the gateway keeps running the last valid rules. Fix it here: {view.check.errors.join('; ')}
        </div>
      )}
      {message && (
        <p className={message.kind === 'ok' ? 'notice' : 'error'} role="status" data-testid="policy-message">
          {message.text}
        </p>
      )}

      <div className="rules-layout">
        <ToolList tools={tools} selected={selected} onSelect={(name) => route.setParams({ tool: name, similar: undefined, rule: undefined, id: undefined, hash: undefined })} />
        <div className="rule-editor">
          <div className="tabs" role="tablist" aria-label="Editor">
            <button type="button" role="tab" aria-selected={tab === 'form'} onClick={() => route.setParams({ view: undefined })}>
              Form
            </button>
            <button type="button" role="tab" aria-selected={tab === 'json'} onClick={() => route.setParams({ view: 'json' })} data-testid="json-tab">
              JSON
            </button>
            <span className={`validity ${check === undefined ? '' : check.ok ? (dirty ? 'unsaved' : 'ok') : 'bad'}`} aria-live="polite" data-testid="validity">
              {check === undefined ? 'Checking…' : check.ok ? (dirty ? 'Valid, not saved' : 'Saved') : `${check.errors.length} problem${check.errors.length === 1 ? '' : 's'}`}
            </span>
          </div>

          {target && ruleParam && <RuleTarget now={target} named={ruleId ?? ruleParam} path={ruleParam} />}

          {tab === 'json' ? (
            <Suspense fallback={<p className="muted">Loading the editor…</p>}>
              <JsonEditor value={text} onChange={edit} label="policy.json" />
            </Suspense>
          ) : !doc ? (
            <p className="warning">The JSON does not parse ({parsed.ok ? '' : parsed.message}); fix it in the JSON tab first.</p>
          ) : selected === POLICY_WIDE ? (
            <PolicyWideForm doc={doc} onChange={editDoc} target={targetPath} />
          ) : tool ? (
            <>
              <h2 className="tool-title">
                {tool.name} <span className="muted small">{tool.title ?? ''}</span>
              </h2>
              {tool.description && <p className="small muted description">{tool.description}</p>}
              {similar && (
                <AllowSimilarPanel tool={tool} args={similar} doc={doc} applyLabel="Put it in the draft" onApply={(next) => (editDoc(next), route.setParams({ similar: undefined }))} onCancel={() => route.setParams({ similar: undefined })} />
              )}
              <RuleForm tool={tool} doc={doc} onChange={editDoc} target={targetPath} />
            </>
          ) : (
            <p className="muted">No tool named {selected}.</p>
          )}

          <Problems errors={[...(check?.errors ?? []), ...saveErrors.filter((e) => !check?.errors.includes(e))]} warnings={check?.warnings ?? []} />

          {tab === 'form' && doc && <Preview doc={doc} tool={selected === POLICY_WIDE ? undefined : selected} />}
          {tool && selected !== POLICY_WIDE && <TestCallPanel key={`${tool.name}:${similarParam ?? ''}`} tool={tool as ToolInfo} draftText={text} dirty={dirty} initialArguments={similar} />}
        </div>
      </div>
    </div>
  );
}

/** The engine's own messages, as `kraken-gate policy check` prints them. */
function Problems({ errors, warnings }: { errors: string[]; warnings: string[] }) {
  if (errors.length === 0 && warnings.length === 0) return null;
  return (
    <div className={`problems${errors.length ? ' has-errors' : ''}`} data-testid="policy-errors">
      {errors.length > 0 && (
        <ul className="errors" aria-label="Errors">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      {warnings.length > 0 && (
        <ul className="warnings" aria-label="Warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The live text of what the form writes: the tool's entry, or the policy-wide keys. */
function Preview({ doc, tool }: { doc: PolicyDoc; tool: string | undefined }) {
  let shown: unknown;
  if (tool === undefined) {
    const { tools: _tools, ...rest } = doc;
    shown = rest;
  } else {
    shown = { ...(doc.hide?.includes(tool) && { hide: doc.hide }), tools: { [tool]: doc.tools?.[tool] ?? '(not named: the default applies)' } };
  }
  return (
    <details className="preview" open>
      <summary>JSON preview</summary>
      <pre className="json" data-testid="json-preview">
        {JSON.stringify(shown, null, 2)}
      </pre>
    </details>
  );
}
