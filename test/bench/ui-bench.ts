// `npm run bench:ui`: how fast the window is, in real headless Chromium against a real gateway
// (the paper upstream, an SDK client as the agent) with 100 000 records in the call log. Prints:
//  - the Call log page's time to first render (first rows on screen), from a fresh page load and
//    from the header's link;
//  - the time to filter 100 000 records (Enter in the query box → only matching rows on screen);
//  - an approval card's time from the agent's call to the card on screen.
// Medians of several runs; the machine's load shows in the spread, so p95 is printed too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../e2e/browser.js';
import { openWindow } from '../e2e/window-helpers.js';
import { generateCallLog } from '../helpers/generate-log.js';
import { callTool, nextPending, startTestGateway } from '../helpers/gateway.js';

const RECORDS = 100_000;
const RUNS = Number(process.env.KG_BENCH_RUNS ?? 7);

function stats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return `median ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms, min ${sorted[0]!.toFixed(0)} ms (${values.length} runs)`;
}

/**
 * Resolves with Date.now() in the page when `selector` matches (checked on every DOM change). The
 * page script is a string: tsx's transform would wrap a function's inner names in a helper the
 * page does not have.
 */
function whenShown(page: Page, selector: string, test = ''): Promise<number> {
  return page.evaluate(`new Promise((resolve) => {
    const selector = ${JSON.stringify(selector)}, test = ${JSON.stringify(test)};
    const check = () => {
      const found = [...document.querySelectorAll(selector)];
      const ok = found.length > 0 && (test === '' || found.every((el) => (el.textContent || '').includes(test)));
      if (ok) resolve(Date.now());
      return ok;
    };
    if (check()) return;
    const observer = new MutationObserver(() => check() && observer.disconnect());
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  })`) as Promise<number>;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-ui-bench-'));
  const started = performance.now();
  generateCallLog(dataDir, RECORDS, { end: new Date(Date.now() - 60_000), spanMs: 3 * 86_400_000 });
  console.log(`generated ${RECORDS.toLocaleString('en-US')} call records in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const [browser, gw] = await Promise.all([launchChromium(), startTestGateway({ dataDir })]);
  try {
    const win = await openWindow(browser, gw);
    const { page } = win;
    const origin = `http://127.0.0.1:${gw.port}`;

    const cold: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await page.goto(`${origin}/#/approvals`);
      await page.waitForSelector('[data-testid=no-pending]');
      const t0 = Date.now();
      await page.goto(`${origin}/#/log`);
      cold.push((await whenShown(page, '[data-testid=log-row]')) - t0);
    }

    const inApp: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await win.show('#/approvals');
      await page.waitForSelector('[data-testid=no-pending]');
      const shown = whenShown(page, '[data-testid=log-row]');
      const t0 = (await page.evaluate(`(() => { const now = Date.now(); document.querySelector('a[href="#/log"]').click(); return now; })()`)) as number;
      inApp.push((await shown) - t0);
    }

    const filter: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await win.show('#/log');
      await page.waitForSelector('[data-testid=log-row]');
      await page.getByTestId('log-query').fill('tool:cancel_order decision:rejected');
      const shown = whenShown(page, '[data-testid=log-row] .col-decision', 'Rejected');
      const t0 = Date.now();
      await page.getByTestId('log-query').press('Enter');
      filter.push((await shown) - t0);
      await win.show('#/log');
    }

    const text: number[] = [];
    for (let i = 0; i < Math.min(RUNS, 3); i++) {
      await win.show('#/log');
      await page.waitForSelector('[data-testid=log-row]');
      await page.getByTestId('log-query').fill('gen-5000');
      const t0 = Date.now();
      await page.getByTestId('log-query').press('Enter');
      await page.waitForFunction(() => window.location.hash.includes('gen-5000'));
      await page.waitForFunction(() => /end of the log$/.test(document.querySelector('.log-footer')?.textContent ?? ''));
      text.push(Date.now() - t0);
      await win.show('#/log');
    }

    await win.show('#/approvals');
    await page.waitForSelector('[data-testid=no-pending]');
    const agent = await gw.connect({ name: 'bench-agent' });
    const card: number[] = [];
    for (let i = 0; i < RUNS * 2; i++) {
      const shown = whenShown(page, '[data-testid=approval-card] h2');
      const held = nextPending(gw.gate, 'add_order');
      const t0 = Date.now();
      const call = callTool(agent, 'add_order', { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: String(50_000 + i), validate: false });
      card.push((await shown) - t0);
      await gw.control('deny', { id: (await held).id });
      await call;
      await page.waitForSelector('[data-testid=no-pending]');
    }

    console.log(`\nwindow figures (headless Chromium, ${RECORDS.toLocaleString('en-US')} records in the call log)`);
    console.log(`  call log, first rows on screen after a page load: ${stats(cold)}`);
    console.log(`  call log, first rows on screen from the header's link: ${stats(inApp)}`);
    console.log(`  filter by tool and decision (Enter → only matching rows): ${stats(filter)}`);
    console.log(`  free-text search over every record (Enter → complete answer): ${stats(text)}`);
    console.log(`  approval card on screen after the agent's call: ${stats(card)}`);
  } finally {
    await browser.close();
    await gw.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
