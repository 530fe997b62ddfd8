// Saved views of the Call log: a name for a filter line (its time range is a `since:` word in it).
// Kept in this browser's localStorage, as a preference of the window, not of the gateway: nothing
// the core reads. Whatever is stored is parsed; a view that does not parse is dropped, never shown.
import { z } from 'zod';

export const VIEWS_KEY = 'kraken-gate.log-views';

const ViewSchema = z.object({ name: z.string().trim().min(1).max(60), query: z.string().max(1000) });
export type SavedView = z.infer<typeof ViewSchema>;

/** Null where storage is refused (a sandboxed or private page): views then last until the page closes. */
function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function readViews(): SavedView[] {
  let raw: unknown;
  try {
    raw = JSON.parse(storage()?.getItem(VIEWS_KEY) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const views: SavedView[] = [];
  for (const item of raw) {
    const view = ViewSchema.safeParse(item);
    if (view.success && !findView(views, view.data.name)) views.push(view.data);
  }
  return views;
}

/** False when the browser would not keep them. */
export function writeViews(views: readonly SavedView[]): boolean {
  try {
    const store = storage();
    store?.setItem(VIEWS_KEY, JSON.stringify(views));
    return store !== null;
  } catch {
    return false;
  }
}

/** Names are one view whatever their case, so "Orders" and "orders" never sit side by side. */
export function findView(views: readonly SavedView[], name: string): SavedView | undefined {
  const wanted = name.trim().toLowerCase();
  return views.find((v) => v.name.toLowerCase() === wanted);
}

/** The views with `view` in place of one of the same name, else added; sorted by name. */
export function putView(views: readonly SavedView[], view: SavedView): SavedView[] {
  const named = ViewSchema.parse(view);
  const others = views.filter((v) => v !== findView(views, named.name));
  return [...others, named].sort((a, b) => a.name.localeCompare(b.name));
}

export function removeView(views: readonly SavedView[], name: string): SavedView[] {
  const gone = findView(views, name);
  return views.filter((v) => v !== gone);
}
