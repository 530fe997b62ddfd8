// Who is asking, as the transport knows it, never as the request says: the desktop app's main
// process knows a click came from its own window, tray or notification; the control API knows it
// is HTTP, with the control token (the CLI, or any program that read the token file) or with the
// served window's login cookie. A riskier action then needs a presence proof the caller cannot fake.
import type { PresenceRefusal, Proof, Surface } from '../../../preload/api.js';
import { codeRefusalText, type CodeRefusal, type Presence } from './presence.js';

/** The surfaces a human acts from (the contract's Surface); `web` is the window served by the gateway. */
export type Channel = Surface;

export type { Proof };

/** The served window's unlock ("sudo mode"): a valid code unlocks riskier actions for a while. */
export interface UnlockableSession {
  unlockedUntil(): number | undefined;
  unlock(untilMs: number): void;
}

export interface Caller {
  channel: Channel;
  /**
   * The transport itself proves a person: a click in the desktop app's own window, tray or OS
   * notification, handled in its main process. Never true for anything that arrives over HTTP.
   */
  present: boolean;
  /** The served window's login session, which a code unlocks for UNLOCK_MS. */
  session?: UnlockableSession;
  /**
   * A second, biometric proof the transport can take for an approval (the desktop app's Touch ID
   * above an amount). Resolves 'touch-id' when it was given, 'not-asked' when none was needed here,
   * 'refused' when the person did not confirm.
   */
  confirmApproval?: (headline: string, worthUsd: number | undefined) => Promise<'touch-id' | 'not-asked' | 'refused'>;
}

export const UNLOCK_MS = 5 * 60_000;

/** What a riskier action needs, and why, as every surface shows it. */
export interface Requirement {
  required: boolean;
  /** "Kraken (live): real money", "paper exchange: no real money can move", "turned off in Settings". */
  why: string;
}

export type PresenceFailure = CodeRefusal | 'no-code';

/**
 * A riskier action without a proof: the transport turns it into its own answer (HTTP 403 with
 * `error: "presence-required"`), and the CLI and the window ask the person for a code.
 */
export class PresenceRequired extends Error {
  override readonly name = 'PresenceRequired';
  constructor(
    readonly reason: PresenceFailure,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The wire form of PresenceRequired: the contract's PresenceRefusal (HTTP 403 body). */
export function presenceRequiredBody(error: PresenceRequired): PresenceRefusal {
  return { error: 'presence-required', reason: error.reason, message: error.message, ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }) };
}

/**
 * The proof for a riskier action, or PresenceRequired. `what` names the action for the message
 * ("approving 7KQ2-M4XD"). A code is checked only when one is needed, so a surface may always send
 * the one the person typed; a valid code on the served window unlocks its session for 5 minutes.
 */
export function provePresence(presence: Presence, requirement: Requirement, caller: Caller, code: string | undefined, what: string, now = Date.now()): Proof {
  if (!requirement.required) return 'not-required';
  if (caller.present) return 'click';
  const until = caller.session?.unlockedUntil();
  if (until !== undefined && now < until) return 'unlocked';
  if (code === undefined) {
    const how = presence.configured
      ? 'the current code from your authenticator app'
      : 'a code from an authenticator app, and none is set up yet (`kraken-gate presence setup`)';
    throw new PresenceRequired(presence.configured ? 'no-code' : 'not-set-up', `${capitalize(what)} needs ${how}: ${requirement.why}.`);
  }
  const checked = presence.check(code);
  if (!checked.ok) throw new PresenceRequired(checked.reason, `${capitalize(what)} was refused: ${codeRefusalText(checked)}`, checked.retryAfterMs);
  caller.session?.unlock(now + UNLOCK_MS);
  return 'code';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
