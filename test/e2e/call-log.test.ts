// The Call log page with 100 000 records in real headless Chromium: the newest show at once, the
// table stays virtualized while it scrolls through thousands, filters live in the URL and narrow
// the view on the server (a minus word in the window), the export holds exactly the filtered calls,
// a view can be saved and picked again, new calls arrive live.
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRecordLine } from '../../main/gate/calllog/index.js';
import { formatCount } from '../../preload/number-format.js';
import { generateCallLog, type GeneratedLog } from '../helpers/generate-log.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { launchChromium } from './browser.js';
import { openWindow, type Window } from './window-helpers.js';

const COUNT = 100_000;
let dataDir: string;
let generated: GeneratedLog;
let browser: Browser;
let gw: TestGateway;
let win: Window;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-e2e-log-'));
  generated = generateCallLog(dataDir, COUNT, { end: new Date(Date.now() - 60_000), spanMs: 3 * 86_400_000 });
  [browser, gw] = await Promise.all([launchChromium(), startTestGateway({ dataDir })]);
  win = await openWindow(browser, gw);
});
afterAll(async () => {
  await browser?.close();
  await gw?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const footer = () => win.page.locator('.log-footer').textContent();
// Counts read as the core writes figures: digits grouped by a thin no-break space ("5 200 calls").
const loaded = async () => Number(/^([\d\u202f]+) calls/.exec((await footer()) ?? '')?.[1]?.replaceAll('\u202f', '') ?? 0);

describe('the call log with 100 000 records', () => {
  it('is made of records the store itself would write', () => {
    const file = readFileSync(join(dataDir, 'calls', `calls-${new Date(Date.now() - 60_000).toISOString().slice(0, 10)}.jsonl`), 'utf8');
    const lines = file.trim().split('\n');
    for (const line of [lines[0]!, lines[Math.floor(lines.length / 2)]!, lines.at(-1)!]) expect(parseRecordLine(line), line).toBeDefined();
  });

  it('shows the newest calls at once and scrolls through thousands with only the visible rows in the page', async () => {
    const { page } = win;
    await win.show('#/log');
    const first = page.getByTestId('log-row').first();
    await first.waitFor();
    expect(await first.getAttribute('id')).toBe(`log-row-gen-${COUNT - 1}`);
    await page.waitForFunction(() => /calls loaded/.test(document.querySelector('.log-footer')?.textContent ?? ''));
    // A first page of 200, and one more page fetched ahead while the user reads; not the whole log.
    expect(await loaded()).toBeGreaterThanOrEqual(200);
    expect(await loaded()).toBeLessThanOrEqual(1200);

    // Keyboard: End goes to the last loaded row, and nearing the end loads the next page.
    await page.getByTestId('log-body').focus();
    while ((await loaded()) < 5200) {
      const before = await loaded();
      await page.keyboard.press('End');
      await page.waitForFunction((n) => Number(/^([\d\u202f]+) calls/.exec(document.querySelector('.log-footer')?.textContent ?? '')?.[1]?.replaceAll('\u202f', '')) > n, before);
    }
    await page.waitForFunction(() => /scroll for more$/.test(document.querySelector('.log-footer')?.textContent ?? ''));
    const total = await loaded();
    await page.keyboard.press('End');
    const selected = page.locator('[data-testid=log-row][aria-selected=true]');
    await selected.waitFor();
    expect(await selected.getAttribute('id')).toBe(`log-row-gen-${COUNT - total}`);
    expect(await page.getByTestId('log-row').count()).toBeLessThan(80);
    const scrolled = await page.getByTestId('log-body').evaluate((el) => el.scrollTop);
    expect(scrolled).toBeGreaterThan(total * 30);
    await page.keyboard.press('Home');
    await page.locator(`#log-row-gen-${COUNT - 1}[aria-selected=true]`).waitFor();
  });

  it('filters on the server from the query box, keeps the filter in the URL, and exports exactly the filtered calls', async () => {
    const { page } = win;
    await win.show('#/log');
    await page.getByTestId('log-query').fill('tool:cancel_order decision:rejected');
    await page.getByTestId('log-query').press('Enter');
    await page.waitForFunction(() => window.location.hash === '#/log?q=tool%3Acancel_order+decision%3Arejected');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid=log-row]')];
      return rows.length > 0 && rows.every((r) => r.querySelector('.col-tool')?.textContent === 'cancel_order' && r.querySelector('.col-decision')?.textContent === 'Denied by you');
    });
    const expected = generated.byToolAndDecision['cancel_order/rejected']!;
    expect(expected).toBeGreaterThan(200);

    await page.reload();
    await page.getByTestId('log-row').first().waitFor();
    expect(await page.getByTestId('log-query').inputValue()).toBe('tool:cancel_order decision:rejected');
    expect(await page.getByRole('combobox', { name: 'Tool' }).inputValue()).toBe('cancel_order');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^kraken-gate-calls-.*\.csv$/);
    const csv = readFileSync((await file.path())!, 'utf8').trim().split('\r\n');
    expect(csv).toHaveLength(expected + 1);
    expect(csv.slice(1).every((line) => line.includes(',cancel_order,rejected,'))).toBe(true);
    await page.getByRole('status').getByText(`Exported ${formatCount(expected)} calls.`).waitFor();
  });

  it('leaves out what a minus word names, in the table and the export, and says which tool a typo meant', async () => {
    const { page } = win;
    await win.show('#/log');
    await page.getByTestId('log-row').first().waitFor();
    const tools = () => page.locator('[data-testid=log-row] .col-tool').allTextContents();
    expect(await tools()).toContain('ticker');
    await page.getByText('A minus leaves out').waitFor();

    await page.getByTestId('log-query').fill('decision:denied -tool:ticker');
    await page.getByTestId('log-query').press('Enter');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid=log-row] .col-tool')];
      return rows.length > 20 && rows.every((r) => r.textContent !== 'ticker');
    });
    await page.waitForFunction(() => /others left out/.test(document.querySelector('.log-footer')?.textContent ?? ''));
    const expected = Object.entries(generated.byToolAndDecision)
      .filter(([key]) => !key.startsWith('ticker/') && /\/(denied|rejected)$/.test(key))
      .reduce((sum, [, n]) => sum + n, 0);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csv = readFileSync((await (await download).path())!, 'utf8').trim().split('\r\n');
    expect(csv).toHaveLength(expected + 1);
    expect(csv.slice(1).some((line) => line.includes(',ticker,'))).toBe(false);

    await page.getByTestId('log-query').fill('tool:add_ordr');
    await page.getByTestId('log-query').press('Enter');
    await page.getByRole('alert').getByText('No tool named add_ordr — did you mean add_order?').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=log-row]').length === 0);
  });

  it('keeps a filter as a saved view that can be picked again after a reload, and deleted', async () => {
    const { page } = win;
    await win.show('#/log');
    await page.getByTestId('log-query').fill('-tool:ticker decision:allowed');
    await page.getByRole('button', { name: 'Save view…' }).click();
    await page.getByRole('textbox', { name: 'View name' }).fill('Allowed, no tickers');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').getByText('Saved the view “Allowed, no tickers”.').waitFor();

    await win.show('#/log');
    await page.reload();
    await page.getByTestId('log-row').first().waitFor();
    await page.getByRole('combobox', { name: 'Saved views' }).selectOption('Allowed, no tickers');
    await page.waitForFunction(() => window.location.hash === '#/log?q=-tool%3Aticker+decision%3Aallowed');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid=log-row]')];
      return rows.length > 0 && rows.every((r) => r.querySelector('.col-tool')?.textContent !== 'ticker' && r.querySelector('.col-decision')?.textContent === 'Allowed');
    });
    expect(await page.getByTestId('log-query').inputValue()).toBe('-tool:ticker decision:allowed');

    await page.getByRole('button', { name: 'Delete view' }).click();
    await page.reload();
    await page.getByTestId('log-row').first().waitFor();
    expect(await page.getByRole('combobox', { name: 'Saved views' }).locator('option').allTextContents()).toEqual(['No saved views yet']);
  });

  it('adds a new call at the top as it is recorded', async () => {
    const { page } = win;
    await win.show('#/log');
    await page.getByTestId('log-row').first().waitFor();
    const agent = await gw.connect({ name: 'live-agent' });
    await agent.callTool({ name: 'ticker', arguments: { pairs: 'SOLUSD' } });
    const first = page.getByTestId('log-row').first();
    await first.getByText('ticker: pairs SOLUSD').waitFor();
    expect(await first.locator('.col-decision').textContent()).toBe('Allowed');
  });

  it('on a narrow window, brings the detail of the chosen call into view below the table', async () => {
    const { page } = win;
    await page.setViewportSize({ width: 800, height: 600 });
    try {
      await win.show('#/log');
      await page.getByTestId('log-row').nth(2).click();
      const detail = page.getByTestId('log-detail');
      await detail.waitFor();
      // Playwright's own check: the pane's box is within the viewport (it was below the fold before).
      await expect.poll(() => detail.evaluate((el) => el.getBoundingClientRect().top < window.innerHeight)).toBe(true);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
