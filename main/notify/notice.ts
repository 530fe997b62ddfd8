// What a notification says and offers, as pure functions of the gate's state: the same text and
// buttons whichever notifier shows it (Electron, D-Bus, node-notifier), tested without any of them.
import type { PendingApproval, Settings, Status } from '../../preload/api.js';
import { worthUsd } from '../gate/approvals/worth.js';
import { INERT_LIMITS, inert } from '../gate/text/inert.js';
import { formatMoney } from '../../preload/number-format.js';

type UpstreamStatus = Status['upstream'];

/** `default` is the notification's body (D-Bus' name for it); the others are buttons. */
export type NoticeActionId = 'approve' | 'deny' | 'review';
export type NoticeActivation = NoticeActionId | 'default';

export interface NoticeAction {
  id: NoticeActionId;
  label: string;
}

export interface Notice {
  /** The approval's id for approvals; the kind for the others (a newer one of a kind replaces the older). */
  key: string;
  title: string;
  body: string;
  /** Buttons, in the order shown. Empty for notices that only inform. */
  actions: NoticeAction[];
  /** Set on approvals: clicking the body opens the window on it. */
  approvalId?: string;
  /** The hash of the arguments this notice describes; an Approve from it is bound to these. */
  argsHash?: string;
  urgency: 'normal' | 'critical';
  /** Stays until withdrawn (an approval lives until it is decided), instead of the OS' timeout. */
  sticky: boolean;
}

/** Quote currencies the inline-approve threshold (in USD) can be compared with without an exchange rate. */
/** Tools that can put money at risk; without a computed notional they are never approved inline. */
const VALUE_TOOLS = new Set(['add_order', 'amend_order']);

/**
 * Whether a notification (or the tray) may approve this call in one click: only when the human
 * could read exactly what will be sent, and what it is worth is known and under the user's
 * threshold. Everything else is reviewed in the window first (blind-signing rule).
 */
export function inlineApprovable(pending: PendingApproval, settings: Pick<Settings, 'inlineApproveMaxUsd'>): boolean {
  const { summary } = pending;
  // An unusual order asks for a typed confirmation, a blocked one cannot be approved: neither in one click.
  if (!summary.readable || (pending.risk && pending.risk.tier !== 'normal')) return false;
  if (!summary.notional) return !VALUE_TOOLS.has(pending.tool);
  const worth = worthUsd(summary);
  return worth !== undefined && worth < settings.inlineApproveMaxUsd;
}

/** "2:00": minutes and seconds left, rounded up so a fresh 120 s approval reads 2:00. */
export function formatRemaining(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Who asked, as shown: the MCP client's name when it gave one. */
export function requester(pending: Pick<PendingApproval, 'client'>): string {
  return pending.client ? inert(pending.client, INERT_LIMITS.name) : 'Agent';
}

/**
 * "Agent wants to buy 0.10 XBT/USD, limit 50 000 USD — about 5 000 USD · expires in 2:00", with
 * Approve and Deny when it may be approved inline, else Review (opens the window) and Deny.
 */
export function approvalNotice(pending: PendingApproval, settings: Pick<Settings, 'inlineApproveMaxUsd'>, now: number = Date.now(), canApproveHere = true): Notice {
  const inline = canApproveHere && inlineApprovable(pending, settings);
  const parts = [`${requester(pending)} wants to ${lowerFirst(inert(pending.summary.headline))}`];
  // An order quoted in XBT, EUR or JPY: what it counts as against the caps (the headline has its own quote).
  const { worth, notional } = pending.summary;
  if (worth && !worth.firesAtOnce && notional?.currency !== worth.currency) parts.push(inert(`counts as ≈ ${formatMoney(worth.value)} ${worth.currency} (${worth.basis})`, INERT_LIMITS.line));
  if (pending.risk?.tier === 'blocked') parts.push(inert(`cannot be approved: ${pending.risk.reasons.join('; ')}`, INERT_LIMITS.line));
  else if (pending.risk?.tier === 'unusual') parts.push(inert(`unusual: ${pending.risk.reasons.join('; ')}`, INERT_LIMITS.line));
  if (!canApproveHere) parts.push(`approving needs your authenticator code: kraken-gate approve ${pending.id} --code …`);
  else if (!inline && pending.summary.readable && pending.summary.notional && !pending.risk?.reasons.length) {
    parts.push(`over your ${formatMoney(settings.inlineApproveMaxUsd)} USD one-click limit: review it`);
  }
  parts.push(`expires in ${formatRemaining(Date.parse(pending.expiresAt) - now)}`);
  return {
    key: pending.id,
    title: 'Kraken Gate: approval needed',
    body: parts.join(' · '),
    actions: inline
      ? [{ id: 'approve', label: 'Approve' }, { id: 'deny', label: 'Deny' }]
      : [{ id: 'review', label: 'Review' }, { id: 'deny', label: 'Deny' }],
    approvalId: pending.id,
    argsHash: pending.argsHash,
    urgency: 'critical',
    sticky: true,
  };
}

/** Where to decide when the notifier shows no buttons: the notice still tells what is waiting. */
export function withoutButtons(notice: Notice): Notice {
  if (!notice.approvalId || notice.actions.length === 0) return notice;
  return { ...notice, actions: [], body: `${notice.body} · decide in the Kraken Gate tray menu or with: kraken-gate approve ${notice.approvalId}` };
}

export function pauseNotice(paused: boolean): Notice {
  return paused
    ? { key: 'pause', title: 'Kraken Gate: trading paused', body: 'New orders and amendments are refused until you resume; cancelling orders still works.', actions: [], urgency: 'normal', sticky: false }
    : { key: 'pause', title: 'Kraken Gate: trading resumed', body: 'Orders go through your rules again.', actions: [], urgency: 'normal', sticky: false };
}

export function upstreamDownNotice(upstream: UpstreamStatus, downForMs: number): Notice {
  const why = upstream.lastError ? `: ${inert(upstream.lastError)}` : '';
  return {
    key: 'upstream',
    title: 'Kraken Gate: upstream down',
    body: `${inert(upstream.command)} has not been ready for ${Math.round(downForMs / 1000)} s${why}. Agents' calls wait until it is back.`,
    actions: [],
    urgency: 'normal',
    sticky: false,
  };
}

export function toolChangedNotice(tools: readonly string[]): Notice {
  const names = tools.map((t) => inert(t, INERT_LIMITS.name)).join(', ');
  return {
    key: 'tools',
    title: 'Kraken Gate: a tool changed upstream',
    body: `The upstream changed the definition of ${names}. Calls to it are blocked until you accept it (Kraken Gate window, or: kraken-gate tools accept NAME).`,
    actions: [],
    urgency: 'normal',
    sticky: false,
  };
}

/** An edit on disk that loosens the rules (or riskier settings) waits for the person: it is not in force. */
export function stagedNotice(what: 'rules' | 'settings', lines: readonly string[]): Notice {
  const file = what === 'rules' ? 'policy.json' : 'settings.json';
  const shown = lines.slice(0, 3).map((line) => inert(line, INERT_LIMITS.line)).join('; ');
  return {
    key: `staged-${what}`,
    title: `Kraken Gate: ${file} edited to let more through`,
    body: `Not in force until you apply it (kraken-gate rules diff): ${shown}${lines.length > 3 ? ` … ${lines.length - 3} more` : ''}`,
    actions: [],
    urgency: 'critical',
    sticky: false,
  };
}
