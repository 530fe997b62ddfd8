// One choice of a Settings "modes" group: a radio with its label and a line of what it means.
export function ModeOption({ name, checked, onChange, label, hint }: { name: string; checked: boolean; onChange(): void; label: string; hint: string }) {
  return (
    <label className={`mode-option${checked ? ' is-on' : ''}`}>
      <input type="radio" name={name} checked={checked} onChange={onChange} />
      <span>
        <strong>{label}</strong>
        <span className="small muted">{hint}</span>
      </span>
    </label>
  );
}
