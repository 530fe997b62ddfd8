// main/gate/http/: what every local HTTP endpoint checks and reads (Host, Origin, bearer, bounded JSON
// bodies, the identity proof). Imports nothing of the core.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

// Requests are refused before any MCP handling unless they come, by their own headers, from this
// machine and carry the token. Host and Origin defend against DNS rebinding: a web page on
// evil.example resolving to 127.0.0.1 sends `Host: evil.example` and its own Origin.

const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export type GuardFailure = { status: 401 | 403; message: string };

export function checkHost(req: IncomingMessage, port: number, alsoAllowed: readonly string[] = []): GuardFailure | undefined {
  const host = req.headers.host;
  if (!host) return { status: 403, message: 'Missing Host header.' };
  // What local clients send, exactly: accepted without parsing a URL on every call.
  if (host === `127.0.0.1:${port}` || host === `localhost:${port}`) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(`http://${host}`);
  } catch {
    url = undefined; // a Host that cannot be parsed is refused, never passed through
  }
  if (!url || !(LOOPBACK_HOSTNAMES.has(url.hostname) || alsoAllowed.includes(url.hostname)) || (url.port || '80') !== String(port)) {
    return { status: 403, message: `Forbidden Host: ${host}. Kraken Gate only answers on 127.0.0.1:${port}.` };
  }
  return undefined;
}

/** Browsers send Origin; other clients do not. A present Origin must be a loopback page. */
export function checkOrigin(req: IncomingMessage): GuardFailure | undefined {
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  let hostname: string | undefined;
  try {
    const url = new URL(origin);
    hostname = url.protocol === 'http:' || url.protocol === 'https:' ? url.hostname : undefined;
  } catch {
    hostname = undefined;
  }
  if (!hostname || !LOOPBACK_HOSTNAMES.has(hostname)) return { status: 403, message: `Forbidden Origin: ${origin}.` };
  return undefined;
}

export function checkBearer(req: IncomingMessage, token: string): GuardFailure | undefined {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const given = Buffer.from(match?.[1] ?? '');
  const expected = Buffer.from(token);
  // An empty expected token would match an empty (absent) one: never a pass.
  if (expected.length === 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { status: 401, message: 'Missing or wrong bearer token. `kraken-gate token` prints it.' };
  }
  return undefined;
}
