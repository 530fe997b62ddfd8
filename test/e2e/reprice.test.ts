// A waiting card is priced again (issue 23, part 3), in the window: the market moves while an order
// waits, the gate reads it again, and the card in Chromium follows — its market price, its tier and
// what Approve asks — while the arguments it approves stay the agent's.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperCommand } from '../../main/paper/command.js';
import { PaperExchange } from '../../main/paper/exchange.js';
import { createPaperServer } from '../../main/paper/server.js';
import { callTool, nextPending, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { launchChromium } from './browser.js';
import { openWindow, type Window } from './window-helpers.js';

const plain = (text: string | null) => (text ?? '').replace(/\u202f/g, ' ');

let browser: Browser;
let gw: TestGateway;
let win: Window;
const exchange = new PaperExchange();

beforeAll(async () => {
  [browser, gw] = await Promise.all([
    launchChromium(),
    startTestGateway({
      presence: 'off',
      exchange: 'paper',
      upstream: { ...paperCommand(), inProcess: { label: 'paper (test)', connect: (t) => createPaperServer(exchange).connect(t) } },
    }),
  ]);
  win = await openWindow(browser, gw);
});
afterAll(async () => {
  await browser?.close();
  await gw?.close();
});

describe('a waiting card follows the market', () => {
  it('turns from unusual to normal when the market reaches the limit, and approves the same arguments', async () => {
    const agent = await gw.connect({ name: 'claude-code' });
    await win.show('#/approvals');
    const held = nextPending(gw.gate, 'add_order');
    const call = callTool(agent, 'add_order', { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.01, price: '80000', validate: false });
    const pending = await held;
    const card = win.page.locator(`[data-testid=approval-card][data-id="${pending.id}"]`);
    await card.waitFor();
    expect(await card.getAttribute('data-tier')).toBe('unusual');
    expect(plain(await card.textContent())).toContain('50 000 USD');

    exchange.setPrice('XBTUSD', 79_500);
    await gw.gate.pricing.reprice();
    await win.page.locator(`[data-testid=approval-card][data-id="${pending.id}"][data-tier=normal]`).waitFor();
    expect(plain(await card.textContent())).toMatch(/Market price79 500 USD/);
    expect(await card.getByTestId('risk-confirm').count()).toBe(0);

    await card.getByRole('button', { name: 'Approve once' }).click();
    expect((await call).isError).toBeFalsy();
    const page = await gw.api.log({ limit: 1, tool: ['add_order'] });
    if (!page.ok) throw new Error(page.message);
    expect(page.records[0]).toMatchObject({ decision: 'approved', argsHash: pending.argsHash });
  });
});
