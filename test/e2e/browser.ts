// Real headless Chromium for the end-to-end tests: @sparticuz/chromium's build (it ships Chromium
// for Linux x64 in the npm package, so `npm test` needs nothing but Node), else Debian's
// /usr/bin/chromium. Driven by playwright-core.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

// @sparticuz/chromium targets AWS Lambda: it turns web security off (a test of a page's security
// must run with it on) and runs in one process, which crashes here on a second browser context.
const DROP = new Set(['--disable-web-security', '--allow-running-insecure-content', '--disable-site-isolation-trials', '--single-process', '--no-zygote', '--in-process-gpu']);
const DEBIAN_ARGS = ['--lang=en-US', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

export async function launchChromium(): Promise<Browser> {
  const override = process.env.KG_CHROMIUM;
  if (override) return chromium.launch({ executablePath: override, args: DEBIAN_ARGS, headless: true });
  if (process.platform === 'linux' && process.arch === 'x64') {
    try {
      const { default: packaged } = await import('@sparticuz/chromium');
      const executablePath = await packaged.executablePath();
      // --lang: from a POSIX locale environment Chromium would report "en-US@posix", which Intl rejects.
      const args = [...packaged.args.filter((a) => !DROP.has(a)), '--lang=en-US'];
      return await chromium.launch({ executablePath, args, headless: true, env: { ...process.env, LANG: 'en_US.UTF-8' } });
    } catch (error) {
      if (!existsSync('/usr/bin/chromium')) throw error;
    }
  }
  if (existsSync('/usr/bin/chromium')) return chromium.launch({ executablePath: '/usr/bin/chromium', args: DEBIAN_ARGS, headless: true });
  throw new Error('No Chromium for the end-to-end tests: @sparticuz/chromium runs on Linux x64 only; elsewhere set KG_CHROMIUM to a Chromium or Chrome binary.');
}
