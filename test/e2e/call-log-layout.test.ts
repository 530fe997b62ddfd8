// The Call log laid out in real Chromium at 800×600 and 1400×900 (issue 23): the columns a person
// reads a row by stay in view as the table narrows (the window, or the detail pane beside it), the
// agent has a column, the detail's argument boxes keep their height, identifiers are whole on one
// line and selected with one click, and the chart's bars say what they hold when pointed at.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCallLog } from '../helpers/generate-log.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { launchChromium } from './browser.js';
import { openWindow } from './window-helpers.js';

let dataDir: string;
let browser: Browser;
let gw: TestGateway;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-e2e-layout-'));
  generateCallLog(dataDir, 3000, { end: new Date(Date.now() - 30_000), spanMs: 86_400_000, seed: 5 });
  [browser, gw] = await Promise.all([launchChromium(), startTestGateway({ dataDir })]);
});
afterAll(async () => {
  await browser?.close();
  await gw?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const SIZES = [
  [800, 600],
  [1400, 900],
] as const;

/** Whether a column's header is laid out inside the table, wide enough to read, its word not cut. */
async function columnShown(page: Page, name: string): Promise<boolean> {
  const header = page.getByRole('columnheader', { name, exact: true });
  if (!(await header.isVisible())) return false;
  const [box, table] = await Promise.all([header.boundingBox(), page.locator('.log-table').boundingBox()]);
  const whole = await header.evaluate((el) => el.scrollWidth <= el.clientWidth);
  return !!box && !!table && box.width > 30 && box.x >= table.x - 1 && box.x + box.width <= table.x + table.width + 1 && whole;
}

/** How many lines an element's text takes. */
const lines = (locator: Locator) =>
  locator.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  });

describe.each(SIZES)('the call log at %i×%i', (width, height) => {
  it('keeps Time, Call, Decision, Decided by and To decide in view, with the agent, beside the detail too', async () => {
    const win = await openWindow(browser, gw, { width, height });
    const { page } = win;
    try {
      await win.show('#/log?q=tool%3Aadd_order');
      const row = page.getByTestId('log-row').first();
      await row.waitFor();
      const always = ['Time', 'Call', 'Decision', 'Decided by', 'To decide'];
      for (const name of [...always, 'Agent']) expect(await columnShown(page, name), `${name} at ${width}×${height}`).toBe(true);
      expect(await row.locator('.col-client').textContent()).toMatch(/^(claude-code|cursor)$/);
      // What gives way first on the narrow window; the wide one has room for every column.
      for (const name of ['Tool', 'Outcome']) expect(await columnShown(page, name), `${name} at ${width}×${height}`).toBe(width > 800);

      await row.click();
      const detail = page.getByTestId('log-detail');
      await detail.waitFor();
      for (const name of always) expect(await columnShown(page, name), `${name} beside the detail at ${width}×${height}`).toBe(true);

      // The argument box shows all its lines (an order's few; it was squeezed to 16 px at 1400×900).
      const args = detail.locator('pre.json');
      const box = await args.evaluate((el) => ({ height: el.clientHeight, content: el.scrollHeight }));
      expect(box.content).toBeLessThan(250);
      expect(box.height).toBe(box.content);

      // Identifiers whole on one line, and one click selects the whole of one to copy.
      for (const label of ['Record id', 'Session', 'Arguments hash']) {
        const value = detail.getByText(label, { exact: true }).locator('xpath=following-sibling::dd');
        expect(await lines(value), `${label} at ${width}×${height}`).toBe(1);
      }
      const id = detail.getByText('Record id', { exact: true }).locator('xpath=following-sibling::dd');
      await win.screenshot(`log-detail-${width}x${height}`, { docs: false });
      await id.click();
      expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(await id.textContent());
      expect(await id.textContent()).toMatch(/^gen-\d+$/);
    } finally {
      await win.context.close();
    }
  });

  it("shows a bar's span and its calls by decision when pointed at; the last hour by the minute", async () => {
    const win = await openWindow(browser, gw, { width, height });
    const { page } = win;
    try {
      await win.show('#/log?q=since%3A1h');
      const list = page.getByRole('list', { name: 'Calls per minute' });
      await list.waitFor();
      const bars = list.getByTestId('chart-bucket');
      expect(await bars.count()).toBeGreaterThanOrEqual(60);
      const withCalls = list.locator('li:has(.chart-tip-line)').first();
      const tip = withCalls.locator('.chart-tip');
      expect(await tip.evaluate((el) => getComputedStyle(el).clipPath)).not.toBe('none');
      await withCalls.hover();
      expect(await tip.evaluate((el) => getComputedStyle(el).clipPath)).toBe('none');
      await win.screenshot(`log-chart-tip-${width}x${height}`, { docs: false });
      expect(await tip.innerText()).toMatch(/^\d\d:\d\d–\d\d:\d\d: \d+ calls?\n(Allowed|Approved|Denied by a rule|Denied by you|Expired|Withdrawn) \d+/);
      // The tip stays inside the window.
      const tipBox = (await tip.boundingBox())!;
      expect(tipBox.x).toBeGreaterThanOrEqual(0);
      expect(tipBox.x + tipBox.width).toBeLessThanOrEqual(width);
    } finally {
      await win.context.close();
    }
  });
});
