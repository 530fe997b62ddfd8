// Settings → Phone (issue 25): a person sets up the bot, pairs with the code shown, and reads where
// the phone stands (offline since when, and why) without reading the README.
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { GateApi, PhoneStatus } from '../../preload/api.js';
import { setBridge } from '../../renderer/bridge.js';
import { PhoneSection, phoneStateText } from '../../renderer/components/phone-settings.js';
import { paperStatus } from './status-fixture.js';

const STATUS = paperStatus();

function core(phone: PhoneStatus) {
  const calls: Array<{ method: string; input: unknown }> = [];
  const status = { ...STATUS, phone };
  const answers: Record<string, (input: never) => unknown> = {
    status: () => status,
    pending: () => [],
    phoneSetup: () => ({ ok: true, message: 'The bot @kg_bot is set up. Now pair your phone.' }),
    phonePair: () => ({ ok: true, pairCode: 'K7QMZ2PA', expiresAt: new Date(Date.now() + 600_000).toISOString(), bot: '@kg_bot', message: '' }),
  };
  const api = new Proxy({}, {
    get: (_t, method: string) => async (input: never) => {
      calls.push({ method, input });
      return answers[method] ? answers[method](input) : Promise.reject(new Error(`${method}: not in this test`));
    },
  }) as GateApi;
  setBridge({ api, onEvent: () => () => undefined, onConnection: (l) => (queueMicrotask(() => l(true)), () => undefined), desktop: false });
  return { calls };
}

function renderSection() {
  return render(<PhoneSection />);
}

describe('Settings → Phone', () => {
  it('off: says how to make a bot, takes its token write-only and sends it once', async () => {
    const { calls } = core({ state: 'off' });
    renderSection();
    await screen.findByText(/send \/newbot|@BotFather/);
    const field = screen.getByLabelText('Bot token');
    expect(field).toHaveProperty('type', 'password');
    await userEvent.type(field, '7012345678:AAHk-test-token-0123456789');
    await userEvent.click(screen.getByRole('button', { name: 'Save bot' }));
    await screen.findByText(/The bot @kg_bot is set up/);
    expect(calls.filter((c) => c.method === 'phoneSetup')).toEqual([{ method: 'phoneSetup', input: { token: '7012345678:AAHk-test-token-0123456789' } }]);
    expect((field as HTMLInputElement).value).toBe('');
  });

  it('not paired: shows the one-time code to send from the phone', async () => {
    core({ state: 'not-paired', bot: '@kg_bot' });
    renderSection();
    await userEvent.click(await screen.findByRole('button', { name: 'Pair your phone' }));
    expect((await screen.findByTestId('pair-code')).textContent).toBe('/pair K7QMZ2PA');
    expect(screen.getByText(/send this to @kg_bot/)).toBeTruthy();
  });

  it('offline: says since when and why, and that held orders still wait on the computer', async () => {
    core({ state: 'offline', bot: '@kg_bot', pairedWith: 'Alice (@alice)', since: '2026-12-05T12:01:00.000Z', reason: 'cannot reach Telegram (ECONNREFUSED)' });
    renderSection();
    await waitFor(() => expect(screen.getByTestId('phone-state').textContent).toMatch(/^Telegram cannot be reached since .+ \(cannot reach Telegram \(ECONNREFUSED\)\)\. Held orders still wait here/));
    expect(phoneStateText({ state: 'online', bot: '@kg_bot', pairedWith: 'Alice (@alice)' })).toBe('Paired with Alice (@alice) through @kg_bot: held orders are sent there too.');
  });
});
