// The served window asks the person for their authenticator's code when a riskier action needs
// one (approve, resume, looser rules…). The HTTP bridge asks through here; the dialog at the top
// of the app answers. One question at a time: a second request waits for the first.
import { useSyncExternalStore } from 'react';

export interface CodeRequest {
  /** What needs the code, and why ("Approving 7KQ2M4XD needs …: Kraken (live): real money."). */
  message: string;
  /** The previous code was refused: why (shown above the field). */
  problem?: string;
  answer(code: string | undefined): void;
}

let current: CodeRequest | undefined;
let queue: Promise<unknown> = Promise.resolve();
const listeners = new Set<() => void>();

function set(next: CodeRequest | undefined): void {
  current = next;
  for (const listener of [...listeners]) listener();
}

/** Resolves with the code the person typed, or undefined when they cancelled. */
export function askForCode(message: string, problem?: string): Promise<string | undefined> {
  const asked = queue.then(
    () =>
      new Promise<string | undefined>((resolve) => {
        set({
          message,
          ...(problem && { problem }),
          answer: (code) => {
            set(undefined);
            resolve(code?.replace(/[\s-]/g, '') || undefined);
          },
        });
      }),
  );
  queue = asked.catch(() => undefined);
  return asked;
}

export function useCodeRequest(): CodeRequest | undefined {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    () => current,
  );
}
