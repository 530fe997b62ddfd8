// main/gate/control/: the contract (preload/api.ts) over HTTP for the CLI and the served window, with its
// event stream. May import http/ and the core's vocabulary; what each method runs is in api/.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gateApi, type GateApi, type GateApiMethod, type GateEvent } from '../../../preload/api.js';
import type { Event } from '../events.js';
import { BodyError, readJsonBody } from '../http/body.js';
import { checkBearer, type GuardFailure } from '../http/guard.js';
import { API_SECURITY_HEADERS, sendError, sendJson } from '../http/respond.js';
import { PresenceRequired, presenceRequiredBody, type Caller, type UnlockableSession } from '../presence/caller.js';

export interface ControlApiOptions {
  /** The contract for a caller: over HTTP, `cli` with the control token, `web` with the login cookie. */
  apiFor: (caller: Caller) => GateApi;
  /** The control token; the agent's gateway token is refused here by construction. */
  token: string;
  events: Event<GateEvent>;
  /**
   * A second way in for requests without an Authorization header (the web UI's login cookie):
   * a session lets the request through, 'none' means it carries no such credential.
   */
  authorize?: (req: IncomingMessage) => { session: UnlockableSession } | 'none' | GuardFailure;
}

const MAX_BODY_BYTES = 64 * 1024;
/** These carry a policy text, up to 256 KB (preload/api-policy.ts); JSON escaping can double it. */
const POLICY_TEXT_METHODS: ReadonlySet<string> = new Set(['validatePolicy', 'savePolicy', 'testCall']);
const MAX_POLICY_BODY_BYTES = 600 * 1024;

const PREFIX = '/api/';

/**
 * The control API over HTTP: `POST /api/<method>` with the contract's JSON input, and
 * `GET /api/events` as Server-Sent Events. The CLI, and the UI served as a local web page, use
 * it; it approves orders, so it takes only the control token.
 */
export function createControlRoutes(options: ControlApiOptions) {
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    if (!path.startsWith(PREFIX)) return false;
    const caller = authenticate(req, options);
    if ('status' in caller) {
      sendError(res, caller.status, caller.message);
      return true;
    }
    const name = path.slice(PREFIX.length);
    // POST too: a browser sends Origin on a POST, which the cookie check requires.
    if (name === 'events' && (req.method === 'GET' || req.method === 'POST')) {
      streamEvents(req, res, options.events);
      return true;
    }
    if (!Object.hasOwn(gateApi, name)) {
      sendError(res, 404, `Unknown control method: ${name}`);
      return true;
    }
    if (req.method !== 'POST') {
      sendError(res, 405, 'Use POST.');
      return true;
    }
    const method = name as GateApiMethod;
    let body: unknown;
    try {
      body = await readJsonBody(req, POLICY_TEXT_METHODS.has(method) ? MAX_POLICY_BODY_BYTES : MAX_BODY_BYTES);
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      sendError(res, error.status, error.message);
      return true;
    }
    const input = gateApi[method].input.safeParse(body ?? {});
    if (!input.success) {
      sendError(res, 400, `Invalid input for ${method}: ${input.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
      return true;
    }
    const handler = options.apiFor(caller)[method] as (input: unknown) => Promise<unknown>;
    try {
      sendJson(res, 200, await handler(input.data));
    } catch (error) {
      if (!(error instanceof PresenceRequired)) throw error;
      // A riskier action without a proof: the CLI and the window read this and ask for a code.
      sendJson(res, 403, presenceRequiredBody(error));
    }
    return true;
  };
}

/**
 * Who is asking, from the credential alone: the login cookie is the served window (`web`), the
 * control token is the command line (`cli`, or any program that read the token file). Neither is
 * a person's presence: that takes a code.
 */
function authenticate(req: IncomingMessage, options: ControlApiOptions): Caller | GuardFailure {
  if (req.headers.authorization === undefined && options.authorize) {
    const result = options.authorize(req);
    if (typeof result === 'object' && 'session' in result) return { channel: 'web', present: false, session: result.session };
    if (result !== 'none') return result;
  }
  const failure = checkBearer(req, options.token);
  if (failure) return { status: failure.status, message: 'The control API needs the control token (the agent token cannot approve anything).' };
  return { channel: 'cli', present: false };
}

function streamEvents(req: IncomingMessage, res: ServerResponse, events: Event<GateEvent>): void {
  res.writeHead(200, { ...API_SECURITY_HEADERS, 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  res.write(': connected\n\n');
  const dispose = events((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
  // Proxies and idle timers close silent streams; a comment line every 15 s keeps it open.
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  req.on('close', () => {
    clearInterval(keepAlive);
    dispose();
  });
}
