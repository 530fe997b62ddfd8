import { describe, expect, it } from 'vitest';
import { appUrl, CONTENT_SECURITY_POLICY, resolveAppRequest, windowRoot } from '../../../main/desktop/app-protocol.js';
import { buildWindowGate } from '../../../main/desktop/bridge.js';
import { isTrustedSender, windowSpec } from '../../../main/desktop/window-spec.js';
import { gateApi } from '../../../preload/api.js';
import { GATE_EVENT_CHANNEL, GATE_METHODS } from '../../../preload/window-gate.js';

describe('the window\'s BrowserWindow options', () => {
  it('isolate and sandbox the renderer, with no Node in it and devtools only in unpackaged builds', () => {
    const packaged = windowSpec({ preloadPath: '/app/preload.cjs', packaged: true });
    expect(packaged.options.webPreferences).toEqual({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: false,
    });
    expect(packaged.options.show).toBe(false);
    expect(packaged.policy.devTools).toBe(false);
    expect(windowSpec({ preloadPath: '/p', packaged: false }).options.webPreferences.devTools).toBe(true);
  });

  it('block every navigation, new window and permission request', () => {
    const { policy } = windowSpec({ preloadPath: '/p', packaged: true });
    for (const url of ['https://example.com/', 'app://kraken-gate/other.html', 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(policy.allowNavigation(url)).toBe(false);
      expect(policy.allowWindowOpen(url)).toBe(false);
    }
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) expect(policy.allowPermission(permission)).toBe(false);
    expect(policy.allowWebview).toBe(false);
  });
});

describe('app:// pages', () => {
  it('serve files under the root only, each with the CSP', () => {
    const page = resolveAppRequest('app://kraken-gate/index.html', '/r');
    expect(page).toEqual({ status: 200, file: '/r/index.html', headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff', 'Content-Type': 'text/html; charset=utf-8' } });
    expect(resolveAppRequest('app://kraken-gate/assets/app.js?v=1', '/r')).toMatchObject({ status: 200, file: '/r/assets/app.js' });
    expect(resolveAppRequest('app://kraken-gate/', '/r')).toMatchObject({ file: '/r/index.html' });
    // Dot segments are resolved by URL parsing, inside the root; encoded slashes cannot climb out of it.
    expect(resolveAppRequest('app://kraken-gate/%2e%2e/%2e%2e/etc/passwd.html', '/r')).toMatchObject({ file: '/r/etc/passwd.html' });
    for (const url of ['app://kraken-gate/../../etc/passwd', 'app://kraken-gate/..%2f..%2fsecret.js', 'app://kraken-gate/%2e%2e%2f%2e%2e%2fsecret.js', 'app://other/index.html', 'https://kraken-gate/index.html', 'app://kraken-gate/x%00.html', 'app://kraken-gate/tokens']) {
      expect(resolveAppRequest(url, '/r').status, url).toBe(404);
    }
  });

  it('allow no inline script, no eval, no network, no frames', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('come from the built UI when there is one, else from the minimal page', () => {
    expect(windowRoot('/dist/renderer', '/fallback', () => true)).toBe('/dist/renderer');
    expect(windowRoot('/dist/renderer', '/fallback', () => false)).toBe('/fallback');
    expect(appUrl('AB12')).toBe('app://kraken-gate/index.html#/approvals/AB12');
  });
});

describe('IPC senders', () => {
  it('are trusted only as the top frame of our window on app://kraken-gate', () => {
    const ok = { frameUrl: 'app://kraken-gate/index.html#/approvals/X', mainFrame: true, webContentsId: 7 };
    expect(isTrustedSender(ok, 7)).toBe(true);
    expect(isTrustedSender(ok, undefined)).toBe(false);
    expect(isTrustedSender({ ...ok, webContentsId: 8 }, 7)).toBe(false);
    expect(isTrustedSender({ ...ok, mainFrame: false }, 7)).toBe(false);
    for (const frameUrl of ['https://kraken-gate/', 'app://kraken-gate.evil/', 'app://user:pw@kraken-gate/', 'file:///x', 'about:blank', 'not a url', undefined]) {
      expect(isTrustedSender({ ...ok, frameUrl }, 7), String(frameUrl)).toBe(false);
    }
  });
});

describe('window.gate (the preload bridge)', () => {
  it('has exactly the contract\'s methods, one channel each, and one event subscription', async () => {
    const calls: Array<[string, unknown]> = [];
    const listeners = new Map<string, (payload: unknown) => void>();
    const gate = buildWindowGate(
      async (channel, payload) => {
        calls.push([channel, payload]);
        return 'answer';
      },
      (channel, listener) => {
        listeners.set(channel, listener);
        return () => listeners.delete(channel);
      },
    );
    expect(Object.keys(gate).sort()).toEqual([...Object.keys(gateApi), 'onEvent'].sort());
    expect([...GATE_METHODS].sort()).toEqual(Object.keys(gateApi).sort());
    expect(await gate.approve({ id: 'X' })).toBe('answer');
    await gate.status({});
    expect(calls).toEqual([
      ['gate:approve', { id: 'X' }],
      ['gate:status', {}],
    ]);
    const seen: unknown[] = [];
    const unsubscribe = gate.onEvent((event) => seen.push(event));
    listeners.get(GATE_EVENT_CHANNEL)?.({ type: 'pending-decided', id: 'X', decision: 'approved', by: 'tray' });
    expect(seen).toEqual([{ type: 'pending-decided', id: 'X', decision: 'approved', by: 'tray' }]);
    unsubscribe();
    expect(listeners.size).toBe(0);
  });
});
