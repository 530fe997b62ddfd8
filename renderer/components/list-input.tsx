import { useState } from 'react';

/** A list of words typed with commas ("XBTUSD, ETHUSD"), committed on blur or Enter. */
export function ListInput({ label, values, onChange, placeholder }: { label: string; values: readonly string[] | undefined; onChange(values: string[] | undefined): void; placeholder?: string }) {
  const text = (values ?? []).join(', ');
  const [draft, setDraft] = useState(text);
  const [seen, setSeen] = useState(text);
  if (seen !== text) {
    setSeen(text);
    setDraft(text);
  }
  const commit = () => {
    const list = draft
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    onChange(list.length ? list : undefined);
  };
  return (
    <label className="grow">
      <span>{label}</span>
      <input type="text" value={draft} onChange={(e) => setDraft(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), commit())} placeholder={placeholder} />
    </label>
  );
}
