// The served window and presence: a riskier action asks for the authenticator's code in a dialog
// and is sent again with it; the banners say what was refused without the person's code and what
// edit on disk waits for them.
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GateApi, Status } from '../../preload/api.js';
import { setBridge, type Bridge } from '../../renderer/bridge.js';
import { PresenceBanners } from '../../renderer/components/presence-banners.js';
import { PresenceDialog } from '../../renderer/components/presence-dialog.js';
import { httpBridge } from '../../renderer/http-bridge.js';
import { paperStatus } from './status-fixture.js';

const STATUS = paperStatus({
  paused: true,
  upstream: { state: 'ready', exchange: 'kraken', command: 'kraken-mcp', restarts: 0, tools: 17 },
  presence: { required: true, why: 'Kraken (live): real money', mode: 'auto', configured: true },
});

afterEach(() => vi.unstubAllGlobals());

describe('presence in the served window', () => {
  it('asks for the code before a resume on a real exchange, and sends it with the request', async () => {
    const bodies: Array<{ method: string; body: unknown }> = [];
    vi.stubGlobal('fetch', async (url: string, init: { body: string }) => {
      const method = url.replace('./api/', '');
      const body = JSON.parse(init.body) as Record<string, unknown>;
      bodies.push({ method, body });
      const answer = method === 'status' ? STATUS : { ...STATUS, paused: false, changed: true };
      return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    render(<PresenceDialog />);
    const { api } = httpBridge();
    await api.status({});
    const user = userEvent.setup();
    let resumed: Promise<unknown> | undefined;
    act(() => void (resumed = api.resume({})));
    await user.type(await screen.findByTestId('presence-code'), '492 039');
    await user.click(screen.getByTestId('presence-submit'));
    expect(await resumed).toMatchObject({ paused: false });
    expect(bodies.map((b) => b.method)).toEqual(['status', 'resume']);
    expect(bodies[1]!.body).toEqual({ code: '492039' });
  });

  it('asks again when the server refuses for want of a code (a looser rule save), and says why a code was wrong', async () => {
    const sent: unknown[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: { body: string }) => {
      const body = JSON.parse(init.body) as { code?: string };
      sent.push(body);
      if (body.code === '123456') return new Response(JSON.stringify({ ok: true, warnings: [], view: { path: 'p', text: '{}', check: { ok: true, errors: [], warnings: [] }, running: {} } }), { status: 200 });
      const reason = body.code === undefined ? 'no-code' : 'wrong-code';
      return new Response(JSON.stringify({ error: 'presence-required', reason, message: reason === 'no-code' ? 'Loosening the rules needs the current code.' : 'Loosening the rules was refused: That code is not the current one.' }), { status: 403 });
    });
    render(<PresenceDialog />);
    const user = userEvent.setup();
    let saved: Promise<unknown> | undefined;
    act(() => void (saved = httpBridge().api.savePolicy({ text: '{"version":"1","default":"allow"}' })));
    expect(await screen.findByText('Loosening the rules needs the current code.')).toBeTruthy();
    await user.type(screen.getByTestId('presence-code'), '000000');
    await user.click(screen.getByTestId('presence-submit'));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'Loosening the rules was refused: That code is not the current one.');
    await user.type(screen.getByTestId('presence-code'), '123456');
    await user.click(screen.getByTestId('presence-submit'));
    expect(await saved).toMatchObject({ ok: true });
    expect(sent).toEqual([{ text: '{"version":"1","default":"allow"}' }, { text: '{"version":"1","default":"allow"}', code: '000000' }, { text: '{"version":"1","default":"allow"}', code: '123456' }]);
  });

  it('a wrong code at Unlock leaves the window locked: the next resume still asks', async () => {
    const methods: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      const method = url.replace('./api/', '');
      methods.push(method);
      const answers: Record<string, unknown> = {
        status: STATUS,
        lock: { ok: true, message: 'Locked.' },
        unlock: { ok: false, message: 'That code is not the current one.' },
        resume: { ...STATUS, paused: false, changed: true },
      };
      return new Response(JSON.stringify(answers[method]), { status: 200 });
    });
    render(<PresenceDialog />);
    const { api } = httpBridge();
    await api.status({});
    await api.lock({});
    expect(await api.unlock({ code: '000000' })).toMatchObject({ ok: false });
    act(() => void api.resume({}));
    expect(await screen.findByTestId('presence-code')).toBeTruthy();
    expect(methods).toEqual(['status', 'lock', 'unlock']);
  });

  it('warns of attempts refused without the code and shows an edit of policy.json that waits, with Apply', async () => {
    const applied: unknown[] = [];
    const status: Status = {
      ...STATUS,
      refusedAttempts: [{ action: 'approve', channel: 'cli', count: 3, lastAt: '2026-12-05T14:02:07Z', reason: 'no code' }],
      staged: { rules: { hash: 'abc', at: '2026-12-05T14:00:00Z', loosenings: ['add_order: allow instead of ask'] } },
    };
    const api = new Proxy({}, { get: (_t, method: string) => async (input: unknown) => (method === 'applyStaged' ? (applied.push(input), { ok: true, message: 'ok' }) : method === 'pending' ? [] : status) }) as GateApi;
    const bridge: Bridge = { api, onEvent: () => () => undefined, onConnection: () => () => undefined, desktop: false };
    setBridge(bridge);
    render(<PresenceBanners />);
    const warning = await screen.findByTestId('refused-attempts');
    expect(warning.textContent).toMatch(/3 approvals without your code were refused from the command line \(last at .+\)\./);
    const edit = screen.getByTestId('staged-rules');
    expect(edit.textContent).toContain('policy.json was edited outside Kraken Gate to let more through. It is not in force:');
    expect(edit.textContent).toContain('add_order: allow instead of ask');
    await userEvent.setup().click(screen.getByTestId('apply-staged-rules'));
    await waitFor(() => expect(applied).toEqual([{ what: 'rules', hash: 'abc' }]));
  });
});
