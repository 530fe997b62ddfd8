// Settings says what this run uses when a flag overrides a setting, and the risk thresholds are
// settings a person can change here.
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type GateApi, type Settings } from '../../preload/api.js';
import { setBridge } from '../../renderer/bridge.js';
import { SettingsPage } from '../../renderer/pages/settings-page.js';
import { paperStatus } from './status-fixture.js';

const STATUS = paperStatus({ approvalTimeoutSeconds: 300 });

function core() {
  const saved: Array<Partial<Settings>> = [];
  const view = (settings: Settings) => ({ settings, path: '/tmp/settings.json', restartRequired: [] });
  const answers: Record<string, (input: never) => unknown> = {
    status: () => STATUS,
    pending: () => [],
    settings: () => view(DEFAULT_SETTINGS),
    updateSettings: (input: { changes: Partial<Settings> }) => {
      saved.push(input.changes);
      return { ok: true, view: view({ ...DEFAULT_SETTINGS, ...input.changes }) };
    },
  };
  const api = new Proxy({}, { get: (_t, method: string) => async (input: never) => (answers[method] ? answers[method](input) : Promise.reject(new Error(`${method}: not in this test`))) }) as GateApi;
  setBridge({ api, onEvent: () => () => undefined, onConnection: (l) => (queueMicrotask(() => l(true)), () => undefined), desktop: false });
  return saved;
}

describe('the Settings page', () => {
  it('says when this run uses another approval timeout than the setting (a flag)', async () => {
    core();
    await act(async () => void render(<SettingsPage />));
    await waitFor(() => expect(screen.getByText(/this run uses 300 s: an --approval-timeout flag or a change not applied yet/)).toBeTruthy());
  });

  it('saves the risk thresholds', async () => {
    const saved = core();
    await act(async () => void render(<SettingsPage />));
    const distance = await screen.findByTestId('risk-distance');
    const user = userEvent.setup();
    await user.clear(distance);
    await user.type(distance, '5');
    await user.click(screen.getAllByRole('button', { name: /^Save/ }).at(-1)!);
    await waitFor(() => expect(saved.at(-1)?.riskThresholds).toEqual({ distancePercent: 5, dailyCapPercent: 50, balancePercent: 90 }));
  });
});
