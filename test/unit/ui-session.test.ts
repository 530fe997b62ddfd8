// The web UI's login: single-use links that expire, sessions that end, a cookie that is only
// accepted on /api/* from the page's own origin.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { OPEN_LINK_TTL_MS, UiSessions, readCookie } from '../../main/headless/ui-session.js';

function request(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe('UI sessions', () => {
  it('redeems a login link once, and not after it expired', () => {
    let now = 1_000_000;
    const sessions = new UiSessions({ port: () => 8787, now: () => now });
    const first = sessions.issueLink(OPEN_LINK_TTL_MS);
    const cookie = sessions.redeem(first);
    expect(cookie).toMatch(/^kraken_gate_8787=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(sessions.redeem(first)).toBeUndefined();
    const late = sessions.issueLink(OPEN_LINK_TTL_MS);
    now += OPEN_LINK_TTL_MS;
    expect(sessions.redeem(late)).toBeUndefined();
  });

  it('accepts the cookie on /api/* only with the exact origin of the page', () => {
    const sessions = new UiSessions({ port: () => 8787 });
    const cookie = sessions.redeem(sessions.issueLink(60_000))!.split(';')[0]!;
    const host = '127.0.0.1:8787';
    expect(sessions.checkApiRequest(request({ host, cookie, origin: 'http://127.0.0.1:8787' }))).toHaveProperty('session');
    expect(sessions.checkApiRequest(request({ host: 'localhost:8787', cookie, origin: 'http://localhost:8787' }))).toHaveProperty('session');
    expect(sessions.checkApiRequest(request({ host, cookie, origin: 'http://localhost:8787' }))).toMatchObject({ status: 403 });
    expect(sessions.checkApiRequest(request({ host, cookie, origin: 'http://127.0.0.1:8788' }))).toMatchObject({ status: 403 });
    expect(sessions.checkApiRequest(request({ host, cookie, origin: 'null' }))).toMatchObject({ status: 403 });
    expect(sessions.checkApiRequest(request({ host, cookie }))).toMatchObject({ status: 403 });
    expect(sessions.checkApiRequest(request({ host, cookie: 'kraken_gate_8787=guess', origin: 'http://127.0.0.1:8787' }))).toMatchObject({ status: 401 });
    expect(sessions.checkApiRequest(request({ host, origin: 'http://127.0.0.1:8787' }))).toBe('none');
    // Another gateway's cookie on the same machine is not this one's.
    expect(sessions.checkApiRequest(request({ host, cookie: cookie.replace('8787', '9999'), origin: 'http://127.0.0.1:8787' }))).toBe('none');
  });

  it('reads one cookie among several', () => {
    expect(readCookie('a=1; kraken_gate_8787=xyz; b=2', 'kraken_gate_8787')).toBe('xyz');
    expect(readCookie('kraken_gate_87870=xyz', 'kraken_gate_8787')).toBeUndefined();
    expect(readCookie(undefined, 'x')).toBeUndefined();
  });
});
