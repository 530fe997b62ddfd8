// The web UI as `kraken-gate serve` serves it: the built renderer (dist/renderer) behind the
// login cookie, the one-time login links, and the cookie as a second way into /api/* (see
// ui-session.ts for why each check is there).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkBearer } from '../gate/http/guard.js';
import { sendError, sendJson } from '../gate/http/respond.js';
import { defaultRendererDir, readStaticFile } from './static-files.js';
import { UI_SECURITY_HEADERS } from './ui-csp.js';
import { OPEN_LINK_TTL_MS, UiSessions, type SessionCheck } from './ui-session.js';

type Routes = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;

export interface WebUiOptions {
  controlToken: string;
  /** The port the gateway listens on, once it does. */
  port: () => number;
  /** Where the built renderer is; dist/renderer by default. */
  rendererDir?: string;
}

export interface WebUi {
  /** The UI's own routes, then `next` (the control API) for everything else. */
  routes(next: Routes): Routes;
  /** The cookie as a way into /api/*, for createControlRoutes. */
  authorize(req: IncomingMessage): SessionCheck;
  /** A fresh single-use login link. */
  loginLink(ttlMs: number): string;
}

/** POST (with the control token) → `{ url }`: what `kraken-gate open` asks for. */
export const LOGIN_LINK_PATH = '/ui/login-link';
/** POST (with the cookie and the page's Origin): ends the session. */
export const LOGOUT_PATH = '/ui/logout';

export function createWebUi(options: WebUiOptions): WebUi {
  const sessions = new UiSessions({ port: options.port });
  const root = options.rendererDir ?? defaultRendererDir();
  const loginLink = (ttlMs: number) => `http://127.0.0.1:${options.port()}/login?token=${sessions.issueLink(ttlMs)}`;

  const own: Routes = async (req, res, path) => {
    if (path === '/login' && req.method === 'GET') {
      const secret = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('token') ?? '';
      const cookie = secret ? sessions.redeem(secret) : undefined;
      if (!cookie) {
        page(res, 401, 'This login link was already used or has expired. Run <code>kraken-gate open</code> for a new one.');
        return true;
      }
      // The redirect drops the secret from the address bar and history.
      res.writeHead(303, { ...UI_SECURITY_HEADERS, 'set-cookie': cookie, location: '/', 'cache-control': 'no-store' }).end();
      return true;
    }
    if (path === LOGOUT_PATH) {
      if (req.method !== 'POST') sendError(res, 405, 'Use POST.');
      else {
        const failure = sessions.checkOrigin(req);
        if (failure) sendError(res, failure.status, failure.message);
        else res.writeHead(204, { 'set-cookie': sessions.logOut(req), 'cache-control': 'no-store' }).end();
      }
      return true;
    }
    if (path === LOGIN_LINK_PATH) {
      const failure = checkBearer(req, options.controlToken);
      if (failure) sendError(res, failure.status, 'A login link needs the control token.');
      else if (req.method !== 'POST') sendError(res, 405, 'Use POST.');
      else sendJson(res, 200, { url: loginLink(OPEN_LINK_TTL_MS) });
      return true;
    }
    const file = path === '/' ? '/index.html' : path;
    if (req.method !== 'GET' || !(file === '/index.html' || file.startsWith('/assets/') || file === '/favicon.svg')) return false;
    if (!sessions.hasSession(req)) {
      page(res, 401, 'Kraken Gate needs you to log in: open the link <code>kraken-gate serve</code> printed, or run <code>kraken-gate open</code>.');
      return true;
    }
    const found = await readStaticFile(root, file);
    if (!found) {
      if (file === '/index.html') page(res, 503, 'The UI is not built. Run <code>npm run build</code> and reload.');
      else sendError(res, 404, 'Not found.');
      return true;
    }
    // Asset names carry a content hash; the page itself must always be fresh.
    const cache = file === '/index.html' ? 'no-store' : 'private, max-age=31536000, immutable';
    res.writeHead(200, { ...UI_SECURITY_HEADERS, 'content-type': found.type, 'cache-control': cache }).end(found.body);
    return true;
  };

  return {
    routes: (next) => async (req, res, path) => (await own(req, res, path)) || next(req, res, path),
    authorize: (req) => sessions.checkApiRequest(req),
    loginLink,
  };
}

// Fixed texts only (never request data), so writing HTML here cannot inject anything.
function page(res: ServerResponse, status: number, html: string): void {
  res
    .writeHead(status, { ...UI_SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    .end(`<!doctype html><meta charset="utf-8"><title>Kraken Gate</title><p>${html}</p>`);
}
