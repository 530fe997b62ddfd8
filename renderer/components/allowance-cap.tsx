import { windowWords } from '../../preload/rule-words';
import type { AllowCap } from '../lib/policy-draft';

const WINDOWS = ['minute', 'hour', 'day'] as const;

/** An exception's cap: "at most N such calls per hour"; past it, calls ask again. */
export function AllowanceCap({ cap, onChange }: { cap: AllowCap; onChange(cap: AllowCap): void }) {
  return (
    <div className="limit-row allowance-cap" role="group" aria-label="How many without asking">
      <span>at most</span>
      <label>
        <span className="sr-only">Calls without asking</span>
        <input type="number" min={0} step={1} value={Number.isFinite(cap.max) ? cap.max : ''} onChange={(e) => onChange({ ...cap, max: e.target.value === '' ? Number.NaN : Number(e.target.value) })} data-testid="allowance-max" />
      </label>
      <span>such calls per</span>
      <label>
        <span className="sr-only">Window</span>
        <select
          value={String(cap.window)}
          onChange={(e) => onChange({ ...cap, window: /^\d+$/.test(e.target.value) ? Number(e.target.value) : (e.target.value as AllowCap['window']) })}
          data-testid="allowance-window"
        >
          {WINDOWS.map((w) => (
            <option key={w}>{w}</option>
          ))}
          {/* A window written in seconds in the JSON stays what it is. */}
          {typeof cap.window === 'number' && <option value={String(cap.window)}>{windowWords(cap.window)}</option>}
        </select>
      </label>
      <span className="muted small">then they ask you again</span>
    </div>
  );
}
