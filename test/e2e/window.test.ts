// The window end to end: real headless Chromium on the page a running gateway serves (the real
// paper upstream behind it, an SDK client as the agent), driven as a person would drive it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCallLog } from '../helpers/generate-log.js';
import { callTool, nextPending, nextRecord, startTestGateway, textOf, type TestGateway } from '../helpers/gateway.js';
import { launchChromium } from './browser.js';
import { holdRealOrder, openWindow, REAL_ORDER, type Window } from './window-helpers.js';

const HEADLINE = 'Buy 0.10 XBT/USD, limit 50\u202f000 USD — about 5\u202f000 USD';

let browser: Browser;
let gw: TestGateway;
let win: Window;

let dataDir: string;

beforeAll(async () => {
  // A day of history, so the log page and its chart look as they will after some use.
  dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-e2e-'));
  generateCallLog(dataDir, 2000, { end: new Date(Date.now() - 5 * 60_000), spanMs: 86_400_000, seed: 7 });
  [browser, gw] = await Promise.all([launchChromium(), startTestGateway({ dataDir })]);
  win = await openWindow(browser, gw);
});
afterAll(async () => {
  await browser?.close();
  await gw?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function policyOnDisk(): { tools: Record<string, { action?: string; limits?: unknown[] }> } {
  return JSON.parse(readFileSync(join(gw.dataDir, 'policy.json'), 'utf8')) as never;
}

describe('approvals', () => {
  it("shows an agent's real order with its headline and a live countdown; Approve sends it, the agent gets the txid, and the log shows it decided in the web page", async () => {
    const { page } = win;
    const { call, card } = await holdRealOrder(win, gw, 'claude-code');
    expect(await card.locator('h2').textContent()).toBe(HEADLINE);
    const countdown = card.locator('.countdown-text');
    const first = await countdown.textContent();
    expect(first).toMatch(/^Auto-deny in (2:00|1:[0-5]\d)$/);
    await page.waitForFunction((before) => document.querySelector('.countdown-text')?.textContent !== before, first);
    expect(await card.getByText('Agent', { exact: true }).locator('xpath=..').textContent()).toBe('Agentclaude-code');
    expect(await card.getByText('Held by', { exact: true }).locator('xpath=..').textContent()).toBe('Held bytools.add_order.approve_if[0] — Places a real order (validate is false).');
    // Deny holds the focus: a stray Enter refuses, never approves.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Deny');
    expect(await page.getByTestId('pending-count').textContent()).toBe('1 pending');
    // Paper or real money is said on the card and in the header, not only in Settings.
    expect(await card.getByText('Mode', { exact: true }).locator('xpath=..').textContent()).toBe('ModeReal order on the paper exchange (no real money)');
    expect(await card.getByTestId('card-exchange').count()).toBe(0);
    expect(await page.getByTestId('upstream-state').textContent()).toBe('Paper exchange connected');
    await win.screenshot('approvals');

    const recorded = nextRecord(gw.gate, (r) => r.tool === 'add_order');
    await card.getByRole('button', { name: 'Approve once' }).click();
    const result = await call;
    expect(result.isError).toBeFalsy();
    const txid = /O[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{6}/.exec(textOf(result as never))?.[0];
    expect(txid).toBeDefined();
    expect(await recorded).toMatchObject({ decision: 'approved', decidedBy: 'web' });
    await page.getByTestId('no-pending').waitFor();
    await page.getByTestId('recently-decided').getByText(HEADLINE).waitFor();

    await win.show('#/log');
    const row = page.getByTestId('log-row').first();
    await row.getByText(txid!).waitFor();
    expect(await row.locator('.col-decision').textContent()).toBe('Approved');
    expect(await row.locator('.col-decidedBy').textContent()).toBe('you (web page)');
    await row.click();
    const detail = page.getByTestId('log-detail');
    // Who decided, in words (issue 23), and the rule that held the call as a link to it.
    expect(await detail.getByTestId('who-decided').textContent()).toMatch(
      /^Approved by you \(web page\) after \d+(\.\d)? s; held by rule tools\.add_order\.approve_if\[0\] \(Places a real order \(validate is false\)\.\)$/,
    );
    expect(await detail.getByText('Order id', { exact: true }).locator('xpath=..').textContent()).toBe(`Order id${txid}`);
    await detail.getByRole('link', { name: 'tools.add_order.approve_if[0]' }).click();
    const target = page.getByTestId('rule-target');
    await target.waitFor();
    expect(await target.textContent()).toBe('Rule tools.add_order.approve_if[0] is marked below, as it was when it decided the call.');
    expect(await page.getByTestId('target-rule').locator('.rule-id').textContent()).toBe('(no id yet)');
  });

  it('sends the reason typed with Deny back to the agent', async () => {
    const { call, card } = await holdRealOrder(win, gw);
    await card.getByLabel('Reason for the agent (optional)').fill('too large for today');
    await card.getByRole('button', { name: 'Deny', exact: true }).click();
    const result = await call;
    expect(result.isError).toBe(true);
    expect(textOf(result as never)).toBe('Denied by the user: too large for today');
  });

  it('refuses a waiting order when trading is paused from the header, after asking; a banner says it is paused until resumed', async () => {
    const { page } = win;
    await win.show('#/approvals');
    const agent = await gw.connect();
    const held = nextPending(gw.gate, 'add_order');
    const call = callTool(agent, 'add_order', REAL_ORDER);
    await held;
    await page.getByTestId('approval-card').waitFor();
    // One name, "Trading", whatever its state; the state is beside it.
    const trading = page.getByRole('switch', { name: 'Trading' });
    expect(await trading.textContent()).toBe('Trading: Active');
    expect(await trading.getAttribute('aria-checked')).toBe('true');
    await trading.click();
    // The pause would refuse the waiting order: it asks first, and nothing is refused yet.
    const ask = page.getByRole('alertdialog', { name: '1 waiting order will be refused. Pause?' });
    await ask.waitFor();
    expect(gw.gate.pause.paused).toBe(false);
    await ask.getByRole('button', { name: 'Pause and refuse them' }).click();
    const result = await call;
    expect(textOf(result as never)).toBe('Financial tools are paused');
    await page.getByTestId('no-pending').waitFor();
    expect(await trading.textContent()).toBe('Trading: Paused');
    expect(await trading.getAttribute('aria-checked')).toBe('false');
    expect(gw.gate.pause.paused).toBe(true);
    // Recently decided names the pause and its reason: it must not read as the person's Deny.
    await page.getByTestId('recently-decided').locator('li').first().getByText(/^Paused by you \(web page\) after .+: Financial tools are paused$/).waitFor();
    // The page itself says trading is paused, on every page, and how to resume.
    const banner = page.getByTestId('paused-banner');
    await banner.getByText('Trading is paused.').waitFor();
    await win.show('#/log');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('kraken-gate resume');
    await banner.getByRole('button', { name: 'Resume trading' }).click();
    await banner.waitFor({ state: 'detached' });
    expect(await trading.textContent()).toBe('Trading: Active');
    expect(gw.gate.pause.paused).toBe(false);
  });

  it("Deny & pause agent: denies the card, refuses that agent's orders at once while another agent's still wait, lists the pause, and Resume lifts it", async () => {
    const { page } = win;
    const { agent, call, card } = await holdRealOrder(win, gw, 'claude-code');
    await card.getByRole('button', { name: 'Deny & pause agent…' }).click();
    await card.getByRole('button', { name: 'Deny and pause claude-code for 15 min' }).click();
    const until = gw.gate.status().pausedAgents?.[0]?.until;
    expect(until).toBeDefined();
    const reason = `claude-code is paused by you until ${new Date(until!).toTimeString().slice(0, 5)} (Deny & pause agent)`;
    expect(textOf((await call) as never)).toBe(`Denied by the user. ${reason}.`);
    await page.getByTestId('no-pending').waitFor();
    const paused = page.getByTestId('paused-agents');
    await paused.getByText(/^claude-code is paused until \d\d:\d\d: its orders and amendments are refused; its reads and cancels pass\.$/).waitFor();
    await win.screenshot('agent-paused', { docs: false });

    // Refused at once, not held; reads pass; another agent's order waits for a person as before.
    expect(textOf((await callTool(agent, 'add_order', REAL_ORDER)) as never)).toBe(reason);
    expect((await callTool(agent, 'ticker', { pairs: 'XBTUSD' })).isError).toBeFalsy();
    const other = await holdRealOrder(win, gw, 'cursor');
    expect(await other.card.getByText('Agent', { exact: true }).locator('xpath=..').textContent()).toBe('Agentcursor');
    await other.card.getByRole('button', { name: 'Deny', exact: true }).click();
    await other.call;

    const resumed = nextRecord(gw.gate, (r) => r.tool === 'kraken-gate/resume-agent');
    await paused.getByRole('button', { name: 'Resume claude-code' }).click();
    await paused.waitFor({ state: 'detached' });
    expect(await resumed).toMatchObject({ decision: 'allowed', decidedBy: 'web' });
    const held = nextPending(gw.gate, 'add_order');
    const again = callTool(agent, 'add_order', REAL_ORDER);
    await gw.control('deny', { id: (await held).id });
    expect(textOf((await again) as never)).toBe('Denied by the user.');
    expect(win.problems()).toEqual([]);
  });
});

describe('rules', () => {
  it("saves a rule edited in the editor, and the next call follows it", async () => {
    const { page } = win;
    await win.show('#/rules?tool=ticker');
    const agent = await gw.connect();
    expect((await agent.callTool({ name: 'ticker', arguments: { pairs: 'XBTUSD' } })).isError).toBeFalsy();
    await page.getByTestId('rule-form').getByRole('radio', { name: /^Deny/ }).check();
    await page.getByTestId('validity').getByText('Valid, not saved').waitFor();
    await page.getByTestId('save-policy').click();
    await page.getByTestId('policy-message').getByText(/The next call follows these rules\.$/).waitFor();
    expect(policyOnDisk().tools.ticker).toEqual({ action: 'deny' });
    const refused = await agent.callTool({ name: 'ticker', arguments: { pairs: 'XBTUSD' } });
    expect(textOf(refused as never)).toBe('ticker is not allowed by the policy.');
    await page.getByTestId('tool-ticker').getByText('Deny').waitFor();

    await page.getByTestId('rule-form').getByRole('radio', { name: /^Allow/ }).check();
    await page.getByTestId('save-policy').click();
    await page.getByTestId('tool-ticker').getByText('Allow').waitFor();
    expect((await agent.callTool({ name: 'ticker', arguments: { pairs: 'XBTUSD' } })).isError).toBeFalsy();
  });

  it("shows the engine's error for an invalid rule and does not save it", async () => {
    const { page } = win;
    await win.show('#/rules?tool=add_order');
    const before = readFileSync(join(gw.dataDir, 'policy.json'), 'utf8');
    await page.getByRole('button', { name: 'Add a limit' }).click();
    await page.getByTestId('limits').getByLabel('Calls').fill('-1');
    await page.getByTestId('policy-errors').getByText('tools.add_order.limits[0].max: must be at least 0 (got -1)').waitFor();
    expect(await page.getByTestId('save-policy').isDisabled()).toBe(true);
    await page.keyboard.press('Control+s');
    expect(readFileSync(join(gw.dataDir, 'policy.json'), 'utf8')).toBe(before);
    await win.screenshot('rules-invalid');
    await page.getByRole('button', { name: 'Discard' }).click();
    await page.getByRole('button', { name: 'Discard edits' }).click();
    await page.getByTestId('validity').getByText('Saved').waitFor();
  });

  it('shows the policy in the JSON tab as a working editor, styled within the page\'s security policy', async () => {
    const { page } = win;
    await win.show('#/rules?tool=ticker');
    await page.getByTestId('json-tab').click();
    // Playwright's CSS locators reach into the editor's shadow root.
    const editor = page.getByTestId('json-editor');
    const gutter = editor.locator('.cm-gutters');
    const firstLine = editor.locator('.cm-line').first();
    await firstLine.waitFor();
    const [box, gutterBox, lineBox] = await Promise.all([editor.boundingBox(), gutter.boundingBox(), firstLine.boundingBox()]);
    // Styled, the line numbers sit left of the text and the first line at the top; unstyled (a
    // blocked stylesheet) the text fell below a column of numbers, far out of view.
    expect(lineBox!.x).toBeGreaterThanOrEqual(gutterBox!.x + gutterBox!.width - 1);
    expect(lineBox!.y - box!.y).toBeLessThan(40);
    expect(box!.height).toBeLessThanOrEqual(800 * 0.7 + 2);
    expect(await firstLine.textContent()).toBe('{');
    await win.screenshot('rules-json');

    // Typed into the editor, a change reaches the form.
    await editor.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' x');
    await page.getByTestId('policy-errors').getByText(/^JSON syntax error/).waitFor();
    expect(win.problems()).toEqual([]);
    await page.getByRole('button', { name: 'Discard' }).click();
    await page.getByRole('button', { name: 'Discard edits' }).click();
    await page.getByTestId('validity').getByText('Saved').waitFor();
  });

  it('names the rule that decides a call in "Test a call", before saving', async () => {
    const { page } = win;
    await win.show('#/rules?tool=add_order');
    await page.getByTestId('test-call-args').fill(JSON.stringify(REAL_ORDER));
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    const result = page.getByTestId('test-call-result');
    await result.getByText('tools.add_order.approve_if[0]').waitFor();
    expect(await result.textContent()).toContain('Asks you by tools.add_order.approve_if[0]Places a real order (validate is false).');

    await page.getByTestId('max-notional').fill('1000');
    await page.getByTestId('validity').getByText('Valid, not saved').waitFor();
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await result.getByText('tools.add_order.max_notional').waitFor();
    expect(await result.textContent()).toMatch(/^Denied by tools\.add_order\.max_notionalOrder worth ≈ .+ USD \(.+\) exceeds the cap of .+ USD; reduce the volume\./);
    expect(policyOnDisk().tools.add_order?.limits).toBeUndefined();
    await page.getByRole('button', { name: 'Discard' }).click();
    await page.getByRole('button', { name: 'Discard edits' }).click();
  });
});

describe('settings', () => {
  it('says which port this run listens on when it is not the saved one, and that the paper exchange needs no keys', async () => {
    const { page } = win;
    await win.show('#/settings');
    await page.getByText(`this run listens on ${gw.port}`, { exact: false }).waitFor();
    // Its own fetch, answered apart from the settings': wait for it rather than read "Checking…".
    await page.getByTestId('keys-state').getByText('No keys are set', { exact: false }).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('keys-state').textContent()).toBe('No keys are set. The paper exchange needs none; kraken-mcp needs them for private tools (balance, orders).');
  });
});

describe('allow similar', () => {
  it('turns "Allow similar…" on a card into one capped rule, saved from the card, and the same order then goes through without asking', async () => {
    const { page } = win;
    const original = (await gw.control('policy', {})).body.text;
    const { agent, call, card } = await holdRealOrder(win, gw);
    await card.getByRole('button', { name: 'Allow similar…' }).click();
    // On the card, not on another page: the call still waits there.
    const panel = card.getByTestId('allow-similar');
    await panel.waitFor();
    expect(await panel.getByTestId('similar-scope').textContent()).toBe(
      'add_order calls with pair = "XBTUSD", side = "buy", ordertype = "limit", volume ≤ 0.1 and price ≤ 50000 go through without asking you, at most 5 such orders per hour; past that, they ask you again. Every other add_order call that asks you now still will.',
    );
    // The card whole, the panel on it: at 800 px the fold would cut the cap and the buttons off.
    await page.setViewportSize({ width: 1280, height: 1120 });
    await win.screenshot('allow-similar', { docs: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await panel.getByRole('button', { name: 'Save this rule' }).click();
    await card.getByTestId('similar-saved').waitFor();
    expect(await page.evaluate(() => window.location.hash)).toBe('#/approvals');
    const saved = JSON.parse((await gw.control('policy', {})).body.text) as { tools: { add_order: { allow_if?: { limit?: unknown }[] } } };
    expect(saved.tools.add_order.allow_if).toHaveLength(1);
    expect(saved.tools.add_order.allow_if?.[0]?.limit).toEqual({ max: 5, window: 'hour' });
    // The held call was decided under the old rules; deny it, then send the same order again.
    await gw.control('deny', { id: gw.gate.approvals.pending()[0]!.id });
    await call;
    const again = await callTool(agent, 'add_order', REAL_ORDER);
    expect(again.isError).toBeFalsy();
    expect(textOf(again as never)).toMatch(/"txid"/);
    const bigger = nextPending(gw.gate, 'add_order');
    const larger = callTool(agent, 'add_order', { ...REAL_ORDER, volume: 0.2 });
    await gw.control('deny', { id: (await bigger).id });
    expect((await larger).isError).toBe(true);
    expect((await gw.control('savePolicy', { text: original })).body.ok).toBe(true);
  });
});

describe('who may open the window', () => {
  let foreign: Server;
  let foreignOrigin: string;
  beforeAll(async () => {
    // Another web page on this machine (another port on 127.0.0.1: the same site for cookies).
    foreign = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title>'));
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    foreignOrigin = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => foreign.close(() => resolve())));

  it('refuses the page and /api/* to a browser without the login cookie', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`http://127.0.0.1:${gw.port}/`);
    expect(response?.status()).toBe(401);
    expect(await page.textContent('body')).toContain('kraken-gate open');
    const api = await page.evaluate(async () => (await fetch('/api/status', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status);
    expect(api).toBe(401);
    await context.close();
  });

  it("refuses another page's request even when the browser sends the login cookie with it", async () => {
    const page = await win.context.newPage();
    await page.goto(`${foreignOrigin}/`);
    // A "simple" cross-origin POST: no preflight, so the browser sends it with the cookie.
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/pause'));
    await page.evaluate((port) => void fetch(`http://127.0.0.1:${port}/api/pause`, { method: 'POST', mode: 'no-cors', credentials: 'include', body: '{}' }).catch(() => undefined), gw.port);
    const response = await refused;
    // 403 and not 401: the cookie came with it (without one the answer is 401), the Origin did not pass.
    expect(response.status()).toBe(403);
    expect(gw.gate.pause.paused).toBe(false);
    await page.close();
  });
});

describe('every page, light and dark, at 1280×800 and 800×600', () => {
  it('renders each page without a horizontal scrollbar at 800×600 and saves screenshots', async () => {
    const agent = await gw.connect({ name: 'claude-code' });
    const held = nextPending(gw.gate, 'add_order');
    // Held while two themes × two sizes × four pages are shot: longer than the SDK's default 60 s.
    // 0.05 XBT at market (≈ 2 500 USD): a normal order on the paper account, so the cards show the usual view.
    const call = callTool(agent, 'add_order', { ...REAL_ORDER, ordertype: 'market', price: undefined, volume: 0.05 }, { timeout: 170_000 });
    await held;
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const [width, height] of [
        [1280, 800],
        [800, 600],
      ] as const) {
        const w = await openWindow(browser, gw, { colorScheme, width, height });
        for (const [name, hash, ready] of [
          ['approvals', '#/approvals', '[data-testid=approval-card]'],
          ['rules', '#/rules?tool=add_order', '[data-testid=rule-form]'],
          ['log', '#/log', '[data-testid=log-row]'],
          ['settings', '#/settings', '[data-testid=client-snippet]'],
        ] as const) {
          await w.show(hash);
          await w.page.waitForSelector(ready);
          const overflow = await w.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, `${name} at ${width}×${height} (${colorScheme}) overflows by ${overflow}px`).toBeLessThanOrEqual(0);
          await w.screenshot(width === 800 ? `${name}-800x600` : name, { docs: width !== 800 });
        }
        await w.context.close();
      }
    }
    await gw.control('deny', { id: gw.gate.approvals.pending()[0]!.id });
    await call;
  });

  it('moves the focus visibly with the keyboard', async () => {
    const { page } = win;
    await win.show('#/settings');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { tag: el.tagName, outline: style.outlineStyle, width: style.outlineWidth };
    });
    expect(focus.tag).not.toBe('BODY');
    expect(focus.outline).toBe('solid');
    expect(focus.width).toBe('2px');
  });
});
