// What the paired Telegram chat reads: a held call as a card (design rule 2's order: what, how much,
// where, worth, market, exchange, who asked, which rule, time left), its buttons, the receipt it
// becomes, and the answers to /status and /help. Plain text (no parse_mode): nothing an agent wrote
// can turn into markup, and every agent- or upstream-made string here is inert already.
import type { Exchange, LogRecord, PendingApproval, Status } from '../../preload/api.js';
import { describeExchange } from '../../preload/api.js';
import { decisionWord } from '../../preload/decision-words.js';
import { formatClock } from '../../preload/clock.js';
import { formatMoney } from '../../preload/number-format.js';
import { inert } from '../gate/text/inert.js';
import { formatRemaining, requester } from '../notify/notice.js';
import { cardButton, type CardVerb } from './buttons.js';

/** Telegram refuses messages over 4096 characters; a card stays well under, cut with a mark if not. */
export const MESSAGE_LIMIT = 4000;

export type InlineKeyboard = Array<Array<{ text: string; callback_data: string }>>;

export interface PhoneMessage {
  text: string;
  keyboard?: InlineKeyboard;
}

/** Why the phone offers no Approve for this call, or undefined when it does. */
export type OnComputerWhy = string | undefined;

const BUTTON_TEXT: Record<CardVerb, string> = { approve: 'Approve', deny: 'Deny', 'deny-pause': 'Deny & pause trading', 'on-computer': 'Approve on your computer' };

function bounded(text: string): string {
  return text.length <= MESSAGE_LIMIT ? text : `${text.slice(0, MESSAGE_LIMIT - 1)}…`;
}

function button(verb: CardVerb, pending: PendingApproval): { text: string; callback_data: string } {
  return { text: BUTTON_TEXT[verb], callback_data: cardButton(verb, pending.id, pending.argsHash) };
}

/** The card of a held call; `onComputer` says why Approve is not offered here (over the phone limit, unusual…). */
export function cardMessage(pending: PendingApproval, exchange: Exchange, onComputer: OnComputerWhy, now: number): PhoneMessage {
  const lines = [`Approval needed · ${pending.id}`, `${requester(pending)} wants to: ${pending.summary.headline}`];
  if (pending.risk?.tier === 'blocked') lines.push(`BLOCKED: ${pending.risk.reasons.join('; ')}`);
  else if (pending.risk?.tier === 'unusual') lines.push(`UNUSUAL: ${pending.risk.reasons.join('; ')}`);
  lines.push('');
  // The summary's fields are in the card's order already; Mode becomes the exchange line below.
  for (const field of pending.summary.fields) if (field.label !== 'Mode') lines.push(`${field.label}: ${field.value}`);
  const mode = pending.summary.fields.find((field) => field.label === 'Mode');
  lines.push(`Exchange: ${mode && !mode.value.startsWith('REAL') ? mode.value : describeExchange(exchange)}`);
  lines.push(`Agent: ${requester(pending)}`);
  if (pending.rule) lines.push(`Held by: ${pending.rule.ruleId ? `${pending.rule.ruleId}, ` : ''}${pending.rule.id}${pending.rule.reason ? ` (${pending.rule.reason})` : ''}`);
  const expires = Date.parse(pending.expiresAt);
  lines.push(`Time left: ${formatRemaining(expires - now)} (until ${formatClock(new Date(expires))})`);
  if (onComputer) lines.push('', `Approve on your computer: ${onComputer}.`);
  const first = onComputer ? [button('on-computer', pending)] : [button('approve', pending), button('deny', pending)];
  const keyboard = onComputer ? [first, [button('deny', pending), button('deny-pause', pending)]] : [first, [button('deny-pause', pending)]];
  return { text: bounded(lines.join('\n')), keyboard };
}

const BY: Record<string, string> = {
  telegram: 'by you (Telegram)',
  window: 'in the window',
  web: 'in the web page',
  cli: 'from the command line',
  notification: 'from a notification',
  tray: 'from the tray menu',
};

/** The first line of a receipt, the moment a call is decided (before the exchange answered). */
export function decidedLine(decision: string, by: string, at: Date): string {
  const time = formatClock(at);
  const who = BY[by];
  switch (decision) {
    case 'approved':
    case 'approved-with-changes':
      return `${decision === 'approved' ? 'Approved' : 'Approved with changes'} ${who ?? `by ${by}`} ${time}: sending to the exchange…`;
    case 'rejected':
      return who ? `Denied ${who} ${time}` : `Denied by a rule ${time}`;
    case 'expired':
      return `Expired ${time}: nobody decided in time`;
    case 'cancelled':
      return by === 'shutdown' || by === 'restart' ? `Withdrawn ${time}: Kraken Gate stopped` : `Withdrawn ${time}: the agent left`;
    default:
      return `${inert(decision)} ${time}`;
  }
}

/** The receipt once the call log has its record: the words every surface uses, and the exchange's answer. */
export function receiptLine(record: LogRecord): string {
  const word = decisionWord(record);
  const time = formatClock(new Date(record.ts));
  const who = BY[record.decidedBy];
  if (word === 'Expired') return `Expired ${time}: nobody decided in time`;
  if (word === 'Withdrawn') return record.decidedBy === 'client' ? `Withdrawn ${time}: the agent left` : `Withdrawn ${time}: Kraken Gate stopped`;
  const head = word === 'Denied by you' ? `Denied ${who ?? ''}`.trim() : word.startsWith('Approved') && who ? `${word} ${who}` : word;
  const result =
    record.txid !== undefined
      ? ` — txid ${record.txid}`
      : record.outcome.status === 'error'
        ? ` — the exchange refused it: ${record.outcome.message ?? 'no reason given'}`
        : record.outcome.status === 'unknown'
          ? ' — it may have been placed: check open orders'
          : word.startsWith('Approved') && record.outcome.status === 'not-forwarded'
            ? ` — not sent: ${record.reason ?? 'refused before it left'}`
            : '';
  return `${head} ${time}${result}`;
}

/** A decided card: the receipt on top, what was asked below, no buttons (a tap can no longer count). */
export function receiptMessage(line: string, pending: Pick<PendingApproval, 'id' | 'summary' | 'client'>): PhoneMessage {
  return { text: bounded(`${line}\n\n${pending.id} · ${requester(pending)}: ${pending.summary.headline}`) };
}

export function statusMessage(status: Status, today: { used: number | undefined; cap: number | undefined; currency: string }): string {
  const lines = [
    status.paused ? 'Trading: PAUSED (orders are refused; /resume lifts it)' : 'Trading: active',
    `Waiting for you: ${status.pending}${status.pending > 0 ? ' (/pending)' : ''}`,
    `Exchange: ${describeExchange(status.upstream.exchange)}${status.upstream.state === 'ready' ? '' : ` (${status.upstream.state})`}`,
  ];
  const used = today.used === undefined ? 'counted in another currency' : `${formatMoney(today.used)} ${today.currency}`;
  lines.push(today.cap === undefined ? `Today: ${used} of real orders (no daily cap)` : `Today: ${used} of the ${formatMoney(today.cap)} ${today.currency} daily cap`);
  return lines.join('\n');
}

export const HELP_TEXT = [
  'Kraken Gate asks you here about orders your agents want to place.',
  '/pending: the calls waiting for you, with their buttons',
  '/status: paused or not, what waits, today against the cap',
  '/pause: refuse every new order at once',
  '/resume: let orders through your rules again (asks to confirm)',
].join('\n');

export const STRANGER_TEXT = 'This bot answers only the Telegram account it is paired with. Nothing you send here reaches it.';
