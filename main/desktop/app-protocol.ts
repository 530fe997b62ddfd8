// The window's pages come from app://kraken-gate/, not file://: one stable origin the IPC handlers
// can check a sender against, no access to the rest of the disk through relative URLs, and a
// Content-Security-Policy header on every response (Electron's security checklist, items 7 and 18).
import { existsSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { UI_CSP_HEADER } from '../headless/ui-csp.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'kraken-gate';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * The same policy the headless page is served with (the renderer is the same): the app's own
 * scripts, styles, images and fonts only, no inline script, no eval, no frames, no forms.
 */
export const CONTENT_SECURITY_POLICY = UI_CSP_HEADER;

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

export type AppResponse =
  | { status: 200; file: string; headers: Record<string, string> }
  | { status: 404; headers: Record<string, string> };

const BASE_HEADERS = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' };

/** The window's address, opened on one approval when given (the UI routes on the hash). */
export function appUrl(approvalId?: string): string {
  return `${APP_ORIGIN}/index.html${approvalId ? `#/approvals/${encodeURIComponent(approvalId)}` : ''}`;
}

/** The file an app:// URL names under `root`, or 404 for anything outside it or not ours. */
export function resolveAppRequest(url: string, root: string): AppResponse {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { status: 404, headers: BASE_HEADERS };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { status: 404, headers: BASE_HEADERS };
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return { status: 404, headers: BASE_HEADERS };
  }
  if (path.includes('\0')) return { status: 404, headers: BASE_HEADERS };
  const base = resolve(root);
  const file = resolve(base, `.${path === '/' ? '/index.html' : path}`);
  if (!file.startsWith(base + sep)) return { status: 404, headers: BASE_HEADERS };
  const type = TYPES[extname(file).toLowerCase()];
  if (!type) return { status: 404, headers: BASE_HEADERS };
  return { status: 200, file, headers: { ...BASE_HEADERS, 'Content-Type': type } };
}

/** The React UI once built (dist/renderer/), else the minimal page that ships with the shell. */
export function windowRoot(rendererDir: string, fallbackDir: string, exists: (path: string) => boolean = existsSync): string {
  return exists(join(rendererDir, 'index.html')) ? rendererDir : fallbackDir;
}
