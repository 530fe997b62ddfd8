// Who may use the web UI that `kraken-gate serve` serves. It can approve orders, so it is behind the
// control token, never the agent's: whoever holds the control token gets a one-time login link
// (printed by `serve`, or made by `kraken-gate open`), and opening it sets a session cookie.
//  - The cookie is HttpOnly (no script reads it) and SameSite=Strict (no other site's page sends it).
//  - Cookies ignore ports, so a page served by some other local server on 127.0.0.1 counts as the
//    same site; every /api/* request on the cookie must therefore also carry an Origin that is this
//    exact origin (scheme, host and port). Browsers send Origin on every POST, and the UI only POSTs.
//  - Login links are single use and expire within minutes; sessions live in memory, end after
//    SESSION_IDLE_MS without a request, at Log out, and with the process.
//  - A session sees everything and does the safer things; riskier ones (approve, resume, loosen the
//    rules) need a code, which unlocks the session for a few minutes ("sudo mode").
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { GuardFailure } from '../gate/http/guard.js';
import type { UnlockableSession } from '../gate/presence/caller.js';

/** The link `serve` prints at start: for the person who just started it, so minutes, not hours. */
export const STARTUP_LINK_TTL_MS = 10 * 60_000;
/** A link from `kraken-gate open`, which opens (or prints) it right away. */
export const OPEN_LINK_TTL_MS = 10 * 60_000;
/** A session nobody used for this long is over: the next request needs a new login link. */
export const SESSION_IDLE_MS = 30 * 60_000;
const MAX_SESSIONS = 64;
const MAX_LINKS = 64;

export type SessionCheck = { session: UnlockableSession } | 'none' | GuardFailure;

interface Session {
  lastSeen: number;
  unlockedUntil?: number;
}

export interface UiSessionsOptions {
  /** The port the gateway listens on (known once it listens): part of the cookie's name. */
  port: () => number;
  now?: () => number;
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class UiSessions {
  private readonly links = new Map<string, number>();
  /** Session ids, oldest first (a Map keeps insertion order), for eviction. */
  private readonly sessions = new Map<string, Session>();
  private readonly now: () => number;

  constructor(private readonly options: UiSessionsOptions) {
    this.now = options.now ?? Date.now;
  }

  /** One name per port, so two gateways on one machine do not overwrite each other's cookie. */
  get cookieName(): string {
    return `kraken_gate_${this.options.port()}`;
  }

  /** A fresh single-use login secret, valid for `ttlMs`. */
  issueLink(ttlMs: number): string {
    const secret = newSecret();
    this.prune();
    if (this.links.size >= MAX_LINKS) this.links.delete(this.links.keys().next().value as string);
    this.links.set(secret, this.now() + ttlMs);
    return secret;
  }

  /** Redeems a login secret (once); returns the new session's Set-Cookie value, or undefined. */
  redeem(secret: string): string | undefined {
    this.prune();
    const match = [...this.links.keys()].find((known) => sameSecret(known, secret));
    if (match === undefined) return undefined;
    this.links.delete(match);
    const session = newSecret();
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    this.sessions.set(session, { lastSeen: this.now() });
    return `${this.cookieName}=${session}; Path=/; HttpOnly; SameSite=Strict`;
  }

  /** Does the request carry a live session cookie? (Pages: a navigation sends no Origin.) */
  hasSession(req: IncomingMessage): boolean {
    return this.find(req) !== undefined;
  }

  /** Ends the request's session (Log out); the Set-Cookie value that clears the cookie. */
  logOut(req: IncomingMessage): string {
    const found = this.find(req);
    if (found) this.sessions.delete(found[0]);
    return `${this.cookieName}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
  }

  /** The live session the request's cookie names, touched (it was used now). */
  private find(req: IncomingMessage): [string, Session] | undefined {
    const value = readCookie(req.headers.cookie, this.cookieName);
    if (value === undefined) return undefined;
    const now = this.now();
    for (const [id, session] of this.sessions) {
      if (now - session.lastSeen > SESSION_IDLE_MS) {
        this.sessions.delete(id);
        continue;
      }
      if (sameSecret(id, value)) {
        session.lastSeen = now;
        return [id, session];
      }
    }
    return undefined;
  }

  /**
   * An /api/* request on the cookie: a live session, and an Origin that is exactly this page's.
   * 'none' when there is no cookie at all (then the bearer token is the only way in).
   */
  checkApiRequest(req: IncomingMessage): SessionCheck {
    if (readCookie(req.headers.cookie, this.cookieName) === undefined) return 'none';
    const found = this.find(req);
    if (!found) return { status: 401, message: 'The login session is not valid (it ended after 30 minutes unused, at Log out, or Kraken Gate restarted). Run `kraken-gate open` for a new login link.' };
    const failure = this.checkOrigin(req);
    if (failure) return failure;
    const session = found[1];
    return {
      session: {
        unlockedUntil: () => session.unlockedUntil,
        unlock: (until) => {
          session.unlockedUntil = until;
        },
      },
    };
  }

  /** The page's own Origin, and nothing cross-site: what every cookie request must carry. */
  checkOrigin(req: IncomingMessage): GuardFailure | undefined {
    const origin = req.headers.origin;
    const host = req.headers.host;
    if (origin === undefined || host === undefined || origin !== `http://${host}`) {
      return { status: 403, message: `Forbidden Origin: ${origin ?? '(none)'}. Only the Kraken Gate page itself may use its session.` };
    }
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') return { status: 403, message: `Forbidden: a ${String(site)} request.` };
    return undefined;
  }

  private prune(): void {
    const now = this.now();
    for (const [secret, expires] of this.links) if (expires <= now) this.links.delete(secret);
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
