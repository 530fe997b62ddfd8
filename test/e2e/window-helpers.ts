import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { callTool, type TestGateway } from '../helpers/gateway.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Where the e2e run saves its screenshots: docs/screenshots/ with `npm run screenshots` (the ones
 * the README shows, committed), else test-results/screenshots/ so a test run leaves the tree clean.
 */
const TEST_SCREENSHOT_DIR = join(root, 'test-results/screenshots');
export const SCREENSHOT_DIR = process.env.KG_SCREENSHOTS === 'docs' ? join(root, 'docs/screenshots') : TEST_SCREENSHOT_DIR;

export async function loginLink(gw: TestGateway): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${gw.port}/ui/login-link`, { method: 'POST', headers: { authorization: `Bearer ${gw.controlToken}` } });
  return ((await response.json()) as { url: string }).url;
}

export interface Window {
  context: BrowserContext;
  page: Page;
  /** Goes to a page of the window (#/approvals, #/rules?tool=…) the way its links do. */
  show(hash: string): Promise<void>;
  /** Saves a screenshot; `docs: false` keeps it out of docs/screenshots even with `npm run screenshots`. */
  screenshot(name: string, options?: { docs?: boolean }): Promise<void>;
  /** Where screenshot(name) would save, for a picture of one element (`locator.screenshot`). */
  screenshotPath(name: string, options?: { docs?: boolean }): Promise<string>;
  /** What the page threw, and what its Content-Security-Policy blocked, so far. */
  problems(): string[];
}

/** A browser context logged in to the gateway's window with a one-time link, as a person would be. */
export async function openWindow(browser: Browser, gw: TestGateway, options: { colorScheme?: 'light' | 'dark'; width?: number; height?: number } = {}): Promise<Window> {
  const context = await browser.newContext({ colorScheme: options.colorScheme ?? 'light', viewport: { width: options.width ?? 1280, height: options.height ?? 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // A blocked style or script leaves the page half-working without throwing: Chromium reports it here.
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) errors.push(message.text());
  });
  await page.goto(await loginLink(gw));
  await page.waitForSelector('.app-header [data-testid=upstream-state]');
  const screenshotPath = async (name: string, { docs = true } = {}): Promise<string> => {
    const dir = docs ? SCREENSHOT_DIR : TEST_SCREENSHOT_DIR;
    mkdirSync(dir, { recursive: true });
    return join(dir, `${name}-${options.colorScheme ?? 'light'}.png`);
  };
  return {
    context,
    page,
    screenshotPath,
    problems: () => [...errors],
    async show(hash) {
      await page.evaluate((h) => (window.location.hash = h), hash);
      await page.waitForFunction((h) => window.location.hash === h, hash);
      if (errors.length) throw new Error(`the page threw or was blocked: ${errors.join('; ')}`);
    },
    async screenshot(name, { docs = true } = {}) {
      await page.screenshot({ path: await screenshotPath(name, { docs }) });
    },
  };
}

/** A real paper order (validate false) that the default policy holds for a human. */
export const REAL_ORDER = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '50000', validate: false };

/**
 * Opens the Approvals page, has an agent (named `client`, else the test default) place REAL_ORDER,
 * and waits for its card. `call` settles when the person decides.
 */
export async function holdRealOrder(win: Window, gw: TestGateway, client?: string): Promise<{ agent: Client; call: ReturnType<typeof callTool>; card: Locator }> {
  await win.show('#/approvals');
  const agent = await gw.connect(client === undefined ? undefined : { name: client });
  const call = callTool(agent, 'add_order', REAL_ORDER);
  const card = win.page.getByTestId('approval-card');
  await card.waitFor();
  return { agent, call, card };
}
