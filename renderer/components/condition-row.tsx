import { useId } from 'react';
import type { Condition } from '../lib/policy-draft';
import { defaultValue, OP_WORDS, opsFor, valueKind, type ArgField, type Op } from '../lib/schema-fields';

interface Props {
  condition: Condition;
  fields: readonly ArgField[];
  onChange(condition: Condition): void;
  onRemove(): void;
}

const OTHER = '__other__';

/** One `{path, op, value}` row: an argument of the tool, an operator valid for its type, a value. */
export function ConditionRow({ condition, fields, onChange, onRemove }: Props) {
  const id = useId();
  const name = condition.path.startsWith('args.') ? condition.path.slice(5) : condition.path;
  const field = fields.find((f) => f.name === name);
  const ops = opsFor(field);
  const kind = valueKind(field, condition.op);
  const numeric = field?.type === 'number' || field?.type === 'integer';

  const setArgument = (value: string) => {
    if (value === OTHER) return onChange({ ...condition, path: 'args.' });
    const next = fields.find((f) => f.name === value);
    const nextOps = opsFor(next);
    const op = nextOps.includes(condition.op) ? condition.op : nextOps[0]!;
    onChange({ path: `args.${value}`, op, value: defaultValue(next, op) });
  };
  const setOp = (op: Op) => onChange({ ...condition, op, value: valueKind(field, op) === kind ? condition.value : defaultValue(field, op) });
  const setValue = (value: unknown) => onChange({ ...condition, value });

  return (
    <div className="condition-row" role="group" aria-label={`Condition on ${name || 'an argument'}`}>
      <label>
        <span className="sr-only">Argument</span>
        <select id={`${id}-arg`} value={field ? field.name : OTHER} onChange={(e) => setArgument(e.target.value)} data-testid="condition-argument">
          {fields.map((f) => (
            <option key={f.name} value={f.name}>
              {f.name}
            </option>
          ))}
          <option value={OTHER}>other path…</option>
        </select>
      </label>
      {!field && (
        <label>
          <span className="sr-only">Argument path</span>
          <input type="text" value={condition.path} onChange={(e) => onChange({ ...condition, path: e.target.value })} placeholder="args.name" />
        </label>
      )}
      <label>
        <span className="sr-only">Operator</span>
        <select value={condition.op} onChange={(e) => setOp(e.target.value as Op)} data-testid="condition-op">
          {ops.map((op) => (
            <option key={op} value={op}>
              {OP_WORDS[op]}
            </option>
          ))}
        </select>
      </label>
      <ValueInput kind={kind} field={field} numeric={numeric} op={condition.op} value={condition.value} onChange={setValue} />
      <button type="button" className="icon" onClick={onRemove} aria-label={`Remove the condition on ${name || 'this argument'}`}>
        ×
      </button>
    </div>
  );
}

function ValueInput({ kind, field, numeric, op, value, onChange }: { kind: ReturnType<typeof valueKind>; field: ArgField | undefined; numeric: boolean; op: Op; value: unknown; onChange(value: unknown): void }) {
  switch (kind) {
    case 'boolean':
      return (
        <label>
          <span className="sr-only">Value</span>
          <select value={String(value)} onChange={(e) => onChange(e.target.value === 'true')} data-testid="condition-value">
            <option value="true">{op === 'exists' ? 'yes' : 'true'}</option>
            <option value="false">{op === 'exists' ? 'no' : 'false'}</option>
          </select>
        </label>
      );
    case 'enum':
      return (
        <label>
          <span className="sr-only">Value</span>
          <select value={String(value)} onChange={(e) => onChange(e.target.value)} data-testid="condition-value">
            {(field?.enumValues ?? []).map((v) => (
              <option key={String(v)}>{String(v)}</option>
            ))}
          </select>
        </label>
      );
    case 'enum-list': {
      const list = Array.isArray(value) ? (value as unknown[]) : [];
      return (
        <fieldset className="enum-list">
          <legend className="sr-only">Values</legend>
          {(field?.enumValues ?? []).map((v) => (
            <label key={String(v)} className="check">
              <input type="checkbox" checked={list.includes(v)} onChange={(e) => onChange(e.target.checked ? [...list, v] : list.filter((x) => x !== v))} />
              {String(v)}
            </label>
          ))}
        </fieldset>
      );
    }
    case 'list': {
      const text = Array.isArray(value) ? (value as unknown[]).join(', ') : String(value ?? '');
      return (
        <label className="grow">
          <span className="sr-only">Values, separated by commas</span>
          <input
            type="text"
            defaultValue={text}
            key={text}
            placeholder="XBTUSD, ETHUSD"
            onBlur={(e) => onChange(splitList(e.target.value, numeric))}
            onKeyDown={(e) => e.key === 'Enter' && onChange(splitList(e.currentTarget.value, numeric))}
            data-testid="condition-value"
          />
        </label>
      );
    }
    case 'number':
      return (
        <label>
          <span className="sr-only">Number</span>
          <input type="number" step="any" value={typeof value === 'number' || typeof value === 'string' ? String(value) : ''} onChange={(e) => onChange(e.target.value === '' ? '' : Number(e.target.value))} data-testid="condition-value" />
        </label>
      );
    default:
      return (
        <label className="grow">
          <span className="sr-only">{kind === 'pattern' ? 'Regular expression' : 'Value'}</span>
          <input type="text" value={typeof value === 'string' ? value : JSON.stringify(value ?? '')} onChange={(e) => onChange(e.target.value)} placeholder={kind === 'pattern' ? '^trailing' : ''} data-testid="condition-value" />
        </label>
      );
  }
}

function splitList(text: string, numeric: boolean): unknown[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (numeric && !Number.isNaN(Number(s)) ? Number(s) : s));
}
