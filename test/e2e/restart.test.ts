// A window left open while the gateway restarts (issue 23, part 1): what it says while the gateway
// is gone, and what a click on the kill switch does once a new gateway answers with no memory of
// the page's login. Real headless Chromium, the real served page, two gateways on one data dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { launchChromium } from './browser.js';
import { holdRealOrder, openWindow, type Window } from './window-helpers.js';

let browser: Browser;
let gw: TestGateway | undefined;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-e2e-restart-'));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await gw?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a window open across a gateway restart', () => {
  it('says only that it is not connected while the gateway is gone; after the restart a failed pause is a red banner naming `kraken-gate open`, and trading stays as it was', async () => {
    gw = await startTestGateway({ dataDir });
    const port = gw.port;
    const win: Window = await openWindow(browser, gw);
    const { page } = win;

    // Something decided, so Recently decided has a line to keep or lose.
    const { call, card } = await holdRealOrder(win, gw);
    await card.getByRole('button', { name: 'Deny', exact: true }).click();
    await call;
    await page.getByTestId('recently-decided').waitFor();

    await gw.close();
    gw = undefined;
    const connection = page.getByTestId('connection-state');
    await connection.waitFor();
    expect(await connection.textContent()).toBe('Not connected to Kraken Gate: reconnecting…');
    // One truth: no green "Paper exchange connected" beside it, no pending count it cannot know.
    expect(await page.getByTestId('upstream-state').count()).toBe(0);
    expect(await page.getByTestId('pending-count').textContent()).toBe('pending unknown');
    await win.screenshot('restart-disconnected', { docs: false });

    gw = await startTestGateway({ dataDir, port });
    // The new gateway has never seen this page's session: the kill switch must say so, loudly.
    await page.getByTestId('trading-switch').click();
    const banner = page.getByTestId('pause-failure');
    await banner.waitFor();
    const text = (await banner.textContent()) ?? '';
    expect(text).toMatch(/Pausing failed: trading is still ACTIVE/);
    expect(text).toMatch(/Run `kraken-gate open` in a terminal to log in again/);
    expect(await banner.getAttribute('role')).toBe('alert');
    expect((await gw.api.status({})).paused).toBe(false);
    await win.screenshot('restart-pause-refused', { docs: false });

    // A fresh login link (what `kraken-gate open` gives) brings the window back: the switch works.
    const fresh = await openWindow(browser, gw);
    await fresh.page.getByTestId('trading-switch').click();
    await fresh.page.getByText('Trading:').getByText('Paused').waitFor();
    expect((await gw.api.status({})).paused).toBe(true);
    expect(fresh.problems()).toEqual([]);
  });
});
