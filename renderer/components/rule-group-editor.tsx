import { useEffect, useRef } from 'react';
import type { AllowRule, ApproveRule, Condition, DenyRule } from '../lib/policy-draft';
import { defaultValue, opsFor, type ArgField } from '../lib/schema-fields';
import { AllowanceCap } from './allowance-cap';
import { ConditionRow } from './condition-row';

interface Props<R extends ApproveRule | DenyRule | AllowRule> {
  kind: 'approve_if' | 'deny_if' | 'allow_if';
  rules: readonly R[];
  fields: readonly ArgField[];
  onChange(rules: R[]): void;
  /** The place of the rule a call-log record's link asked for ("tools.add_order.approve_if[1]"): marked and scrolled to. */
  target?: string | undefined;
  /** "tools.add_order": where these rules sit, to match `target`. */
  at?: string;
}

const TEXT = {
  approve_if: { title: 'Ask me when', add: 'Add an "ask me" rule', message: 'Shown to you on the approval card', key: 'reason' },
  deny_if: { title: 'Deny when', add: 'Add a "deny" rule', message: 'What the agent is told', key: 'on_deny' },
  allow_if: { title: 'But do not ask me when', add: 'Add an exception', message: 'Why (for you)', key: 'reason' },
} as const;

/** A list of rules, each a set of conditions that must all hold, with its message. */
export function RuleGroupEditor<R extends ApproveRule | DenyRule | AllowRule>({ kind, rules, fields, onChange, target, at }: Props<R>) {
  const text = TEXT[kind];
  const firstCondition = (): Condition => {
    const field = fields[0];
    const op = opsFor(field)[0]!;
    return { path: `args.${field?.name ?? ''}`, op, value: defaultValue(field, op) };
  };
  const update = (i: number, rule: R) => onChange(rules.map((r, j) => (j === i ? rule : r)));
  const marked = useRef<HTMLDivElement>(null);
  useEffect(() => {
    marked.current?.scrollIntoView?.({ block: 'nearest' });
  }, [target]);
  return (
    <fieldset className="rule-group" data-testid={`rules-${kind}`}>
      <legend>{text.title}</legend>
      {rules.length === 0 && <p className="muted small">None.</p>}
      {rules.map((rule, i) => {
        const message = (rule as unknown as Record<string, unknown>)[text.key];
        const isTarget = target !== undefined && target === `${at}.${kind}[${i}]`;
        return (
          <div className={`rule${isTarget ? ' is-target' : ''}`} key={i} ref={isTarget ? marked : undefined} data-testid={isTarget ? 'target-rule' : undefined}>
            <div className="rule-head">
              <span className="muted small">
                <RuleName id={rule.id} /> <code>{`${kind}[${i}]`}</code> {rule.conditions.length > 1 ? '— all of these hold:' : rule.conditions.length === 0 ? '— always' : ''}
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
            {'limit' in rule && rule.limit && <AllowanceCap cap={rule.limit} onChange={(limit) => update(i, { ...rule, limit })} />}
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
      <button type="button" onClick={() => onChange([...rules, (kind === 'allow_if' ? { conditions: [firstCondition()], limit: { max: 5, window: 'hour' } } : { conditions: [firstCondition()] }) as R])}>
        {text.add}
      </button>
    </fieldset>
  );
}

/** A rule's stable name (issue 23), or that it gets one when the rules are saved. */
export function RuleName({ id }: { id: string | undefined }) {
  return id ? (
    <code className="rule-id" title="This rule's id: the call log names it by this, wherever it moves">
      {id}
    </code>
  ) : (
    <span className="rule-id unnamed" title="Saving the rules gives it an id">
      (no id yet)
    </span>
  );
}
