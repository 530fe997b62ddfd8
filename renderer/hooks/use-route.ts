// The page and its parameters live in the URL's hash (#/log?tool=add_order&decision=denied), so a
// filtered view can be bookmarked, reloaded and shared, and Back works. A hash (not the path) so the
// same build works when Electron loads it from a file.
import { useCallback, useSyncExternalStore } from 'react';

export const PAGES = ['approvals', 'rules', 'log', 'settings'] as const;
export type Page = (typeof PAGES)[number];

export interface Route {
  page: Page;
  params: URLSearchParams;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

function currentHash(): string {
  return window.location.hash;
}

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const page = (PAGES as readonly string[]).includes(path) ? (path as Page) : 'approvals';
  return { page, params: new URLSearchParams(query) };
}

export function routeHash(page: Page, params?: URLSearchParams | Record<string, string | undefined>): string {
  const search = params instanceof URLSearchParams ? params : new URLSearchParams(Object.entries(params ?? {}).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  const query = search.toString();
  return `#/${page}${query ? `?${query}` : ''}`;
}

export function navigate(page: Page, params?: URLSearchParams | Record<string, string | undefined>, options: { replace?: boolean } = {}): void {
  const hash = routeHash(page, params);
  if (hash === window.location.hash) return;
  if (options.replace) {
    window.history.replaceState(null, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = hash;
  }
}

export function useRoute(): Route & { setParams(params: Record<string, string | undefined>, options?: { replace?: boolean }): void } {
  const hash = useSyncExternalStore(subscribe, currentHash);
  const route = parseRoute(hash);
  const { page } = route;
  const setParams = useCallback(
    (next: Record<string, string | undefined>, options: { replace?: boolean } = { replace: true }) => {
      const merged = parseRoute(window.location.hash).params;
      for (const [key, value] of Object.entries(next)) {
        if (value === undefined || value === '') merged.delete(key);
        else merged.set(key, value);
      }
      navigate(page, merged, options);
    },
    [page],
  );
  return { ...route, setParams };
}
