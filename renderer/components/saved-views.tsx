// Saved views of the Call log: pick one to filter by it again, save what the filter box holds under
// a name, delete the one in use. A name already taken is replaced only after the person says so.
import { useEffect, useState } from 'react';
import { ConfirmStrip } from './confirm-strip';
import { findView, putView, readViews, removeView, VIEWS_KEY, writeViews, type SavedView } from '../lib/log-views';

interface Props {
  /** The filter in force (the URL's): the view that holds it shows as chosen. */
  applied: string;
  /** What the filter box holds: what Save keeps. */
  draft: string;
  /** Filter by a view's query. */
  onPick(query: string): void;
}

export function SavedViews({ applied, draft, onPick }: Props) {
  const [views, setViews] = useState(readViews);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [replacing, setReplacing] = useState<SavedView>();
  const [status, setStatus] = useState<string>();
  // Another window of the same gateway saved or deleted one.
  useEffect(() => {
    const reread = (e: StorageEvent) => e.key === VIEWS_KEY && setViews(readViews());
    window.addEventListener('storage', reread);
    return () => window.removeEventListener('storage', reread);
  }, []);
  const current = views.find((v) => v.query === applied);
  const query = draft.trim();
  // A question about saving one filter must not linger over another one picked meanwhile.
  const [askedFor, setAskedFor] = useState(applied);
  if (askedFor !== applied) {
    setAskedFor(applied);
    setNaming(false);
    setReplacing(undefined);
  }

  const keep = (next: SavedView[], said: string) => {
    setViews(next);
    setStatus(writeViews(next) ? said : `${said} This browser does not keep it once the window closes.`);
  };
  const close = () => {
    setNaming(false);
    setReplacing(undefined);
    setName('');
  };
  const save = (replace: boolean) => {
    const taken = findView(views, name);
    if (taken && !replace) return setReplacing(taken);
    keep(putView(views, { name: name.trim(), query }), `Saved the view “${name.trim()}”.`);
    close();
    onPick(query);
  };

  return (
    <div className="saved-views">
      <select aria-label="Saved views" value={current?.name ?? ''} onChange={(e) => (e.target.value ? onPick(findView(views, e.target.value)?.query ?? applied) : undefined)}>
        <option value="">{views.length ? 'Saved views…' : 'No saved views yet'}</option>
        {views.map((v) => (
          <option key={v.name} value={v.name}>
            {v.name}
          </option>
        ))}
      </select>
      {naming ? (
        <form
          className="saved-views-form"
          onSubmit={(e) => {
            e.preventDefault();
            save(false);
          }}
        >
          <input
            aria-label="View name"
            value={name}
            maxLength={60}
            placeholder="Name, e.g. Orders without tickers"
            autoFocus
            onChange={(e) => {
              setName(e.target.value);
              setReplacing(undefined);
            }}
            onKeyDown={(e) => e.key === 'Escape' && close()}
          />
          <button type="submit" disabled={!name.trim()}>
            Save
          </button>
          <button type="button" onClick={close}>
            Cancel
          </button>
        </form>
      ) : (
        <button type="button" disabled={!query} title={query ? `Save “${query}” under a name` : 'Type a filter first'} onClick={() => {
            setNaming(true);
            setStatus(undefined);
          }}>
          Save view…
        </button>
      )}
      {current && !naming && (
        <button type="button" onClick={() => keep(removeView(views, current.name), `Deleted the view “${current.name}”.`)}>
          Delete view
        </button>
      )}
      {replacing && (
        <ConfirmStrip
          question={`Replace the view “${replacing.name}”?`}
          detail={
            <>
              It holds <code>{replacing.query || 'every call'}</code>; it would hold <code>{query}</code>.
            </>
          }
          confirm="Replace it"
          cancel="Keep the old one"
          onConfirm={() => save(true)}
          onCancel={() => setReplacing(undefined)}
          focus="cancel"
        />
      )}
      {status && (
        <span className="muted small" role="status">
          {status}
        </span>
      )}
    </div>
  );
}
