import { useId } from 'react';
import type { Limit } from '../lib/policy-draft';
import { RuleName } from './rule-group-editor';

const WINDOWS = ['minute', 'hour', 'day'] as const;

/** Rate limits: at most N calls per window (fixed and UTC-aligned, or sliding). */
export function LimitsEditor({ limits, onChange, label = 'Rate limits', target, at = '' }: { limits: readonly Limit[]; onChange(limits: Limit[]): void; label?: string; target?: string | undefined; at?: string }) {
  const update = (i: number, patch: Partial<Limit>) => onChange(limits.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const slidingHelp = useId();
  return (
    <fieldset className="limits" data-testid="limits">
      <legend>{label}</legend>
      {limits.map((limit, i) => (
        <div
          className={`limit-row${target !== undefined && target === `${at}limits[${i}]` ? ' is-target' : ''}`}
          key={i}
          role="group"
          aria-label={`Limit ${i + 1}`}
          data-testid={target !== undefined && target === `${at}limits[${i}]` ? 'target-rule' : undefined}
        >
          <RuleName id={limit.id} />
          <span>at most</span>
          <label>
            <span className="sr-only">Calls</span>
            <input type="number" min={0} step={1} value={Number.isFinite(limit.max) ? limit.max : ''} onChange={(e) => update(i, { max: e.target.value === '' ? Number.NaN : Number(e.target.value) })} />
          </label>
          <span>calls per</span>
          <label>
            <span className="sr-only">Window</span>
            <select value={typeof limit.window === 'number' ? 'seconds' : limit.window} onChange={(e) => update(i, { window: e.target.value === 'seconds' ? 60 : (e.target.value as Limit['window']) })}>
              {WINDOWS.map((w) => (
                <option key={w}>{w}</option>
              ))}
              <option value="seconds">seconds…</option>
            </select>
          </label>
          {typeof limit.window === 'number' && (
            <label>
              <span className="sr-only">Seconds</span>
              <input type="number" min={1} value={limit.window} onChange={(e) => update(i, { window: Number(e.target.value) })} />
            </label>
          )}
          <label className="check">
            <input type="checkbox" checked={limit.sliding ?? false} onChange={(e) => update(i, { sliding: e.target.checked || undefined })} aria-describedby={slidingHelp} /> sliding
          </label>
          <button type="button" className="icon" onClick={() => onChange(limits.filter((_, j) => j !== i))} aria-label={`Remove limit ${i + 1}`}>
            ×
          </button>
        </div>
      ))}
      {/* "sliding" alone says nothing to most people; the engine's two windows (policy/limits.ts), in a line. */}
      {limits.length > 0 && (
        <p id={slidingHelp} className="small muted" data-testid="sliding-help">
          Sliding: counts the calls in the last minute (hour, day, N seconds) at any moment, not per calendar minute. Without it the count starts again at each
          minute, hour or day on the clock (UTC).
        </p>
      )}
      <button type="button" onClick={() => onChange([...limits, { max: 10, window: 'minute' }])}>
        Add a limit
      </button>
    </fieldset>
  );
}
