// Presence in the served window, end to end in real headless Chromium: on a real exchange (here the
// paper exchange named as Kraken), Approve asks for the code from the person's authenticator in a
// dialog; with the right code the order goes and the window stays unlocked for the next one. An
// edit of policy.json that loosens the rules shows as a banner, not in force.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperCommand } from '../../main/paper/command.js';
import { nextEvent, nextRecord, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { testAuthenticator, type TestAuthenticator } from '../helpers/presence.js';
import { launchChromium } from './browser.js';
import { holdRealOrder, openWindow, type Window } from './window-helpers.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

let browser: Browser;
let gw: TestGateway;
let win: Window;
let auth: TestAuthenticator;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-e2e-presence-'));
  auth = testAuthenticator(dataDir);
  auth.setup();
  [browser, gw] = await Promise.all([launchChromium(), startTestGateway({ dataDir, upstream: paperCommand(), exchange: 'kraken', withPresence: auth.presence })]);
  win = await openWindow(browser, gw);
});
afterAll(async () => {
  await browser?.close();
  await gw?.close();
});

describe('presence in the window', () => {
  it('Approve asks for the code; the right one sends the order and unlocks the window for the next', async () => {
    const { page } = win;
    const first = await holdRealOrder(win, gw, 'claude-code');
    await first.card.getByRole('button', { name: 'Approve once' }).click();
    const dialog = page.getByTestId('presence-dialog');
    await dialog.getByText('Approving this call needs the code from your authenticator app (Kraken (live): real money).').waitFor();
    await win.screenshot('presence-code');
    const approved = nextRecord(gw.gate, (r) => r.tool === 'add_order');
    await dialog.getByTestId('presence-code').fill(auth.code());
    await dialog.getByTestId('presence-submit').click();
    expect(await approved).toMatchObject({ decision: 'approved', decidedBy: 'web', presence: 'code' });
    await first.call;

    // Unlocked: the next approval needs no code.
    const second = await holdRealOrder(win, gw);
    const again = nextRecord(gw.gate, (r) => r.tool === 'add_order');
    await second.card.getByRole('button', { name: 'Approve once' }).click();
    expect(await again).toMatchObject({ decision: 'approved', decidedBy: 'web', presence: 'unlocked' });
    await second.call;
    expect(await dialog.isVisible()).toBe(false);
    expect(win.problems()).toEqual([]);
  });

  it('shows an edit of policy.json that loosens the rules as waiting, not in force', async () => {
    const path = join(gw.dataDir, 'policy.json');
    const policy = JSON.parse(readFileSync(path, 'utf8')) as { tools: Record<string, unknown> };
    policy.tools.add_order = {};
    const staged = nextEvent(gw.gate.onDidReloadPolicy, (r) => r.ok && r.staged !== undefined);
    writeFileSync(path, JSON.stringify(policy, null, 2));
    await staged;
    const banner = win.page.getByTestId('staged-rules');
    await banner.getByText(/add_order: approve_if rule removed or changed/).waitFor();
    await banner.screenshot({ path: await win.screenshotPath('staged-rules') });
  });
});
