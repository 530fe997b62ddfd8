import type { Limit } from '../lib/policy-draft';

const WINDOWS = ['minute', 'hour', 'day'] as const;

/** Rate limits: at most N calls per window (fixed and UTC-aligned, or sliding). */
export function LimitsEditor({ limits, onChange, label = 'Rate limits' }: { limits: readonly Limit[]; onChange(limits: Limit[]): void; label?: string }) {
  const update = (i: number, patch: Partial<Limit>) => onChange(limits.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  return (
    <fieldset className="limits" data-testid="limits">
      <legend>{label}</legend>
      {limits.map((limit, i) => (
        <div className="limit-row" key={i} role="group" aria-label={`Limit ${i + 1}`}>
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
            <input type="checkbox" checked={limit.sliding ?? false} onChange={(e) => update(i, { sliding: e.target.checked || undefined })} /> sliding
          </label>
          <button type="button" className="icon" onClick={() => onChange(limits.filter((_, j) => j !== i))} aria-label={`Remove limit ${i + 1}`}>
            ×
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...limits, { max: 10, window: 'minute' }])}>
        Add a limit
      </button>
    </fieldset>
  );
}
