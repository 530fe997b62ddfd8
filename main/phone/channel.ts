// main/phone/: approvals from the person's phone, through a Telegram bot the gateway reaches by long
// polling (nothing exposed to the internet). Held calls become messages with buttons in the paired
// chat; a tap decides through the same contract every surface uses, bound to the `telegram` caller.
// Only the paired account, in its private chat, is obeyed; everyone else gets one polite refusal and
// a record. The channel runs beside the others: Telegram slow or down delays nothing but itself.
// May import the core (main/gate), the contract and main/notify's pure notice rules.
import { randomBytes } from 'node:crypto';
import type { Exchange, GateApi, GateEvent, LogRecord, PendingApproval, PhoneStatus, Settings } from '../../preload/api.js';
import type { Disposer, Event } from '../gate/events.js';
import type { HumanAction } from '../gate/calllog/human-action.js';
import type { PairStart, PhoneControl } from '../gate/api/phone-methods.js';
import type { PhoneVault } from '../gate/presence/vault.js';
import { inert, INERT_LIMITS } from '../gate/text/inert.js';
import { formatMoney } from '../../preload/number-format.js';
import { inlineApprovable } from '../notify/notice.js';
import { failureReason, telegramBotApi, type BotApi, type BotApiOptions, type Update } from './bot-api.js';
import { parseButton, resumeButton, sameArguments } from './buttons.js';
import { PairingCode } from './pairing-code.js';
import { Outbox } from './outbox.js';
import { Poller } from './poller.js';
import { cardMessage, decidedLine, HELP_TEXT, receiptLine, receiptMessage, statusMessage, STRANGER_TEXT, type PhoneMessage } from './phone-text.js';

/** Where the bot's token and the pairing are kept: the presence vault (OS keychain in the app). */
export interface PhoneStore {
  readonly phone: PhoneVault | undefined;
  savePhone(phone: PhoneVault | undefined): void;
}

/** What the channel needs of a running gate: the contract as the `telegram` caller, and its events. */
export interface PhoneSource {
  api: Pick<GateApi, 'approve' | 'deny' | 'pause' | 'resume' | 'pending' | 'status' | 'settings'>;
  events: Event<GateEvent>;
  exchange(): Exchange;
  today(): { used: number | undefined; cap: number | undefined; currency: string };
  record(action: HumanAction): Promise<void>;
  /** The phone's state changed: surfaces show it in the status. */
  announce(): void;
}

export interface PhoneChannelOptions {
  store: PhoneStore;
  /** grammY's client by default; the tests point it at a stand-in through apiRoot. */
  connect?: (token: string, options: BotApiOptions) => BotApi;
  pollTimeoutS?: number;
  firstBackoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

interface Card {
  pending: PendingApproval;
  messages: number[];
  /** Set once decided: the buttons are gone and only the receipt changes. */
  receipt?: string;
  /** An edit waits in the outbox: it reads the card as it is when its turn comes. */
  editQueued?: boolean;
  /** What the messages say now, so an edit into the same text is not sent. */
  shown?: string;
}

const RESUME_CONFIRM_MS = 2 * 60_000;
const STRANGER_RECORD_MS = 60_000;
const MAX_STRANGERS_KEPT = 1000;

export class PhoneChannel implements PhoneControl {
  private source: PhoneSource | undefined;
  private bot: BotApi | undefined;
  private poller: Poller | undefined;
  private botName: string | undefined;
  private online: { state: 'online' | 'offline'; since: number; reason?: string } | undefined;
  /** A card could not be sent: it goes out at the next poll Telegram answers. */
  private unsent = false;
  private connectedAt = 0;
  private readonly pairing: PairingCode;
  private readonly cards = new Map<string, Card>();
  private readonly resumeNonces = new Map<string, number>();
  private readonly strangers = new Map<number, number>();
  private disposers: Disposer[] = [];
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly outbox: Outbox;

  constructor(private readonly options: PhoneChannelOptions) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((line) => console.error(line));
    this.pairing = new PairingCode(this.now);
    this.outbox = new Outbox((error) => this.log(`phone: could not update a message (${failureReason(error)})`));
  }

  /** A message to the person, ahead of receipts waiting to be sent. */
  private say(chatId: number, text: string, keyboard?: PhoneMessage['keyboard']): Promise<{ messageId: number }> {
    const bot = this.bot!;
    return this.outbox.now(() => bot.send(chatId, text, keyboard));
  }

  /** Starts listening to the gate and, when a bot is set up, polling Telegram. */
  attach(source: PhoneSource): void {
    this.source = source;
    this.disposers.push(source.events((event) => this.onEvent(event)));
    this.connect();
  }

  async stop(): Promise<void> {
    for (const dispose of this.disposers.splice(0)) dispose();
    await this.poller?.stop();
    this.poller = undefined;
  }

  status(): PhoneStatus {
    const phone = this.options.store.phone;
    if (!phone) return { state: 'off' };
    const base = {
      ...(this.botName && { bot: `@${this.botName}` }),
      ...(phone.apiRoot && { apiRoot: phone.apiRoot }),
      ...(this.pairing.waitingUntil !== undefined && { pairingUntil: new Date(this.pairing.waitingUntil).toISOString() }),
    };
    if (!phone.paired) return { state: 'not-paired', ...base };
    const online: { state: PhoneStatus['state']; since: number; reason?: string } = this.online ?? { state: 'connecting', since: this.connectedAt };
    return { state: online.state, ...base, pairedWith: phone.paired.name, since: new Date(online.since).toISOString(), ...(online.reason && { reason: online.reason }) };
  }

  async setup(token: string, apiRoot: string | undefined): Promise<{ ok: boolean; message: string }> {
    const bot = this.makeBot(token, apiRoot);
    let me: { username: string };
    try {
      me = await bot.getMe(AbortSignal.timeout(15_000));
    } catch (error) {
      return { ok: false, message: `Telegram did not accept this bot token (${failureReason(error)}). Nothing was changed.` };
    }
    await this.poller?.stop();
    this.poller = undefined;
    // A new bot starts unpaired: the old account paired with another bot.
    this.options.store.savePhone({ token, ...(apiRoot && { apiRoot }) });
    this.cards.clear();
    this.connect(bot, me.username);
    return { ok: true, message: `The bot @${me.username} is set up. Now pair your phone: \`kraken-gate phone pair\`, or Settings → Phone.` };
  }

  async pair(): Promise<PairStart> {
    if (!this.options.store.phone || !this.bot) return { ok: false, message: 'Set up a Telegram bot first (`kraken-gate phone setup`, or Settings → Phone).' };
    const issued = this.pairing.issue();
    const bot = this.botName ? `@${this.botName}` : 'your bot';
    return {
      ok: true,
      pairCode: issued.code,
      expiresAt: new Date(issued.expiresAt).toISOString(),
      bot,
      message: `Send /pair ${issued.code} to ${bot} from your own Telegram account within 10 minutes. Only that account will be obeyed.`,
    };
  }

  async unpair(forgetBot: boolean): Promise<{ ok: boolean; message: string }> {
    const phone = this.options.store.phone;
    if (!phone) return { ok: true, message: 'No phone was set up.' };
    this.pairing.cancel();
    this.cards.clear();
    if (forgetBot) {
      await this.poller?.stop();
      this.poller = undefined;
      this.bot = undefined;
      this.botName = undefined;
      this.options.store.savePhone(undefined);
      this.source?.announce();
      return { ok: true, message: 'The phone channel is off: the bot token is forgotten.' };
    }
    this.options.store.savePhone({ token: phone.token, ...(phone.apiRoot && { apiRoot: phone.apiRoot }) });
    this.source?.announce();
    return { ok: true, message: 'Unpaired: the Telegram account is no longer obeyed. Pair again with `kraken-gate phone pair`.' };
  }

  private makeBot(token: string, apiRoot: string | undefined): BotApi {
    const options = { ...(apiRoot && { apiRoot }), timeoutSeconds: (this.options.pollTimeoutS ?? 25) + 15 };
    return (this.options.connect ?? telegramBotApi)(token, options);
  }

  private connect(bot?: BotApi, name?: string): void {
    const phone = this.options.store.phone;
    if (!phone || !this.source) return;
    this.bot = bot ?? this.makeBot(phone.token, phone.apiRoot);
    this.botName = name;
    this.online = undefined;
    this.connectedAt = this.now();
    const poller = new Poller(this.bot, {
      pollTimeoutS: this.options.pollTimeoutS,
      firstBackoffMs: this.options.firstBackoffMs,
      maxBackoffMs: this.options.maxBackoffMs,
      onUpdate: (update) => this.onUpdate(update),
      onState: (online, reason) => this.onState(online, reason),
      log: this.log,
    });
    this.poller = poller;
    poller.start();
    if (!name) this.bot.getMe(AbortSignal.timeout(15_000)).then((me) => (this.botName = me.username), () => undefined);
    this.source.announce();
  }

  private onState(online: boolean, reason?: string): void {
    const state = online ? 'online' : 'offline';
    if (online && this.unsent) {
      this.unsent = false;
      void this.sendWaiting();
    }
    if (this.online?.state === state && this.online.reason === reason) return;
    const wasOnline = this.online?.state === 'online';
    this.online = { state, since: this.now(), ...(reason && { reason }) };
    this.log(online ? 'phone: Telegram reached' : `phone: offline (${reason ?? 'unknown'})`);
    this.source?.announce();
    // Back online: the calls that waited meanwhile get their card.
    if (online && !wasOnline) void this.sendWaiting();
  }

  private get paired(): NonNullable<PhoneVault['paired']> | undefined {
    return this.options.store.phone?.paired;
  }

  private onEvent(event: GateEvent): void {
    switch (event.type) {
      case 'pending-added':
        void this.sendCard(event.pending);
        return;
      case 'pending-updated':
        this.refreshCard(event.pending);
        return;
      case 'pending-decided':
        this.decided(event.id, decidedLine(event.decision, event.by, new Date(this.now())));
        return;
      case 'record-appended':
        if (event.record.approvalId) this.recorded(event.record);
        return;
      default:
        return;
    }
  }

  private async cardFor(pending: PendingApproval): Promise<PhoneMessage> {
    const source = this.source!;
    const { settings } = await source.api.settings({});
    return cardMessage(pending, source.exchange(), onComputerWhy(pending, settings), this.now());
  }

  private async sendCard(pending: PendingApproval, always = false): Promise<void> {
    const paired = this.paired;
    if (!paired || !this.bot) return;
    const card = this.cards.get(pending.id) ?? { pending, messages: [] };
    if (card.messages.length > 0 && !always) return;
    this.cards.set(pending.id, card);
    try {
      const message = await this.cardFor(pending);
      const sent = await this.say(paired.chatId, message.text, message.keyboard);
      card.messages.push(sent.messageId);
      card.shown = message.text;
      // Decided while it was on its way: it becomes the receipt.
      if (card.receipt) this.editAll(card);
    } catch (error) {
      this.unsent = true;
      this.log(`phone: could not send ${pending.id} (${failureReason(error)}); it will be sent when Telegram answers again`);
    }
  }

  private async sendWaiting(): Promise<void> {
    if (!this.paired || !this.source) return;
    for (const pending of await this.source.api.pending({})) if (!this.cards.get(pending.id)?.messages.length) await this.sendCard(pending);
  }

  private refreshCard(pending: PendingApproval): void {
    const card = this.cards.get(pending.id);
    if (!card || card.receipt) return;
    card.pending = pending;
    this.editAll(card);
  }

  private decided(id: string, line: string): void {
    const card = this.cards.get(id);
    if (!card || card.receipt) return;
    card.receipt = line;
    this.editAll(card);
  }

  private recorded(record: LogRecord): void {
    const card = this.cards.get(record.approvalId!);
    if (!card) return;
    this.cards.delete(record.approvalId!);
    card.receipt = receiptLine(record);
    this.editAll(card);
  }

  /**
   * Brings the card's messages up to date (re-priced, or its receipt), after anything urgent. One
   * edit waits per card at most, and it reads the card when its turn comes: a receipt that changed
   * twice meanwhile is sent once, as it is last.
   */
  private editAll(card: Card): void {
    if (card.editQueued || card.messages.length === 0) return;
    card.editQueued = true;
    this.outbox.soon(async () => {
      card.editQueued = false;
      const paired = this.paired;
      const bot = this.bot;
      if (!paired || !bot) return;
      const message = card.receipt ? receiptMessage(card.receipt, card.pending) : await this.cardFor(card.pending);
      if (message.text === card.shown) return;
      for (const id of card.messages) await bot.edit(paired.chatId, id, message.text, message.keyboard);
      card.shown = message.text;
    });
  }

  private async onUpdate(update: Update): Promise<void> {
    if (update.callback_query) return this.onTap(update.callback_query);
    const message = update.message;
    if (!message?.text || !message.from) return;
    const text = message.text.trim();
    const pairCommand = /^\/pair(?:@\w+)?\s+(\S+)\s*$/i.exec(text);
    if (pairCommand) return this.onPair(message.from, message.chat, pairCommand[1]!);
    const paired = this.paired;
    if (!paired || message.from.id !== paired.userId || message.chat.id !== paired.chatId) return this.onStranger(message.from, message.chat.id, 'message');
    await this.onCommand(text.split(/\s|@/)[0]!.toLowerCase(), paired.chatId);
  }

  private async onCommand(command: string, chatId: number): Promise<void> {
    const { api } = this.source!;
    switch (command) {
      case '/pending': {
        const pending = await api.pending({});
        if (pending.length === 0) return void (await this.say(chatId, 'Nothing is waiting for you.'));
        for (const call of pending) await this.sendCard(call, true);
        return;
      }
      case '/status':
        return void (await this.say(chatId, statusMessage(await api.status({}), this.source!.today())));
      case '/pause': {
        const after = await api.pause({});
        return void (await this.say(chatId, after.changed === false ? 'Trading was paused already.' : 'Trading is PAUSED: new orders are refused until you resume (/resume). Cancelling orders still works.'));
      }
      case '/resume': {
        const status = await api.status({});
        if (!status.paused) return void (await this.say(chatId, 'Trading is not paused.'));
        const nonce = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');
        this.resumeNonces.set(nonce, this.now() + RESUME_CONFIRM_MS);
        return void (await this.say(chatId, 'Resume trading? Orders go through your rules again.', [[{ text: 'Yes, resume trading', callback_data: resumeButton(nonce) }]]));
      }
      default:
        return void (await this.say(chatId, HELP_TEXT));
    }
  }

  private async onPair(from: TelegramUser, chat: { id: number; type: string }, code: string): Promise<void> {
    if (chat.type !== 'private') return void (await this.say(chat.id, 'Pair in a private chat with this bot, not in a group.'));
    const claim = this.pairing.claim(code);
    const name = userName(from);
    if (!claim.ok) {
      const why = claim.reason === 'expired' ? 'that code has expired' : claim.reason === 'none' ? 'no pairing was asked for' : 'that is not the code';
      await this.source!.record({ action: 'phone-pair', channel: 'telegram', refused: `a pairing code was refused: ${why}`, detail: { from: name, userId: from.id } });
      return void (await this.say(chat.id, `Not paired: ${why}. Ask Kraken Gate for a new code (\`kraken-gate phone pair\`, or Settings → Phone).`));
    }
    const phone = this.options.store.phone!;
    this.options.store.savePhone({ ...phone, paired: { userId: from.id, chatId: chat.id, name, at: new Date(this.now()).toISOString() } });
    this.cards.clear();
    await this.source!.record({ action: 'phone-paired', channel: 'telegram', proof: 'code', detail: { name, userId: from.id } });
    this.source!.announce();
    await this.say(chat.id, `Paired with ${name}. Held orders will be asked here.\n\n${HELP_TEXT}`);
    await this.sendWaiting();
  }

  private async onStranger(from: TelegramUser, chatId: number, what: 'message' | 'tap'): Promise<void> {
    const last = this.strangers.get(from.id);
    const now = this.now();
    if (last !== undefined && now - last < STRANGER_RECORD_MS) return;
    const first = last === undefined;
    // Anyone can write to a bot: a crowd of strangers must not grow this without end.
    if (this.strangers.size >= MAX_STRANGERS_KEPT) this.strangers.clear();
    this.strangers.set(from.id, now);
    await this.source!.record({ action: 'phone-stranger', channel: 'telegram', refused: `a ${what} from ${userName(from)}, who is not the paired account`, detail: { from: userName(from), userId: from.id } });
    // One polite answer per stranger: the bot does not become a chat partner.
    if (first && what === 'message') await this.say(chatId, STRANGER_TEXT).catch(() => undefined);
  }

  private async onTap(query: NonNullable<Update['callback_query']>): Promise<void> {
    const bot = this.bot!;
    const paired = this.paired;
    const answer = (text: string, alert = false) => bot.answer(query.id, text, alert).catch((error: unknown) => this.log(`phone: could not answer a tap (${failureReason(error)})`));
    if (!paired || query.from.id !== paired.userId || query.message?.chat.id !== paired.chatId) {
      await answer(STRANGER_TEXT, true);
      return this.onStranger(query.from, query.message?.chat.id ?? query.from.id, 'tap');
    }
    const button = parseButton(query.data);
    const refuse = async (why: string, id?: string) => {
      await answer(why, true);
      await this.source!.record({ action: 'phone-tap', channel: 'telegram', refused: why, detail: { ...(id && { id }), button: inert(query.data ?? '', INERT_LIMITS.name) } });
    };
    if (!button) return refuse('That button is not one of this Kraken Gate’s.');
    if (button.kind === 'resume') return this.onResumeTap(button.nonce, answer, refuse);
    const { api } = this.source!;
    const pending = (await api.pending({})).find((call) => call.id === button.id);
    if (!pending) {
      // Decided elsewhere, expired or withdrawn: deny answers how it ended, and decides nothing.
      const result = await api.deny({ id: button.id });
      return refuse(result.ok ? `${button.id} is no longer waiting.` : result.message, button.id);
    }
    if (!sameArguments(button.hash, pending.argsHash)) return refuse(`The order ${pending.id} is not the one this message showed; nothing was decided.`, pending.id);
    if (button.verb === 'on-computer') return void (await answer(`Approve ${pending.id} on your computer: the Kraken Gate window, or \`kraken-gate approve ${pending.id}\`.`, true));
    if (button.verb === 'approve') {
      const { settings } = await api.settings({});
      const why = onComputerWhy(pending, settings);
      if (why) return refuse(`Not approved from the phone: ${why}. Approve it on your computer.`, pending.id);
      const result = await api.approve({ id: pending.id, argsHash: pending.argsHash });
      if (!result.ok) return refuse(result.message, pending.id);
      return void (await answer(`Approved ${pending.id}.`));
    }
    const denied = await api.deny({ id: pending.id, reason: 'denied from Telegram' });
    if (!denied.ok) return refuse(denied.message, pending.id);
    if (button.verb === 'deny-pause') {
      await api.pause({});
      return void (await answer(`Denied ${pending.id}; trading is PAUSED.`));
    }
    await answer(`Denied ${pending.id}.`);
  }

  private async onResumeTap(nonce: string, answer: (text: string) => Promise<unknown>, refuse: (why: string) => Promise<void>): Promise<void> {
    const until = this.resumeNonces.get(nonce);
    this.resumeNonces.delete(nonce);
    if (until === undefined || this.now() > until) return refuse('That confirmation is used or too old; send /resume again.');
    const after = await this.source!.api.resume({});
    await answer(after.paused ? 'Trading is still paused.' : 'Trading resumed: orders go through your rules again.');
    await this.say(this.paired!.chatId, after.paused ? 'Trading is still paused.' : 'Trading resumed.').catch(() => undefined);
  }
}

interface TelegramUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
}

/** "Alice (@alice)", inert: a Telegram name is anyone's to choose. */
function userName(user: TelegramUser): string {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ');
  return inert(user.username ? `${name} (@${user.username})` : `${name} (id ${user.id})`, INERT_LIMITS.name);
}

/** Why this call is not approved with one tap on the phone (the notification's rule, with the phone's limit). */
export function onComputerWhy(pending: PendingApproval, settings: Pick<Settings, 'phoneApproveMaxUsd'>): string | undefined {
  if (pending.risk?.tier === 'blocked') return 'the account cannot pay it';
  if (pending.risk?.tier === 'unusual') return 'it is unusual and needs a typed confirmation';
  if (!pending.summary.readable) return 'its arguments could not be put into words';
  if (inlineApprovable(pending, { inlineApproveMaxUsd: settings.phoneApproveMaxUsd })) return undefined;
  return pending.summary.notional || pending.summary.worth ? `over your ${formatMoney(settings.phoneApproveMaxUsd)} USD phone limit` : 'its worth is not known';
}

