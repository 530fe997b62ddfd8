import type { ApproveRule, Condition, DenyRule } from '../lib/policy-draft';
import { defaultValue, opsFor, type ArgField } from '../lib/schema-fields';
import { ConditionRow } from './condition-row';

interface Props<R extends ApproveRule | DenyRule> {
  kind: 'approve_if' | 'deny_if';
  rules: readonly R[];
  fields: readonly ArgField[];
  onChange(rules: R[]): void;
}

const TEXT = {
  approve_if: { title: 'Ask me when', add: 'Add an "ask me" rule', message: 'Shown to you on the approval card', key: 'reason' },
  deny_if: { title: 'Deny when', add: 'Add a "deny" rule', message: 'What the agent is told', key: 'on_deny' },
} as const;

/** A list of rules, each a set of conditions that must all hold, with its message. */
export function RuleGroupEditor<R extends ApproveRule | DenyRule>({ kind, rules, fields, onChange }: Props<R>) {
  const text = TEXT[kind];
  const firstCondition = (): Condition => {
    const field = fields[0];
    const op = opsFor(field)[0]!;
    return { path: `args.${field?.name ?? ''}`, op, value: defaultValue(field, op) };
  };
  const update = (i: number, rule: R) => onChange(rules.map((r, j) => (j === i ? rule : r)));
  return (
    <fieldset className="rule-group" data-testid={`rules-${kind}`}>
      <legend>{text.title}</legend>
      {rules.length === 0 && <p className="muted small">None.</p>}
      {rules.map((rule, i) => {
        const message = (rule as unknown as Record<string, unknown>)[text.key];
        return (
          <div className="rule" key={i}>
            <div className="rule-head">
              <span className="muted small">
                <code>{`${kind}[${i}]`}</code> {rule.conditions.length > 1 ? '— all of these hold:' : rule.conditions.length === 0 ? '— always' : ''}
              </span>
              <button type="button" className="icon" onClick={() => onChange(rules.filter((_, j) => j !== i))} aria-label={`Remove rule ${kind}[${i}]`}>
                ×
              </button>
            </div>
            {rule.conditions.map((c, k) => (
              <ConditionRow
                key={k}
                condition={c}
                fields={fields}
                onChange={(next) => update(i, { ...rule, conditions: rule.conditions.map((x, m) => (m === k ? next : x)) })}
                onRemove={() => update(i, { ...rule, conditions: rule.conditions.filter((_, m) => m !== k) })}
              />
            ))}
            <div className="rule-foot">
              <button type="button" className="link" onClick={() => update(i, { ...rule, conditions: [...rule.conditions, firstCondition()] })}>
                + condition
              </button>
              <label className="grow">
                <span className="small muted">{text.message}</span>
                <input
                  type="text"
                  value={typeof message === 'string' ? message : ''}
                  onChange={(e) => {
                    const next = { ...rule } as unknown as Record<string, unknown>;
                    if (e.target.value) next[text.key] = e.target.value;
                    else delete next[text.key];
                    update(i, next as unknown as R);
                  }}
                />
              </label>
            </div>
          </div>
        );
      })}
      <button type="button" onClick={() => onChange([...rules, { conditions: [firstCondition()] } as R])}>
        {text.add}
      </button>
    </fieldset>
  );
}
