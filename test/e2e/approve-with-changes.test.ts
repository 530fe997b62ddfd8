// Approve with changes in the window, end to end: real headless Chromium on the page a running
// gateway serves (the paper exchange behind it, an SDK client as the agent). The person lowers the
// volume in the card's editor, sees the new headline, approves; the agent gets the exchange's
// answer and the note, and the log detail shows both argument sets.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextRecord, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { launchChromium } from './browser.js';
import { holdRealOrder, openWindow, REAL_ORDER, type Window } from './window-helpers.js';

// Rests far below the market: placed, never filled, so the screenshot's numbers stay the same.
const NOTE = 'Approved with changes: volume 0.10 → 0.05';

let browser: Browser;
let gw: TestGateway;
let win: Window;

beforeAll(async () => {
  [browser, gw] = await Promise.all([launchChromium(), startTestGateway()]);
  win = await openWindow(browser, gw);
});
afterAll(async () => {
  await browser?.close();
  await gw?.close();
});

describe('approve with changes in the window', () => {
  it("the card's editor lowers the volume, shows the new headline, approves; the agent gets the note", async () => {
    const { page } = win;
    const { call, card } = await holdRealOrder(win, gw, 'claude-code');

    await card.getByTestId('edit-open').click();
    const editor = card.getByTestId('order-editor');
    await editor.waitFor();
    // A larger volume is refused with the gateway's reason; nothing can be approved.
    await editor.getByTestId('edit-volume').fill('0.2');
    await editor.getByTestId('edit-refused').getByText(/volume can only be lowered/).waitFor();
    expect(await editor.getByTestId('edit-approve').isDisabled()).toBe(true);

    await editor.getByTestId('edit-volume').fill('0.05');
    await editor.getByTestId('edit-headline').getByText('Buy 0.05 XBT/USD, limit 50\u202f000 USD — about 2\u202f500 USD').waitFor();
    expect(await editor.getByTestId('edit-note').textContent()).toBe(`The agent is told: ${NOTE}`);
    await card.screenshot({ path: await win.screenshotPath('approve-with-changes') });

    const recorded = nextRecord(gw.gate, (r) => r.tool === 'add_order');
    await editor.getByTestId('edit-approve').click();
    const result = (await call) as { content: Array<{ type: string; text: string }>; isError?: boolean };
    expect(result.isError).toBeFalsy();
    expect(result.content.at(-1)).toEqual({ type: 'text', text: NOTE });
    expect(result.content[0]?.text).toMatch(/buy 0\.05000000 XBTUSD @ limit 50000/);
    const record = await recorded;
    expect(record).toMatchObject({ decision: 'approved', decidedBy: 'web', arguments: { volume: 0.05 }, edited: { agentArguments: { volume: 0.1 }, by: 'web' } });
    await page.getByTestId('no-pending').waitFor();

    await win.show('#/log');
    await page.getByTestId('log-row').first().click();
    const detail = page.getByTestId('log-detail');
    expect(await detail.getByText('Changed by the human', { exact: true }).locator('xpath=..').textContent()).toBe('Changed by the humanvolume 0.10 → 0.05 (web)');
    expect(JSON.parse((await detail.getByTestId('agent-arguments').textContent()) ?? '')).toEqual(REAL_ORDER);
    expect(JSON.parse((await detail.getByTestId('sent-arguments').textContent()) ?? '')).toEqual({ ...REAL_ORDER, volume: 0.05 });
  });
});
