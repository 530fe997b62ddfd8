import type { ToolInfo } from '../../preload/api';
import { modeOf, setMode, setToolRules, unshownKeys, type Mode, type PolicyDoc, type ToolRules } from '../lib/policy-draft';
import { fieldsFromSchema } from '../lib/schema-fields';
import { LimitsEditor } from './limits-editor';
import { ListInput } from './list-input';
import { RuleGroupEditor } from './rule-group-editor';

const ORDER_TOOLS = new Set(['add_order', 'amend_order']);

const MODES: { mode: Mode; label: string; hint: string }[] = [
  { mode: 'allow', label: 'Allow', hint: 'Goes through, unless a rule below says otherwise.' },
  { mode: 'ask', label: 'Ask me', hint: 'Every call waits for your approval.' },
  { mode: 'deny', label: 'Deny', hint: 'Refused; the agent is told why.' },
  { mode: 'hidden', label: 'Hidden', hint: 'The agent does not even see the tool.' },
  { mode: 'default', label: 'Not named', hint: "Follows the policy's default for tools it does not name." },
];

/** The form for one tool's rules, built from its own input schema. */
export function RuleForm({ tool, doc, onChange, target }: { tool: ToolInfo; doc: PolicyDoc; onChange(doc: PolicyDoc): void; target?: string | undefined }) {
  const fields = fieldsFromSchema(tool.inputSchema);
  const mode = modeOf(doc, tool.name);
  const rules: ToolRules = doc.tools?.[tool.name] ?? {};
  const edit = (patch: Partial<ToolRules>) => onChange(setToolRules(doc, tool.name, { ...rules, ...patch }));
  const hasPairs = fields.some((f) => f.name === 'pair' || f.name === 'pairs');
  const unshown = unshownKeys(rules);
  const named = doc.tools?.[tool.name] !== undefined;
  const at = `tools.${tool.name}`;
  // Exceptions matter only where something asks; shown wherever one is written, so none is hidden.
  const asks = mode === 'ask' || (rules.approve_if?.length ?? 0) > 0 || (rules.allow_if?.length ?? 0) > 0;

  return (
    <div className="rule-form" data-testid="rule-form">
      <fieldset className="modes">
        <legend>When an agent calls {tool.name}</legend>
        {MODES.map((m) => (
          <label key={m.mode} className={`mode-option${mode === m.mode ? ' is-on' : ''}`}>
            <input type="radio" name={`mode-${tool.name}`} value={m.mode} checked={mode === m.mode} onChange={() => onChange(setMode(doc, tool.name, m.mode))} />
            <span>
              <strong>{m.label}</strong>
              <span className="small muted">{m.mode === 'default' ? `${m.hint} (${doc.default ?? 'deny'})` : m.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>

      {unshown.length > 0 && (
        <p className="warning small" role="note">
          This tool's rules also hold {unshown.map((k) => `"${k}"`).join(', ')}, which this form cannot show; they are kept as they are. Edit them in the JSON tab.
        </p>
      )}

      {named && (mode === 'allow' || mode === 'ask') && (
        <>
          {mode === 'allow' && <RuleGroupEditor kind="approve_if" rules={rules.approve_if ?? []} fields={fields} onChange={(approve_if) => edit({ approve_if })} target={target} at={at} />}
          {asks && <RuleGroupEditor kind="allow_if" rules={rules.allow_if ?? []} fields={fields} onChange={(allow_if) => edit({ allow_if })} target={target} at={at} />}
          <RuleGroupEditor kind="deny_if" rules={rules.deny_if ?? []} fields={fields} onChange={(deny_if) => edit({ deny_if })} target={target} at={at} />
          <LimitsEditor limits={rules.limits ?? []} onChange={(limits) => edit({ limits })} target={target} at={`${at}.`} />
          {ORDER_TOOLS.has(tool.name) && (
            <fieldset>
              <legend>Order value</legend>
              <label>
                <span>Largest order value (volume × price, in the quote currency)</span>
                <input
                  type="number"
                  min={0}
                  step="any"
                  value={rules.max_notional ?? ''}
                  onChange={(e) => edit({ max_notional: e.target.value === '' ? undefined : Number(e.target.value) })}
                  placeholder="no cap"
                  data-testid="max-notional"
                />
              </label>
            </fieldset>
          )}
          {hasPairs && (
            <fieldset className="pairs">
              <legend>Pairs</legend>
              <ListInput label="Only these pairs (empty: any)" values={rules.pairs?.allow} placeholder="XBTUSD, ETHUSD" onChange={(allow) => edit({ pairs: { ...rules.pairs, allow } })} />
              <ListInput label="Never these pairs" values={rules.pairs?.deny} placeholder="DOGEUSD" onChange={(deny) => edit({ pairs: { ...rules.pairs, deny } })} />
            </fieldset>
          )}
        </>
      )}
    </div>
  );
}

/** Rules for every tool: the default for unnamed tools, the daily cap on order value, global limits. */
export function PolicyWideForm({ doc, onChange, target }: { doc: PolicyDoc; onChange(doc: PolicyDoc): void; target?: string | undefined }) {
  return (
    <div className="rule-form" data-testid="policy-wide-form">
      <fieldset className="modes">
        <legend>Tools the policy does not name</legend>
        {(['deny', 'allow'] as const).map((d) => (
          <label key={d} className={`mode-option${(doc.default ?? 'deny') === d ? ' is-on' : ''}`}>
            <input type="radio" name="policy-default" checked={(doc.default ?? 'deny') === d} onChange={() => onChange({ ...doc, default: d })} />
            <span>
              <strong>{d === 'deny' ? 'Deny' : 'Allow'}</strong>
              <span className="small muted">{d === 'deny' ? 'A new tool the upstream adds (a withdrawal, say) is refused until you name it.' : 'A new tool goes through without a rule.'}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Daily cap</legend>
        <label>
          <span>Total value of real orders per UTC day (quote currency)</span>
          <input type="number" min={0} step="any" value={doc.daily_notional_cap ?? ''} placeholder="no cap" onChange={(e) => onChange(withOptional(doc, 'daily_notional_cap', e.target.value === '' ? undefined : Number(e.target.value)))} />
        </label>
      </fieldset>
      <LimitsEditor label="Limits across every tool" limits={doc.limits ?? []} onChange={(limits) => onChange(withOptional(doc, 'limits', limits.length ? limits : undefined))} target={target} />
    </div>
  );
}

function withOptional<K extends keyof PolicyDoc>(doc: PolicyDoc, key: K, value: PolicyDoc[K] | undefined): PolicyDoc {
  const next = { ...doc };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}
