// The tray menu as data, a pure function of the gate's state: tested in Node, rendered by the
// Electron shell. "Pause all trading" comes first (the one thing to reach for in a hurry); a
// waiting approval can be decided from here only where a notification could (same threshold).
import { EXCHANGE_NAMES, type PendingApproval, type Settings, type Status } from '../../preload/api.js';
import type { ClientId } from '../clients/index.js';
import { INERT_LIMITS, inert } from '../gate/text/inert.js';
import { inlineApprovable, requester } from '../notify/notice.js';

export type MenuAction =
  | { type: 'toggle-pause' }
  | { type: 'approve'; id: string; argsHash: string }
  | { type: 'deny'; id: string }
  | { type: 'review'; id: string }
  | { type: 'deny-all' }
  | { type: 'open' }
  | { type: 'copy-endpoint' }
  | { type: 'copy-config'; client: ClientId }
  | { type: 'toggle-start-at-login' }
  | { type: 'quit' };

export type MenuItemModel =
  | { kind: 'checkbox'; label: string; checked: boolean; action: MenuAction }
  /** Without an action: a line of text (disabled). */
  | { kind: 'item'; label: string; action?: MenuAction; enabled?: boolean }
  | { kind: 'submenu'; label: string; items: MenuItemModel[] }
  | { kind: 'separator' };

/** The clients "Copy config for…" offers, in the order shown. */
export const MENU_CLIENTS: ReadonlyArray<{ id: ClientId; label: string }> = [
  { id: 'claude-desktop', label: 'Claude Desktop' },
  { id: 'claude-code', label: 'Claude Code' },
  { id: 'cursor', label: 'Cursor' },
  { id: 'vscode', label: 'VS Code' },
];

/** Past this many, the rest are in the window (a menu taller than the screen helps nobody). */
export const MENU_MAX_PENDING = 8;

function upstreamLine(status: Status): string {
  const { upstream } = status;
  const name = EXCHANGE_NAMES[upstream.exchange];
  if (upstream.state === 'ready') return `${name} ready (${upstream.tools} tools)`;
  const why = upstream.lastError ? `: ${inert(upstream.lastError, 60)}` : '';
  return `${name} ${upstream.state}${why}`;
}

function pendingLine(count: number): string {
  return count === 0 ? 'No approvals waiting' : `${count} approval${count === 1 ? '' : 's'} waiting`;
}

function approvalItem(pending: PendingApproval, settings: Pick<Settings, 'inlineApproveMaxUsd'>): MenuItemModel {
  const decide: MenuItemModel[] = inlineApprovable(pending, settings)
    ? [
        { kind: 'item', label: 'Approve', action: { type: 'approve', id: pending.id, argsHash: pending.argsHash } },
        { kind: 'item', label: 'Deny', action: { type: 'deny', id: pending.id } },
        { kind: 'item', label: 'Review…', action: { type: 'review', id: pending.id } },
      ]
    : [
        { kind: 'item', label: 'Review…', action: { type: 'review', id: pending.id } },
        { kind: 'item', label: 'Deny', action: { type: 'deny', id: pending.id } },
      ];
  return {
    kind: 'submenu',
    label: inert(pending.summary.headline, INERT_LIMITS.name),
    items: [{ kind: 'item', label: `From ${requester(pending)} · ${pending.id}` }, { kind: 'separator' }, ...decide],
  };
}

export interface MenuModelOptions {
  settings: Pick<Settings, 'inlineApproveMaxUsd' | 'startAtLogin'>;
}

export function menuModel(status: Status, pending: readonly PendingApproval[], { settings }: MenuModelOptions): MenuItemModel[] {
  const shown = pending.slice(0, MENU_MAX_PENDING);
  const more = pending.length - shown.length;
  const items: MenuItemModel[] = [
    { kind: 'checkbox', label: 'Pause all trading', checked: status.paused, action: { type: 'toggle-pause' } },
    { kind: 'separator' },
    { kind: 'item', label: upstreamLine(status) },
    { kind: 'item', label: pendingLine(pending.length) },
  ];
  if (status.changedTools.length > 0) {
    items.push({ kind: 'item', label: `Blocked until accepted: ${inert(status.changedTools.join(', '), INERT_LIMITS.name)}`, action: { type: 'open' } });
  }
  items.push(...shown.map((p) => approvalItem(p, settings)));
  if (more > 0) items.push({ kind: 'item', label: `${more} more in the window…`, action: { type: 'open' } });
  items.push(
    { kind: 'item', label: 'Deny all pending', action: { type: 'deny-all' }, enabled: pending.length > 0 },
    { kind: 'separator' },
    { kind: 'item', label: 'Open Kraken Gate', action: { type: 'open' } },
    { kind: 'item', label: 'Copy MCP endpoint', action: { type: 'copy-endpoint' }, enabled: status.endpoint !== '' },
    {
      kind: 'submenu',
      label: 'Copy config for…',
      items: MENU_CLIENTS.map((c) => ({ kind: 'item', label: c.label, action: { type: 'copy-config', client: c.id } })),
    },
    { kind: 'separator' },
    { kind: 'checkbox', label: 'Start at login', checked: settings.startAtLogin, action: { type: 'toggle-start-at-login' } },
    { kind: 'item', label: 'Quit Kraken Gate', action: { type: 'quit' } },
  );
  return items;
}
