// The Bot API stand-in (test/fixtures/telegram) driven by the real grammY client, so that the phone
// channel's tests rest on a stand-in that grammY and Telegram's documented protocol agree with.
// Nothing here sleeps: waits are on the stand-in's events and on grammY's own promises.
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, GrammyError, HttpError, InlineKeyboard } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBotApiStandIn, type BotApiStandIn, type TelegramUser } from '../fixtures/telegram/bot-api-standin.js';

const TOKEN = '7000000001:AAF-standInTokenForTests_0123456789ab';
const alice: TelegramUser = { id: 1001, first_name: 'Alice', username: 'alice' };
const mallory: TelegramUser = { id: 1002, first_name: 'Mallory' };

let standIn: BotApiStandIn;

beforeEach(async () => {
  standIn = await startBotApiStandIn({ token: TOKEN, knownUsers: [alice] });
});

afterEach(async () => {
  await standIn.close();
});

function botFor(token = TOKEN, options: { timeoutSeconds?: number } = {}): Bot {
  return new Bot(token, { client: { apiRoot: standIn.url, ...options } });
}

/** grammY types its signal parameter with the abort-controller package's class; Node's is the same at run time. */
const signalOf = (controller: AbortController) => controller.signal as unknown as Parameters<Bot['api']['getMe']>[0];

const keyboard = (id: string): InlineKeyboard => new InlineKeyboard().text('Approve', `a:${id}`).text('Deny', `d:${id}`);

/** The rejection of a promise that must fail. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => {
    throw new Error('expected the call to fail');
  }, (error: unknown) => error);
}

describe('the Bot API stand-in, through grammY', () => {
  it('listens on 127.0.0.1 and answers getMe with the bot whose id starts the token', async () => {
    expect(standIn.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const me = await botFor().api.getMe();
    expect(me).toMatchObject({ id: 7000000001, is_bot: true, username: 'kraken_gate_test_bot', can_join_groups: true });
  });

  it('answers a wrong token 401 Unauthorized and an unknown method 404 Not Found', async () => {
    const wrong = await failure(botFor('7000000001:not-the-secret').api.getMe());
    expect(wrong).toBeInstanceOf(GrammyError);
    expect(wrong).toMatchObject({ error_code: 401, description: 'Unauthorized' });

    const raw = botFor().api.raw as unknown as Record<string, (payload: object) => Promise<unknown>>;
    expect(await failure(raw.sendRocketToMoon!({}))).toMatchObject({ error_code: 404, description: 'Not Found' });
    expect(standIn.calls.map((call) => call.outcome)).toEqual([
      { status: 401, description: 'Unauthorized' },
      { status: 404, description: 'Not Found' },
    ]);
  });

  it('sends a message with an inline keyboard, parses its HTML, and records the chat it went to', async () => {
    const bot = botFor();
    const message = await bot.api.sendMessage(alice.id, 'Held: <b>buy 0.1 BTC</b> &lt;limit&gt;', { parse_mode: 'HTML', reply_markup: keyboard('K7Q2') });

    expect(message).toMatchObject({ chat: { id: alice.id, type: 'private' }, from: { id: 7000000001, is_bot: true }, text: 'Held: buy 0.1 BTC <limit>' });
    expect(message.entities).toEqual([{ type: 'bold', offset: 6, length: 11 }]);
    expect(message.reply_markup?.inline_keyboard[0]?.map((button) => button.text)).toEqual(['Approve', 'Deny']);
    const [sent] = standIn.sent;
    expect(sent).toMatchObject({ chatId: alice.id, messageId: message.message_id, text: 'Held: buy 0.1 BTC <limit>', deleted: false, history: [] });
    expect(standIn.calls[0]).toMatchObject({ method: 'sendMessage', params: { chat_id: alice.id, parse_mode: 'HTML' }, outcome: { status: 200 } });
  });

  it('refuses what Telegram refuses: an unknown chat, 4097 characters, 65-byte callback data, broken HTML', async () => {
    const { api } = botFor();
    expect(await failure(api.sendMessage(mallory.id, 'hello'))).toMatchObject({ error_code: 400, description: 'Bad Request: chat not found' });
    expect(await failure(api.sendMessage(alice.id, 'x'.repeat(4097)))).toMatchObject({ description: 'Bad Request: message is too long' });
    await api.sendMessage(alice.id, '€'.repeat(4096));
    const tooMuchData = new InlineKeyboard().text('Approve', 'a'.repeat(65));
    expect(await failure(api.sendMessage(alice.id, 'held', { reply_markup: tooMuchData }))).toMatchObject({ description: 'Bad Request: BUTTON_DATA_INVALID' });
    expect(await failure(api.sendMessage(alice.id, 'limit <50000', { parse_mode: 'HTML' }))).toMatchObject({
      description: 'Bad Request: can\'t parse entities: Unsupported start tag "50000" at byte offset 6',
    });
    expect(standIn.sent).toHaveLength(1);
  });

  it('queues what the person sends, with its command marked, until an offset confirms it', async () => {
    const { api } = botFor();
    const queued = standIn.userSends(mallory, '/pair 493817');
    const updates = await api.getUpdates();
    expect(updates).toEqual([queued]);
    expect(updates[0]?.message).toMatchObject({ text: '/pair 493817', chat: { id: mallory.id, type: 'private' }, from: { id: mallory.id, is_bot: false } });
    expect(updates[0]?.message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 5 }]);
    expect(await api.getUpdates()).toHaveLength(1);
    expect(await api.getUpdates({ offset: queued.update_id + 1 })).toEqual([]);
    expect(standIn.pendingUpdates).toEqual([]);
  });

  it('holds a long poll and answers it as soon as a tap is queued', async () => {
    const { api } = botFor();
    await api.sendMessage(alice.id, 'Held order', { reply_markup: keyboard('K7Q2') });
    const message = await standIn.nextMessage();
    const started = performance.now();
    const poll = api.getUpdates({ timeout: 30 });
    await standIn.waitFor(() => standIn.isPolling);

    const { callbackQueryId } = standIn.userTapsButton(alice, message, 'Approve');
    const [update] = await poll;

    expect(performance.now() - started).toBeLessThan(2000);
    expect(update?.callback_query).toMatchObject({
      id: callbackQueryId,
      data: 'a:K7Q2',
      from: { id: alice.id },
      message: { message_id: message.messageId, chat: { id: alice.id }, text: 'Held order' },
    });
    expect(typeof update?.callback_query?.chat_instance).toBe('string');
  });

  it('answers a long poll [] when its timeout passes', async () => {
    const started = performance.now();
    expect(await botFor().api.getUpdates({ timeout: 1 })).toEqual([]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('ends the older of two long polls with 409 Conflict, as Telegram does, and keeps the newer', async () => {
    const { api } = botFor();
    const first = failure(api.getUpdates({ timeout: 30 }));
    await standIn.waitFor(() => standIn.isPolling);
    const second = api.getUpdates({ timeout: 30 });
    expect(await first).toMatchObject({ error_code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' });
    standIn.userSends(alice, 'hello');
    expect((await second).map((update) => update.message?.text)).toEqual(['hello']);
  });

  it('drops a held poll when the client goes away', async () => {
    const controller = new AbortController();
    const poll = failure(botFor().api.getUpdates({ timeout: 30 }, signalOf(controller)));
    await standIn.waitFor(() => standIn.isPolling);
    controller.abort();
    await poll;
    await standIn.waitFor(() => !standIn.isPolling && standIn.calls[0]?.outcome === 'client-gone');
  });

  it('serves a grammY bot end to end: a command, a reply with buttons, a tap answered and the message edited into a receipt', async () => {
    const bot = botFor();
    bot.command('pair', (ctx) => ctx.reply(`Paired with code ${ctx.match}`, { reply_markup: keyboard('K7Q2') }));
    bot.callbackQuery(/^a:(.+)$/, async (ctx) => {
      await ctx.answerCallbackQuery({ text: 'Approved' });
      await ctx.editMessageText(`Approved by you (Telegram) — ${ctx.match[1]}`);
    });
    const running = bot.start({ timeout: 30 });
    await standIn.waitFor(() => standIn.isPolling);

    standIn.userSends(alice, '/pair 493817');
    const card = await standIn.nextMessage((message) => message.chatId === alice.id);
    expect(card.text).toBe('Paired with code 493817');
    const { callbackQueryId } = standIn.userTapsButton(alice, card, 'Approve');

    await standIn.waitFor(() => card.text.startsWith('Approved by you'));
    expect(card).toMatchObject({ text: 'Approved by you (Telegram) — K7Q2', replyMarkup: undefined });
    expect(card.history).toMatchObject([{ text: 'Paired with code 493817', replyMarkup: { inline_keyboard: [[{ text: 'Approve' }, { text: 'Deny' }]] } }]);
    expect(standIn.answered).toMatchObject([{ callback_query_id: callbackQueryId, text: 'Approved' }]);
    expect(await failure(bot.api.answerCallbackQuery(callbackQueryId))).toMatchObject({
      description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
    });
    expect(standIn.transcript(alice.id)).toBe([
      'Alice: /pair 493817',
      'Kraken Gate (edited): Approved by you (Telegram) — K7Q2',
      'Alice taps [Approve] → toast: Approved',
    ].join('\n'));

    await bot.stop();
    await running;
    expect(standIn.calls.map((call) => call.method)).toEqual(expect.arrayContaining(['getMe', 'deleteWebhook', 'getUpdates', 'sendMessage', 'answerCallbackQuery', 'editMessageText']));
  });

  it('edits as Telegram edits: unchanged is refused, an unknown id is not found, markup alone can change', async () => {
    const { api } = botFor();
    const { message_id: id } = await api.sendMessage(alice.id, 'Held', { reply_markup: keyboard('K7Q2') });
    expect(await failure(api.editMessageText(alice.id, id, 'Held', { reply_markup: keyboard('K7Q2') }))).toMatchObject({
      description: expect.stringMatching(/^Bad Request: message is not modified: /),
    });
    expect(await failure(api.editMessageText(alice.id, id + 40, 'Held'))).toMatchObject({ description: 'Bad Request: message to edit not found' });

    const edited = await api.editMessageReplyMarkup(alice.id, id, { reply_markup: new InlineKeyboard().text('Deny', 'd:K7Q2') });
    expect(edited).toMatchObject({ text: 'Held', reply_markup: { inline_keyboard: [[{ text: 'Deny' }]] } });
    expect(typeof (edited as { edit_date?: number }).edit_date).toBe('number');
    await api.deleteMessage(alice.id, id);
    expect(standIn.sent[0]?.deleted).toBe(true);
    expect(await failure(api.deleteMessage(alice.id, id))).toMatchObject({ description: 'Bad Request: message to delete not found' });
  });

  it('answers 429 with retry_after when asked, which grammY auto-retry waits out before sending once', async () => {
    const bot = botFor();
    standIn.failNext('sendMessage', { code: 429, retryAfter: 1 });
    expect(await failure(bot.api.sendMessage(alice.id, 'held'))).toMatchObject({
      error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 },
    });

    standIn.failNext('sendMessage', { code: 429, retryAfter: 1 });
    bot.api.config.use(autoRetry());
    await bot.api.sendMessage(alice.id, 'held');
    expect(standIn.calls.map((call) => call.outcome)).toEqual([
      { status: 429, description: 'Too Many Requests: retry after 1' },
      { status: 429, description: 'Too Many Requests: retry after 1' },
      { status: 200 },
    ]);
    expect(standIn.sent).toHaveLength(1);
  });

  it('plays Telegram down, behind a failing proxy, slow or hanging, and comes back', async () => {
    const { api } = botFor();
    standIn.setMode('down');
    expect(await failure(api.getMe())).toBeInstanceOf(HttpError);
    standIn.setMode('bad-gateway');
    expect(await failure(api.getMe())).toBeInstanceOf(HttpError);
    expect(standIn.calls.map((call) => call.outcome)).toEqual(['reset', { status: 502, description: 'Bad Gateway' }]);

    standIn.setMode({ slowMs: 150 });
    const started = performance.now();
    await api.getMe();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);

    standIn.setMode('hang');
    const controller = new AbortController();
    const hung = failure(api.sendMessage(alice.id, 'held', {}, signalOf(controller)));
    await standIn.waitFor(() => standIn.calls.length === 4);
    expect(standIn.calls[3]?.method).toBe('sendMessage');
    expect(standIn.calls[3]?.outcome).toBeUndefined();
    controller.abort();
    expect(await hung).toBeInstanceOf(HttpError);
    expect(standIn.sent).toEqual([]);

    standIn.setMode('up');
    await api.sendMessage(alice.id, 'held');
    expect(standIn.sent).toHaveLength(1);
  });

  it('cuts a held poll when Telegram goes down or its proxy fails', async () => {
    const { api } = botFor();
    for (const mode of ['down', 'bad-gateway'] as const) {
      standIn.setMode('up');
      const poll = failure(api.getUpdates({ timeout: 30 }));
      await standIn.waitFor(() => standIn.isPolling);
      standIn.setMode(mode);
      expect(await poll).toBeInstanceOf(HttpError);
      await standIn.waitFor(() => !standIn.isPolling);
    }
  });

  it('can lose an answer after the message went out, so a retrying client can be caught sending twice', async () => {
    const { api } = botFor();
    standIn.failNext('sendMessage', 'lost-answer');
    expect(await failure(api.sendMessage(alice.id, 'held'))).toBeInstanceOf(HttpError);
    expect(standIn.sent.map((message) => message.text)).toEqual(['held']);
  });

  it('reads GET query parameters and form bodies, with method names in any case', async () => {
    const markup = JSON.stringify({ inline_keyboard: [[{ text: 'Approve', callback_data: 'a:1' }]] });
    const query = new URLSearchParams({ chat_id: String(alice.id), text: 'by GET', reply_markup: markup });
    const viaGet = await fetch(`${standIn.url}/bot${TOKEN}/SENDMESSAGE?${query}`);
    expect(await viaGet.json()).toMatchObject({ ok: true, result: { text: 'by GET', reply_markup: { inline_keyboard: [[{ callback_data: 'a:1' }]] } } });

    const viaForm = await fetch(`${standIn.url}/bot${TOKEN}/sendMessage`, { method: 'POST', body: new URLSearchParams({ chat_id: String(alice.id), text: 'by form' }) });
    expect(viaForm.status).toBe(200);
    expect(standIn.sent.map((message) => message.text)).toEqual(['by GET', 'by form']);
  });

  it('keeps the commands, and times a wait out with what it saw', async () => {
    await botFor().api.setMyCommands([{ command: 'pending', description: 'The calls waiting for you' }]);
    expect(standIn.commands).toEqual([{ command: 'pending', description: 'The calls waiting for you' }]);
    await expect(standIn.nextMessage(undefined, 50)).rejects.toThrow(/did not hold within 50 ms \(0 message\(s\) sent; last requests: setMyCommands → 200\)/);
  });
});
