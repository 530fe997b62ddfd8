// Risk tiers in the window, end to end (issue 23, part 2): real headless Chromium on the page a
// running gateway serves, the paper exchange behind it (10 000 USD, 0.5 XBT; XBT/USD at 50 000)
// and an SDK client as the agent. The core weighs each held order; the card shows the friction:
// a 98 USD buy is normal (one click), a buy limit 60 % above the ask is unusual (coloured, why,
// CONFIRM typed before Approve), a 25 000 USD buy is blocked (Approve off; approved smaller only).
// Each card is saved as a screenshot (docs/screenshots/risk-*.png with `npm run screenshots`).
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callTool, nextPending, nextRecord, startTestGateway, textOf, type TestGateway } from '../helpers/gateway.js';
import { launchChromium } from './browser.js';
import { openWindow, type Window } from './window-helpers.js';

const buy = (volume: number, price: string) => ({ pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume, price, validate: false });
const plain = (text: string | null) => (text ?? '').replace(/\u202f/g, ' ');
// The light theme's --warn and --bad (renderer/styles/app.css).
const WARN = 'rgb(138, 90, 0)';
const BAD = 'rgb(179, 38, 30)';

let browser: Browser;
let gw: TestGateway;
let win: Window;
let agent: Client;

beforeAll(async () => {
  [browser, gw] = await Promise.all([
    launchChromium(),
    // Every add_order waits for the person; no code is asked on the paper exchange.
    startTestGateway({ presence: 'off', policy: { version: '1', default: 'allow', tools: { add_order: { action: 'approve' } } } }),
  ]);
  win = await openWindow(browser, gw);
  agent = await gw.connect({ name: 'claude-code' });
});
afterAll(async () => {
  await browser?.close();
  await gw?.close();
});

/** The agent places `args`; resolves once the core has weighed it and the window shows its card. */
async function hold(args: Record<string, unknown>): Promise<{ call: ReturnType<typeof callTool>; card: Locator; tier: string | undefined }> {
  await win.show('#/approvals');
  const held = nextPending(gw.gate, 'add_order');
  const call = callTool(agent, 'add_order', args);
  const pending = await held;
  const card = win.page.locator(`[data-testid=approval-card][data-id="${pending.id}"]`);
  await card.waitFor();
  return { call, card, tier: pending.risk?.tier };
}

const borderLeft = (card: Locator) => card.evaluate((el) => getComputedStyle(el).borderLeftColor);

describe('risk tiers in the window', () => {
  it('a normal order: the card as before, one click approves it', async () => {
    const { call, card, tier } = await hold(buy(0.00196, '50000'));
    expect(tier).toBe('normal');
    expect(await card.getAttribute('data-tier')).toBe('normal');
    expect(await card.getByTestId('risk-banner').count()).toBe(0);
    expect(await card.getByTestId('risk-confirm').count()).toBe(0);
    expect(await card.getByText('Worth', { exact: true }).locator('xpath=..').textContent()).toMatch(/^Worth≈ 98(\.\d+)? USD/);
    await card.screenshot({ path: await win.screenshotPath('risk-normal') });

    await card.getByRole('button', { name: 'Approve once' }).click();
    expect((await call).isError).toBeFalsy();
    await win.page.getByTestId('no-pending').waitFor();
  });

  it('an unusual order: warning colour, an alert saying why, Approve only after CONFIRM or the amount is typed; the core takes the amount', async () => {
    const { page } = win;
    const { call, card, tier } = await hold(buy(0.01, '80000'));
    expect(tier).toBe('unusual');
    expect(await borderLeft(card)).toBe(WARN);
    const banner = card.getByRole('alert');
    expect(plain(await banner.textContent())).toBe('Unusual order: read why, then type CONFIRM (or the amount) to approve it.fills at once, 60 % above the ask (50 000 USD)');
    const approve = card.getByRole('button', { name: 'Approve once' });
    expect(await approve.isDisabled()).toBe(true);

    // By keyboard, as a person would: the labelled field, the order's amount (the word would do
    // too), then Tab to Approve and Enter; the gateway checks what was typed again.
    const field = card.getByLabel('Type CONFIRM or the amount (0.01) to approve this unusual order');
    await field.focus();
    await page.keyboard.type('0.02');
    expect(await approve.isDisabled()).toBe(true);
    await field.fill('');
    await page.keyboard.type('0.01');
    expect(await approve.isEnabled()).toBe(true);
    await card.screenshot({ path: await win.screenshotPath('risk-unusual') });

    const recorded = nextRecord(gw.gate, (r) => r.tool === 'add_order');
    for (let i = 0; i < 6 && !(await approve.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect((await call).isError).toBeFalsy();
    expect(await recorded).toMatchObject({ decision: 'approved', decidedBy: 'web' });
    await page.getByTestId('no-pending').waitFor();
  });

  it('a blocked order: danger colour, the reason, Approve off and explained, Deny there; approved smaller with CONFIRM', async () => {
    const { page } = win;
    const { call, card, tier } = await hold(buy(0.5, '50000'));
    expect(tier).toBe('blocked');
    expect(await borderLeft(card)).toBe(BAD);
    const banner = card.getByRole('alert');
    expect(plain(await banner.textContent())).toMatch(/^This order cannot be approved as it is: the account cannot pay it\.needs ≈ 25 000 USD; the account holds [\d ]+(\.\d+)? USD/);
    const approve = card.getByRole('button', { name: 'Approve once' });
    expect(await approve.isDisabled()).toBe(true);
    // The explanation is the button's description, for a screen reader, and written beside it.
    expect(await approve.getAttribute('aria-describedby')).toBe(await banner.getAttribute('id'));
    expect(await card.getByTestId('approve-off').textContent()).toBe('Approve is off: the account cannot pay this order.');
    expect(await card.getByRole('button', { name: 'Deny', exact: true }).isEnabled()).toBe(true);
    await card.screenshot({ path: await win.screenshotPath('risk-blocked') });

    // Smaller: 0.05 XBT (2 500 USD), after typing the word; the core gets the changes and confirmRisk.
    await card.getByTestId('edit-open').click();
    await card.getByTestId('edit-volume').fill('0.05');
    await card.getByTestId('edit-headline').getByText('Buy 0.05 XBT/USD, limit 50\u202f000 USD — about 2\u202f500 USD').waitFor();
    const editApprove = card.getByTestId('edit-approve');
    expect(await editApprove.isDisabled()).toBe(true);
    await card.getByLabel('Type CONFIRM or the amount (0.50) to approve a smaller order with changes').fill('CONFIRM');
    const recorded = nextRecord(gw.gate, (r) => r.tool === 'add_order');
    await editApprove.click();
    const result = await call;
    expect(result.isError).toBeFalsy();
    expect(textOf(result as never)).toMatch(/Approved with changes: volume 0\.50 → 0\.05/);
    expect(await recorded).toMatchObject({ decision: 'approved', decidedBy: 'web', arguments: { volume: 0.05 } });
    await page.getByTestId('no-pending').waitFor();
    expect(win.problems()).toEqual([]);
  });
});

describe('Approve all in the window', () => {
  it('is off while an unusual order waits, saying which; once only normal orders wait, one question approves each as shown, one record each', async () => {
    const { page } = win;
    const normal = [await hold(buy(0.002, '50000')), await hold(buy(0.003, '50000'))];
    const odd = await hold(buy(0.01, '80000'));
    expect(odd.tier).toBe('unusual');
    const button = page.getByRole('button', { name: 'Approve all (3)' });
    expect(await button.isDisabled()).toBe(true);
    const oddId = await odd.card.getAttribute('data-id');
    expect(plain(await page.getByTestId('approve-all-off').textContent())).toBe(`Approve all is off: ${oddId}: unusual: fills at once, 60 % above the ask (50 000 USD). Decide it on the card.`);
    await odd.card.getByRole('button', { name: 'Deny', exact: true }).click();
    await odd.call;

    const third = await hold(buy(0.004, '50000'));
    const calls = [...normal, third];
    const ids = await Promise.all(calls.map(({ card }) => card.getAttribute('data-id')));
    const records: string[] = [];
    const stop = gw.gate.onDidRecord((r) => r.tool === 'add_order' && r.decision === 'approved' && records.push(r.approvalId ?? ''));
    await page.getByRole('button', { name: 'Approve all (3)' }).click();
    const ask = page.getByTestId('approve-all-confirm');
    expect(plain(await ask.locator('strong').textContent())).toBe('Approve all 3 orders (≈ 450 USD in all)?');
    await win.screenshot('approve-all', { docs: false });
    await ask.getByRole('button', { name: 'Approve 3 orders' }).click();
    for (const { call } of calls) {
      const result = await call;
      expect(result.isError).toBeFalsy();
      expect(textOf(result as never)).toMatch(/O[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{6}/);
    }
    await page.getByTestId('no-pending').waitFor();
    await page.getByTestId('approve-all-answer').getByText(/^Approved 3 orders: /).waitFor();
    stop();
    expect(records.sort()).toEqual([...ids].sort());
    expect(win.problems()).toEqual([]);
  });
});
