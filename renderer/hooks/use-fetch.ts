import { useCallback, useEffect, useState } from 'react';
import { getBridge } from '../bridge';

export interface Fetched<T> {
  value: T | undefined;
  error: string | undefined;
  /** Fetches again (after an action, or when an event says it changed). */
  reload(): void;
}

/**
 * A value asked of the core when the component mounts, again on `reload()` and after the event
 * stream reconnects. `fetcher` must be stable (module level or memoized).
 */
export function useFetch<T>(fetcher: () => Promise<T>): Fetched<T> {
  const [result, setResult] = useState<{ value?: T; error?: string }>({});
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  useEffect(() => {
    let live = true;
    fetcher().then(
      (value) => live && setResult({ value }),
      (error: unknown) => live && setResult((old) => ({ ...old, error: error instanceof Error ? error.message : String(error) })),
    );
    return () => {
      live = false;
    };
  }, [fetcher, version]);
  useEffect(() => getBridge().onConnection((connected) => connected && reload()), [reload]);
  return { value: result.value, error: result.error, reload };
}
