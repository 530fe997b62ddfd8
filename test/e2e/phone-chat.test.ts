// The phone chat as a person sees it (issue 25), end to end: the real gateway and paper exchange, an
// SDK agent, grammY pointed at the Bot API stand-in on 127.0.0.1, and the test playing Alice with
// her phone. What the bot sent is drawn as a Telegram chat (phone-chat-render.ts) in headless
// Chromium and read back as Alice would read it: three moments of one chat, side by side — the card
// as it arrived with its buttons, the same message after her tap (the receipt with the txid), then a
// second order over the phone limit that only the computer can approve. Saved as
// docs/screenshots/phone-chat.png with `npm run screenshots` (KG_SCREENSHOTS=docs), else under
// test-results/screenshots/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotApiStandIn, type BotApiStandIn, type SentMessage, type TelegramUser } from '../fixtures/telegram/bot-api-standin.js';
import { callTool, nextPending, startTestGateway, textOf, type TestGateway } from '../helpers/gateway.js';
import { launchChromium } from './browser.js';
import { escapeHtml, pageSize, renderChatPage, type ChatItem, type ChatPage } from './phone-chat-render.js';
import { SCREENSHOT_DIR } from './window-helpers.js';

const TOKEN = '7012345678:AAHk-test-token-for-the-stand-in_0123';
const BOT_NAME = 'Kraken Gate';
const alice: TelegramUser = { id: 4242, first_name: 'Alice', username: 'alice' };
const buy = (volume: number, price: string) => ({ pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume, price, validate: false });

let browser: Browser;
let telegram: BotApiStandIn;
let gw: TestGateway;

beforeAll(async () => {
  [browser, telegram] = await Promise.all([launchChromium(), startBotApiStandIn({ token: TOKEN, botUser: { first_name: BOT_NAME, username: 'kraken_gate_bot' } })]);
  gw = await startTestGateway({ presence: 'off', phone: { pollTimeoutS: 1, firstBackoffMs: 50, maxBackoffMs: 200 } });
});
afterAll(async () => {
  await browser?.close();
  await gw?.close();
  await telegram?.close();
});

type Markup = SentMessage['replyMarkup'];
const labels = (markup: Markup) => (markup?.inline_keyboard ?? []).map((row) => row.map((b) => ({ text: b.text })));
const flat = (markup: Markup) => labels(markup).flat().map((b) => b.text);

/** A bot message as the phone showed it when it arrived (before any edit). */
function asArrived(message: SentMessage): ChatItem {
  const first = message.history[0] ?? message;
  return { from: 'bot', text: first.text, keyboard: labels(first.replyMarkup), at: message.sentAt };
}

/** A bot message as the phone shows it now. */
function asNow(message: SentMessage): ChatItem {
  return { from: 'bot', text: message.text, keyboard: labels(message.replyMarkup), at: message.sentAt, edited: message.editedAt !== undefined };
}

async function open(html: string, size: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport: size, colorScheme: 'light', deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  await page.setContent(html, { waitUntil: 'load' });
  expect(problems).toEqual([]);
  return page;
}

const textOfBubble = async (message: Locator) => (await message.getByTestId('message-text').innerText()).split('\n');
const buttonsOf = (message: Locator) => message.getByRole('button').allInnerTexts();

describe('the phone chat', () => {
  it('pair, a held order approved with a tap, one over the phone limit: drawn as Telegram shows it and read back', async () => {
    const heldAt = new Map<string, number>();
    const decidedAt = new Map<string, number>();
    const recorded = new Map<string, { at: number; upstreamMs: number | undefined; txid?: string }>();
    gw.gate.approvals.onDidAdd((p) => heldAt.set(p.id, Date.now()));
    gw.gate.approvals.onDidDecide(({ approval }) => decidedAt.set(approval.id, Date.now()));
    gw.gate.onDidRecord((r) => r.approvalId !== undefined && recorded.set(r.approvalId, { at: Date.now(), upstreamMs: r.upstreamMs }));

    // Alice pairs her phone.
    expect(await gw.api.phoneSetup({ token: TOKEN, apiRoot: telegram.url })).toMatchObject({ ok: true });
    const pairing = await gw.api.phonePair({});
    if (!pairing.ok) throw new Error(pairing.message);
    const pairText = `/pair ${pairing.pairCode}`;
    const pairSentAt = Date.now();
    telegram.userSends(alice, pairText);
    const paired = await telegram.nextMessage((m) => m.chatId === alice.id && m.text.startsWith('Paired'));

    // An order under the phone limit (400 USD): held, its card arrives with Approve.
    const agent = await gw.connect({ name: 'claude-code' });
    const held = nextPending(gw.gate, 'add_order');
    const call = callTool(agent, 'add_order', buy(0.01, '40000'));
    const pending = await held;
    const card = await telegram.nextMessage((m) => m.chatId === alice.id && m.text.includes(pending.id));
    const cardArrived = asArrived(card);
    expect(flat(card.replyMarkup)).toEqual(['Approve', 'Deny', 'Deny & pause trading']);

    // Alice taps Approve: the order goes to the exchange, the card becomes its receipt.
    const tappedAt = Date.now();
    const tap = telegram.userTapsButton(alice, card, 'Approve');
    const result = await call;
    expect(result.isError, textOf(result)).toBeFalsy();
    await telegram.waitFor(() => / — txid O/.test(card.text));
    const afterTap = asNow(card);

    // An order over the 1 000 USD phone limit (1 200 USD): its card sends Alice to the computer.
    const heldBig = nextPending(gw.gate, 'add_order');
    const bigCall = callTool(agent, 'add_order', buy(0.03, '40000'));
    const big = await heldBig;
    const bigCard = await telegram.nextMessage((m) => m.chatId === alice.id && m.text.includes(big.id));
    const bigArrived = asArrived(bigCard);
    expect(flat(bigCard.replyMarkup)).toEqual(['Approve on your computer', 'Deny', 'Deny & pause trading']);

    // Every message of the chat, so the picture holds what Alice's phone holds and nothing else.
    const botMessages = telegram.sent.filter((m) => m.chatId === alice.id && !m.deleted);
    expect(botMessages).toEqual([paired, card, bigCard]);
    const person: ChatItem = { from: 'person', text: pairText, at: pairSentAt };
    const chat: ChatPage = {
      botName: telegram.botUser.first_name,
      screens: [
        { caption: '1 · Paired; an order is held', items: [person, asNow(paired), cardArrived], clock: card.sentAt },
        { caption: '2 · Alice taps Approve: the receipt', items: [person, asNow(paired), afterTap], clock: card.editedAt },
        { caption: '3 · Over the phone limit', items: [person, asNow(paired), afterTap, bigArrived], clock: bigCard.sentAt },
      ],
    };
    console.log(`The chat (transcript of the stand-in):\n${telegram.transcript(alice.id)}`);

    // Timings, from the stand-in's record of calls and the gateway's events (printed, not asserted).
    const callAt = (method: string, test: (params: Record<string, unknown>) => boolean) => telegram.calls.find((c) => c.method === method && test(c.params))?.at;
    const mentions = (id: string) => (params: Record<string, unknown>) => typeof params.text === 'string' && params.text.includes(id);
    const cardCallAt = callAt('sendMessage', mentions(pending.id));
    const answeredAt = callAt('answerCallbackQuery', (p) => p.callback_query_id === tap.callbackQueryId);
    const receiptCallAt = telegram.calls.find((c) => c.method === 'editMessageText' && typeof c.params.text === 'string' && c.params.text.includes('txid'))?.at;
    const record = recorded.get(pending.id);
    const forwardedAt = record && record.upstreamMs !== undefined ? record.at - record.upstreamMs : undefined;
    const ms = (from: number | undefined, to: number | undefined) => (from === undefined || to === undefined ? 'n/a' : `${Math.round(to - from)} ms`);
    console.log(
      [
        `hold → card message at the stand-in (sendMessage): ${ms(heldAt.get(pending.id), cardCallAt)}`,
        `hold → over-limit card at the stand-in: ${ms(heldAt.get(big.id), callAt('sendMessage', mentions(big.id)))}`,
        `tap → tap answered (answerCallbackQuery): ${ms(tappedAt, answeredAt)}`,
        `tap → approved in the gateway (forwarded right after): ${ms(tappedAt, decidedAt.get(pending.id))}`,
        `tap → order forwarded (record time − upstreamMs ${record?.upstreamMs?.toFixed(1) ?? 'n/a'}): ${ms(tappedAt, forwardedAt)}`,
        `tap → exchange answered, call recorded: ${ms(tappedAt, record?.at)}`,
        `tap → receipt with the txid at the stand-in (editMessageText): ${ms(tappedAt, receiptCallAt)}`,
      ].join('\n'),
    );

    // The second order is not the picture's business any more: deny it so the agent's call ends.
    await gw.api.deny({ id: big.id });
    await bigCall;

    // Drawn and read back.
    const size = pageSize(chat);
    const page = await open(renderChatPage(chat), size);
    const [before, after, later] = [0, 1, 2].map((i) => page.locator(`[data-screen="${i}"]`)) as [Locator, Locator, Locator];
    for (const screen of [before, after, later]) {
      expect(await screen.getByTestId('bot-name').innerText()).toBe('Kraken Gate');
      const box = (await screen.boundingBox())!;
      expect([Math.round(box.width), Math.round(box.height)]).toEqual([390, 844]);
      // The person's /pair on the right, the bot's answer on the left.
      const mine = screen.locator('[data-testid=message].person');
      expect(await mine.getByTestId('message-text').innerText()).toBe(pairText);
      const mineBox = (await mine.boundingBox())!;
      const botBox = (await screen.locator('[data-testid=message].bot').first().boundingBox())!;
      expect(mineBox.x + mineBox.width).toBeGreaterThan(box.x + box.width - 20);
      expect(botBox.x).toBeLessThan(box.x + 20);
    }
    const bubbles = (screen: Locator) => screen.locator('[data-testid=message].bot');

    // Before the tap: the card's first line, its buttons, all on screen.
    const heldCard = bubbles(before).last();
    const lines = await textOfBubble(heldCard);
    expect(lines[0]).toBe(`Approval needed · ${pending.id}`);
    expect(lines[1]).toBe(`claude-code wants to: ${pending.summary.headline}`);
    expect(await buttonsOf(heldCard)).toEqual(['Approve', 'Deny', 'Deny & pause trading']);
    await expectOnScreen(heldCard, before);

    // After: the same message is the receipt (no buttons).
    const receipt = bubbles(after).last();
    const receiptLines = await textOfBubble(receipt);
    expect(receiptLines[0]).toMatch(/^Approved by you \(Telegram\) \d\d:\d\d:\d\d — txid O[A-Z0-9-]+$/);
    expect(receiptLines[0]).toContain('txid');
    expect(receiptLines.join('\n')).toContain(`${pending.id} · claude-code: ${pending.summary.headline}`);
    expect(await buttonsOf(receipt)).toEqual([]);
    expect(await receipt.locator('.meta').innerText()).toMatch(/^edited \d\d:\d\d$/);
    await expectOnScreen(receipt, after);

    // Later: the over-limit card offers the computer, under the receipt.
    const overLimit = bubbles(later).last();
    const bigLines = await textOfBubble(overLimit);
    expect(bigLines[0]).toBe(`Approval needed · ${big.id}`);
    expect(bigLines).toContain('Approve on your computer: over your 1\u202f000 USD phone limit.');
    expect(await buttonsOf(overLimit)).toEqual(['Approve on your computer', 'Deny', 'Deny & pause trading']);
    expect((await textOfBubble(bubbles(later).nth(-2)))[0]).toBe(receiptLines[0]);
    await expectOnScreen(overLimit, later);

    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'phone-chat.png'), clip: { x: 0, y: 0, ...size } });
    await page.context().close();
  });

  it('draws message text as plain text: markup, entities and quotes stay characters', async () => {
    const hostile = `<img src=x onerror="document.title='owned'"> & <b>bold</b> 'quoted' &amp;\n  second line`;
    const button = `<script>alert(1)</script> "Go" & 'stop'`;
    const chat: ChatPage = { botName: `<i>Bot</i> & "Co"`, screens: [{ items: [{ from: 'bot', text: hostile, keyboard: [[{ text: button }]], at: Date.now() }] }] };
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const page = await open(renderChatPage(chat), pageSize(chat));
    expect(await page.getByTestId('message-text').innerText()).toBe(hostile);
    expect(await page.getByRole('button').allInnerTexts()).toEqual([button]);
    expect(await page.getByTestId('bot-name').innerText()).toBe(`<i>Bot</i> & "Co"`);
    expect(await page.locator('img, b, i, script').count()).toBe(0);
    expect(await page.title()).not.toBe('owned');
    await page.context().close();
  });
});

/** Wholly inside the phone's chat area: a person sees it without scrolling. */
async function expectOnScreen(message: Locator, screen: Locator): Promise<void> {
  const chat = (await screen.locator('main.chat').boundingBox())!;
  const box = (await message.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(chat.y);
  expect(box.y + box.height).toBeLessThanOrEqual(chat.y + chat.height);
  expect(box.x).toBeGreaterThanOrEqual(chat.x);
  expect(box.x + box.width).toBeLessThanOrEqual(chat.x + chat.width);
  // No line runs out of its bubble.
  expect(await message.getByTestId('message-text').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
}
