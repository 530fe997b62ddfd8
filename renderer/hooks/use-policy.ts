import { useEffect, useState } from 'react';
import type { GateEvent, PolicyView, ToolInfo } from '../../preload/api';
import { getBridge } from '../bridge';
import { useFetch, type Fetched } from './use-fetch';
import { useGateEvent } from './use-gate-event';

/** A value fetched from the core, and fetched again whenever one of `refetchOn` events arrives. */
function useFetched<T>(fetcher: () => Promise<T>, refetchOn: (event: GateEvent) => boolean): Fetched<T> {
  const fetched = useFetch(fetcher);
  useGateEvent((event) => refetchOn(event) && fetched.reload());
  return fetched;
}

const fetchPolicy = () => getBridge().api.policy({});
const fetchTools = () => getBridge().api.tools({});

/** policy.json as it is on disk, refreshed when it changes (saved here or edited outside). */
export function usePolicyView() {
  return useFetched<PolicyView>(fetchPolicy, (e) => e.type === 'policy-changed');
}

/** The upstream's tools with rule, class and pin state; refreshed when the tools or the rules change. */
export function useTools() {
  return useFetched<ToolInfo[]>(fetchTools, (e) => e.type === 'tools-changed' || e.type === 'policy-changed');
}

/** The engine's verdict on a draft, asked as the user types (debounced). */
export function useValidation(text: string | undefined, delayMs = 150) {
  const [check, setCheck] = useState<{ text: string; ok: boolean; errors: string[]; warnings: string[] }>();
  useEffect(() => {
    if (text === undefined) return;
    let live = true;
    const timer = setTimeout(() => {
      void getBridge()
        .api.validatePolicy({ text })
        .then((result) => live && setCheck({ text, ok: result.ok, errors: result.errors, warnings: result.warnings }))
        .catch((e: unknown) => live && setCheck({ text, ok: false, errors: [e instanceof Error ? e.message : String(e)], warnings: [] }));
    }, delayMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text, delayMs]);
  // A verdict on an older text is not shown as the verdict on this one.
  return check && check.text === text ? check : undefined;
}
