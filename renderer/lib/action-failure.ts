// What the window says when one of the person's actions did not happen: loudly, in place, with
// what to do. A 401 from the served page means its login session is gone (the gateway restarted,
// or the person logged out elsewhere): the page cannot log itself in again, so it says how.
import { GateCallError } from '../http-bridge';

export interface ActionFailure {
  /** What did not happen, and what stands instead: "Pausing failed: trading is still ACTIVE." */
  headline: string;
  /** Why, as the gateway or the network said it. */
  detail: string;
  /** What to do now. */
  remedy: string;
  /** The login session is gone: a new one comes from `kraken-gate open`. */
  loggedOut: boolean;
}

export function describeFailure(headline: string, error: unknown, fallback: string): ActionFailure {
  const loggedOut = error instanceof GateCallError && error.status === 401;
  const detail = error instanceof Error ? error.message : String(error);
  return {
    headline,
    detail,
    loggedOut,
    remedy: loggedOut ? `This page's login session has ended. Run \`kraken-gate open\` in a terminal to log in again. ${fallback}` : fallback,
  };
}
