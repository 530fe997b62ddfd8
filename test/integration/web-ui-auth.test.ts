// Who gets into the window `kraken-gate serve` serves, over real HTTP: the page and /api/* are
// behind a one-time login link (control token only) and an HttpOnly, SameSite=Strict cookie that
// /api/* accepts only with this page's own Origin; the bearer control token keeps working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOpenCommand } from '../../main/cli/open-command.js';
import { kg } from '../helpers/cli.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

describe('the headless window behind the control token', () => {
  let gw: TestGateway;
  let base: string;
  beforeAll(async () => {
    gw = await startTestGateway({ waitForUpstream: false });
    base = `http://127.0.0.1:${gw.port}`;
  });
  afterAll(async () => {
    await gw?.close();
  });

  async function loginLink(token = gw.controlToken): Promise<Response> {
    return fetch(`${base}/ui/login-link`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  }

  async function login(): Promise<string> {
    const { url } = (await (await loginLink()).json()) as { url: string };
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^kraken_gate_${gw.port}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict$`));
    return cookie.split(';')[0]!;
  }

  function api(path: string, headers: Record<string, string>): Promise<Response> {
    return fetch(`${base}/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
  }

  it('refuses the page and /api/* without the login cookie', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(401);
    expect(await page.text()).toContain('kraken-gate open');
    expect((await fetch(`${base}/assets/index.js`)).status).toBe(401);
    expect((await api('status', { origin: base })).status).toBe(401);
  });

  it("answers /api/* and the agent endpoint, errors included, with headers that forbid framing, sniffing and running them", async () => {
    const answers = [
      await api('status', { origin: base }),
      await api('no-such-method', { authorization: `Bearer ${gw.controlToken}` }),
      await fetch(`${base}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('gives a login link for the control token only, and each link works once', async () => {
    expect((await loginLink(gw.token)).status).toBe(401);
    const { url } = (await (await loginLink()).json()) as { url: string };
    expect(url).toMatch(new RegExp(`^${base}/login\\?token=[A-Za-z0-9_-]{43}$`));
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(303);
    const again = await fetch(url, { redirect: 'manual' });
    expect(again.status).toBe(401);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect((await fetch(`${base}/login?token=forged`, { redirect: 'manual' })).status).toBe(401);
  });

  it('serves the page with a strict CSP to a logged-in browser', async () => {
    const cookie = await login();
    const page = await fetch(`${base}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'; frame-ancestors 'none'",
    );
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(await page.text()).toContain('<div id="root">');
    expect((await fetch(`${base}/assets/..%2f..%2fcontrol-token`, { headers: { cookie } })).status).toBe(404);
  });

  it('accepts the cookie on /api/* only with this page\'s own Origin', async () => {
    const cookie = await login();
    const ok = await api('status', { cookie, origin: base });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { paused: boolean }).paused).toBe(false);
    // Another page on this machine (cookies ignore ports, so it would send ours).
    const otherPort = await api('pause', { cookie, origin: `http://127.0.0.1:${gw.port + 1}` });
    expect(otherPort.status).toBe(403);
    expect(await otherPort.json()).toEqual({ error: `Forbidden Origin: http://127.0.0.1:${gw.port + 1}. Only the Kraken Gate page itself may use its session.` });
    expect((await api('pause', { cookie })).status).toBe(403);
    expect((await api('pause', { cookie, origin: 'https://evil.example' })).status).toBe(403);
    expect((await api('pause', { cookie, origin: base, 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await api('pause', { cookie: `kraken_gate_${gw.port}=stolen`, origin: base })).status).toBe(401);
    expect((await gw.control('status', {})).body.paused).toBe(false);
  });

  it('keeps taking the bearer control token (the CLI), and never the agent token', async () => {
    expect((await api('status', { authorization: `Bearer ${gw.controlToken}` })).status).toBe(200);
    expect((await api('status', { authorization: `Bearer ${gw.token}` })).status).toBe(401);
  });

  it('streams events to the cookie over POST, where the browser sends its Origin', async () => {
    const cookie = await login();
    const controller = new AbortController();
    const response = await fetch(`${base}/api/events`, { method: 'POST', headers: { cookie, origin: base }, signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toBe(': connected\n\n');
    await gw.control('pause', {});
    let text = '';
    while (!text.includes('"type":"status"')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('"paused":true');
    controller.abort();
    await gw.control('resume', {});
  });

  it('`kraken-gate open --print` prints a fresh login link that logs in once', async () => {
    const lines: string[] = [];
    expect(await runOpenCommand(gw.dataDir, { print: true, out: (l) => lines.push(l) })).toBe(0);
    expect(lines).toHaveLength(1);
    expect((await fetch(lines[0]!, { redirect: 'manual' })).status).toBe(303);
    const opened: string[] = [];
    await runOpenCommand(gw.dataDir, { openUrl: async (url) => (opened.push(url), true), out: () => undefined });
    expect(opened[0]).toMatch(/\/login\?token=/);
    expect(opened[0]).not.toBe(lines[0]);

    // The same through the CLI a user types.
    const cli = await kg('open', '--print', '--data-dir', gw.dataDir);
    expect(cli.code).toBe(0);
    expect(cli.stdout.trim()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/login\?token=[\w-]+$/);
    expect((await fetch(cli.stdout.trim(), { redirect: 'manual' })).status).toBe(303);
  });
});
