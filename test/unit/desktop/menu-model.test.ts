import { describe, expect, it } from 'vitest';
import { menuModel, MENU_MAX_PENDING, type MenuItemModel } from '../../../main/desktop/menu-model.js';
import { trayLook, trayState } from '../../../main/desktop/tray-look.js';
import { summarizeCall } from '../../../main/gate/approvals/index.js';
import { inertJson } from '../../../main/gate/text/inert.js';
import type { PendingApproval, Status } from '../../../preload/api.js';

const ready: Status = {
  paused: false,
  pending: 0,
  upstream: { state: 'ready', exchange: 'kraken', command: 'kraken-mcp', restarts: 0, tools: 17, pid: 42 },
  endpoint: 'http://127.0.0.1:8787/mcp',
  changedTools: [],
  presence: { required: true, why: 'Kraken (live): real money', mode: 'auto', configured: true },
  staged: {},
  refusedAttempts: [],
};
const settings = { inlineApproveMaxUsd: 1000, startAtLogin: false };

function order(id: string, volume: number, price: string): PendingApproval {
  const args = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume, price, validate: false };
  return { id, tool: 'add_order', arguments: args, argumentsText: inertJson(args), argsHash: `${id}-hash`, summary: summarizeCall({ tool: 'add_order', arguments: args }), createdAt: '', expiresAt: '', client: 'bot' };
}

const labels = (items: MenuItemModel[]) => items.map((i) => (i.kind === 'separator' ? '—' : i.label));

describe('menuModel', () => {
  it('with nothing waiting: the pause switch first, the state, then the app\'s own items', () => {
    expect(labels(menuModel(ready, [], { settings }))).toEqual([
      'Pause all trading',
      '—',
      'Kraken (live) ready (17 tools)',
      'No approvals waiting',
      'Deny all pending',
      '—',
      'Open Kraken Gate',
      'Copy MCP endpoint',
      'Copy config for…',
      '—',
      'Start at login',
      'Quit Kraken Gate',
    ]);
    const menu = menuModel(ready, [], { settings });
    expect(menu.find((i) => i.kind === 'item' && i.label === 'Deny all pending')).toMatchObject({ enabled: false });
    expect(menu.find((i) => i.kind === 'submenu' && i.label === 'Copy config for…')).toMatchObject({
      items: [
        { label: 'Claude Desktop', action: { type: 'copy-config', client: 'claude-desktop' } },
        { label: 'Claude Code', action: { type: 'copy-config', client: 'claude-code' } },
        { label: 'Cursor', action: { type: 'copy-config', client: 'cursor' } },
        { label: 'VS Code', action: { type: 'copy-config', client: 'vscode' } },
      ],
    });
  });

  it('lists each waiting approval by its headline: Approve under the one-click limit, Review above it, Deny always', () => {
    const menu = menuModel({ ...ready, pending: 2 }, [order('A1', 0.01, '1000'), order('B2', 0.1, '50000')], { settings });
    const [small, large] = menu.filter((i) => i.kind === 'submenu' && i.label.startsWith('Buy'));
    expect(small).toEqual({
      kind: 'submenu',
      label: 'Buy 0.01 XBT/USD, limit 1\u202f000 USD — about 10 USD',
      items: [
        { kind: 'item', label: 'From bot · A1' },
        { kind: 'separator' },
        { kind: 'item', label: 'Approve', action: { type: 'approve', id: 'A1', argsHash: 'A1-hash' } },
        { kind: 'item', label: 'Deny', action: { type: 'deny', id: 'A1' } },
        { kind: 'item', label: 'Review…', action: { type: 'review', id: 'A1' } },
      ],
    });
    expect(large?.kind === 'submenu' && large.items.slice(2).map((i) => (i.kind === 'item' ? i.action?.type : '—'))).toEqual(['review', 'deny']);
    expect(labels(menu)).toContain('2 approvals waiting');
  });

  it('keeps the menu short: past the limit, the rest are in the window', () => {
    const many = Array.from({ length: MENU_MAX_PENDING + 3 }, (_, i) => order(`ID${i}`, 0.01, '1000'));
    const menu = menuModel({ ...ready, pending: many.length }, many, { settings });
    expect(menu.filter((i) => i.kind === 'submenu' && i.label.startsWith('Buy'))).toHaveLength(MENU_MAX_PENDING);
    expect(labels(menu)).toContain('3 more in the window…');
  });

  it('checks the pause and start-at-login boxes from the state, and says what is wrong upstream', () => {
    const menu = menuModel(
      { ...ready, paused: true, upstream: { ...ready.upstream, state: 'restarting', lastError: 'exited before it was ready: no API key' }, changedTools: ['add_order'] },
      [],
      { settings: { ...settings, startAtLogin: true } },
    );
    expect(menu[0]).toMatchObject({ kind: 'checkbox', checked: true });
    expect(menu.find((i) => i.kind === 'checkbox' && i.label === 'Start at login')).toMatchObject({ checked: true });
    expect(labels(menu)).toContain('Kraken (live) restarting: exited before it was ready: no API key');
    expect(labels(menu)).toContain('Blocked until accepted: add_order');
  });
});

describe('tray icon', () => {
  it('shows the most urgent state: waiting approvals, then a down upstream, then the pause', () => {
    const down = { ...ready.upstream, state: 'restarting' as const, restarts: 1 };
    expect(trayState({ ...ready, pending: 1, paused: true, upstream: down })).toBe('pending');
    expect(trayState({ ...ready, paused: true, upstream: down })).toBe('upstream-down');
    expect(trayState({ ...ready, paused: true })).toBe('paused');
    expect(trayState(ready)).toBe('active');
    // Starting for the first time is not down; failing to start is.
    expect(trayState({ ...ready, upstream: { ...ready.upstream, state: 'starting' } })).toBe('active');
    expect(trayState({ ...ready, upstream: { ...ready.upstream, state: 'starting', restarts: 2 } })).toBe('upstream-down');
  });

  it('uses template images on macOS and puts the counts in the tooltip', () => {
    expect(trayLook({ ...ready, pending: 2, paused: true }, '/i', 'darwin')).toEqual({
      state: 'pending',
      icon: '/i/pendingTemplate.png',
      tooltip: 'Kraken Gate: 2 approvals waiting · trading paused · Kraken (live) ready',
    });
    expect(trayLook(ready, '/i', 'linux').icon).toBe('/i/active.png');
  });
});
