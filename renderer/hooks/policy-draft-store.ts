// The Rules page's unsaved edit, kept outside the page: going to the call log and back, or
// reloading the window, must not drop what a person typed. The page is the only writer; the
// header reads it to mark Rules while something is unsaved.
import { useSyncExternalStore } from 'react';
import { z } from 'zod';

export interface PolicyDraft {
  text: string;
  /** The file's text when the edit started: a save is refused if the file moved on since. */
  base: string;
}

const DraftSchema = z.object({ text: z.string(), base: z.string() });
const STORAGE_KEY = 'kraken-gate.policy-draft';
const listeners = new Set<() => void>();
let current: PolicyDraft | undefined = restore();

// sessionStorage lives as long as the window (or browser tab): a reload keeps the draft, closing
// the window ends it. Read through zod: it is input like any other.
function restore(): PolicyDraft | undefined {
  try {
    const stored = globalThis.sessionStorage?.getItem(STORAGE_KEY);
    const parsed = stored ? DraftSchema.safeParse(JSON.parse(stored)) : undefined;
    return parsed?.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function store(draft: PolicyDraft | undefined): void {
  try {
    if (draft) globalThis.sessionStorage?.setItem(STORAGE_KEY, JSON.stringify(draft));
    else globalThis.sessionStorage?.removeItem(STORAGE_KEY);
  } catch {
    // Storage full or unavailable: the draft still survives page switches in memory.
  }
}

export function setPolicyDraft(next: PolicyDraft | undefined | ((old: PolicyDraft | undefined) => PolicyDraft | undefined)): void {
  current = typeof next === 'function' ? next(current) : next;
  store(current);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function usePolicyDraft(): PolicyDraft | undefined {
  return useSyncExternalStore(subscribe, () => current);
}

/** An edit that differs from the file it started from. */
export function isUnsaved(draft: PolicyDraft | undefined): boolean {
  return draft !== undefined && draft.text !== draft.base;
}
