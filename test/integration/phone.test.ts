// Approvals from the phone (issue 25), end to end: the real gateway and paper exchange, an SDK
// agent, grammY pointed at a Bot API stand-in on 127.0.0.1 (test/fixtures/telegram), and the test
// playing the person with the phone (and a stranger who found the bot).
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../preload/api.js';
import { startBotApiStandIn, type BotApiStandIn, type SentMessage, type TelegramUser } from '../fixtures/telegram/bot-api-standin.js';
import { callTool, nextPending, startTestGateway, textOf, type TestGateway } from '../helpers/gateway.js';
import { testAuthenticator } from '../helpers/presence.js';

const TOKEN = '7012345678:AAHk-test-token-for-the-stand-in_0123';
const alice: TelegramUser = { id: 4242, first_name: 'Alice', username: 'alice' };
const mallory: TelegramUser = { id: 6666, first_name: 'Mallory', username: 'mallory' };
const buy = (volume: number, price: string) => ({ pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume, price, validate: false });

let gw: TestGateway | undefined;
let telegram: BotApiStandIn | undefined;
let clockOffsetMs = 0;

afterEach(async () => {
  await gw?.close();
  await telegram?.close();
  gw = undefined;
  telegram = undefined;
  clockOffsetMs = 0;
});

async function start(options: { pair?: boolean; approvalTimeoutMs?: number; log?: (line: string) => void } = {}): Promise<{ gw: TestGateway; telegram: BotApiStandIn }> {
  telegram = await startBotApiStandIn({ token: TOKEN, botUser: { username: 'kg_test_bot' } });
  gw = await startTestGateway({
    presence: 'off',
    approvalTimeoutMs: options.approvalTimeoutMs,
    ...(options.log && { log: options.log }),
    phone: { pollTimeoutS: 1, firstBackoffMs: 50, maxBackoffMs: 200, now: () => Date.now() + clockOffsetMs },
  });
  const setup = await gw.api.phoneSetup({ token: TOKEN, apiRoot: telegram.url });
  expect(setup).toMatchObject({ ok: true, message: expect.stringContaining('@kg_test_bot') });
  if (options.pair !== false) await pair(alice);
  return { gw, telegram };
}

async function pair(user: TelegramUser): Promise<SentMessage> {
  const started = await gw!.api.phonePair({});
  if (!started.ok) throw new Error(started.message);
  telegram!.userSends(user, `/pair ${started.pairCode}`);
  return telegram!.nextMessage((m) => m.chatId === user.id && m.text.startsWith('Paired'));
}

async function recordsOf(tool: string): Promise<LogRecord[]> {
  const page = await gw!.api.log({ limit: 200, tool: [tool] });
  if (!page.ok) throw new Error(page.message);
  return page.records;
}

type Held = Awaited<ReturnType<typeof nextPending>>;

async function holdOrder(args = buy(0.01, '40000')): Promise<{ pending: Held; call: ReturnType<typeof callTool>; card: SentMessage }> {
  const agent = await gw!.connect({ name: 'claude-code' });
  const held = nextPending(gw!.gate, 'add_order');
  const call = callTool(agent, 'add_order', args);
  const pending = await held;
  const card = await telegram!.nextMessage((m) => m.text.includes(pending.id));
  return { pending, call, card };
}

const buttons = (message: SentMessage) => (message.replyMarkup?.inline_keyboard ?? []).flat().map((b) => b.text);

describe('pairing', () => {
  it('pairs the account that sends the code; a wrong code, an expired one and a second account are refused', async () => {
    const { gw, telegram } = await start({ pair: false });
    expect((await gw.api.status({})).phone).toMatchObject({ state: 'not-paired', bot: '@kg_test_bot' });

    const first = await gw.api.phonePair({});
    if (!first.ok) throw new Error(first.message);
    telegram.userSends(mallory, '/pair WRONG123');
    expect((await telegram.nextMessage((m) => m.chatId === mallory.id)).text).toMatch(/^Not paired: that is not the code/);

    clockOffsetMs = 11 * 60_000;
    telegram.userSends(alice, `/pair ${first.pairCode}`);
    expect((await telegram.nextMessage((m) => m.chatId === alice.id)).text).toMatch(/^Not paired: that code has expired/);
    clockOffsetMs = 0;

    const paired = await pair(alice);
    expect(paired.text).toMatch(/^Paired with Alice \(@alice\)/);
    expect((await gw.api.status({})).phone).toMatchObject({ pairedWith: 'Alice (@alice)' });

    // The same code from a second account, once it was used: refused, and Alice stays the one obeyed.
    const second = await gw.api.phonePair({});
    if (!second.ok) throw new Error(second.message);
    telegram.userSends(alice, `/pair ${second.pairCode}`);
    await telegram.nextMessage((m) => m.chatId === alice.id && m.text.startsWith('Paired'));
    telegram.userSends(mallory, `/pair ${second.pairCode}`);
    expect((await telegram.nextMessage((m) => m.chatId === mallory.id)).text).toMatch(/^Not paired: no pairing was asked for/);
    expect((await gw.api.status({})).phone?.pairedWith).toBe('Alice (@alice)');

    const refusals = (await recordsOf('kraken-gate/phone-pair')).filter((r) => r.decision === 'denied');
    expect(refusals.map((r) => r.reason)).toEqual([
      'a pairing code was refused: no pairing was asked for',
      'a pairing code was refused: that code has expired',
      'a pairing code was refused: that is not the code',
    ]);
    expect((await recordsOf('kraken-gate/phone-paired')).map((r) => r.decidedBy)).toEqual(['telegram', 'telegram']);
  });

  it('a stranger gets one polite refusal, and each message of theirs is a record', async () => {
    const { telegram } = await start();
    telegram.userSends(mallory, '/pending');
    const refusal = await telegram.nextMessage((m) => m.chatId === mallory.id);
    expect(refusal.text).toBe('This bot answers only the Telegram account it is paired with. Nothing you send here reaches it.');
    await telegram.waitFor(async () => (await recordsOf('kraken-gate/phone-stranger')).length === 1);
    expect((await recordsOf('kraken-gate/phone-stranger'))[0]).toMatchObject({ decision: 'denied', decidedBy: 'telegram', headline: 'Refused a Telegram message from an account that is not paired' });
  });
});

describe('an agent with the control token, on a real exchange', () => {
  it('cannot set up a bot, pair its own account or unpair yours without your code; each try is a refused record', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-phone-'));
    const auth = testAuthenticator(dataDir);
    auth.setup();
    telegram = await startBotApiStandIn({ token: TOKEN });
    gw = await startTestGateway({ dataDir, exchange: 'kraken', withPresence: auth.presence, phone: { pollTimeoutS: 1, firstBackoffMs: 50, maxBackoffMs: 200 } });
    await expect(gw.api.phoneSetup({ token: TOKEN, apiRoot: telegram.url })).rejects.toMatchObject({ name: 'PresenceRequired' });
    await expect(gw.api.phonePair({})).rejects.toMatchObject({ name: 'PresenceRequired' });
    await expect(gw.api.phoneUnpair({})).rejects.toMatchObject({ name: 'PresenceRequired' });
    expect(telegram.calls).toHaveLength(0);
    expect((await gw.api.status({})).phone).toEqual({ state: 'off' });
    expect((await gw.api.status({})).refusedAttempts.map((a) => a.action).sort()).toEqual(['phone-pair', 'phone-setup', 'phone-unpair']);

    // With the person's code: set up, and the record says how.
    expect(await gw.api.phoneSetup({ token: TOKEN, apiRoot: telegram.url, code: auth.code() })).toMatchObject({ ok: true });
    expect((await recordsOf('kraken-gate/phone-setup')).find((r) => r.decision === 'allowed')).toMatchObject({ presence: 'code', decidedBy: 'cli' });
  });
});

describe('a held order on the phone', () => {
  it('arrives with its card and buttons; a tap approves it once; the message becomes a receipt with the txid', async () => {
    const { telegram } = await start();
    const { pending, call, card } = await holdOrder();
    expect(card.chatId).toBe(alice.id);
    const lines = card.text.split('\n');
    expect(lines[0]).toBe(`Approval needed · ${pending.id}`);
    expect(lines[1]).toBe(`claude-code wants to: ${pending.summary.headline}`);
    const labels = lines.filter((l) => /^[A-Z][a-z /]+: /.test(l)).map((l) => l.slice(0, l.indexOf(':')));
    expect(labels.slice(0, 5)).toEqual(['Side', 'Quantity', 'Pair', 'Order type', 'Limit price']);
    expect(labels.slice(-4)).toEqual(['Exchange', 'Agent', 'Held by', 'Time left']);
    expect(card.text).toContain('Exchange: Real order on the paper exchange (no real money)');
    expect(buttons(card)).toEqual(['Approve', 'Deny', 'Deny & pause trading']);

    const tap = telegram.userTapsButton(alice, card, 'Approve');
    const result = await call;
    expect(result.isError).toBeFalsy();
    const receipt = await telegram.waitFor(() => (/txid O/.test(card.text) ? card : undefined));
    expect(receipt.text.split('\n')[0]).toMatch(/^Approved by you \(Telegram\) \d\d:\d\d:\d\d — txid O[A-Z0-9-]+$/);
    expect(buttons(receipt)).toEqual([]);
    expect(telegram.answered.find((a) => a.callback_query_id === tap.callbackQueryId)?.text).toBe(`Approved ${pending.id}.`);

    const orders = (await recordsOf('add_order')).filter((r) => r.decision === 'approved');
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ decidedBy: 'telegram', approvalId: pending.id });
    expect(receipt.text).toContain(orders[0]!.txid!);

    // The same tap delivered again decides nothing and says so.
    const again = telegram.userTapsButton(alice, { ...card, replyMarkup: { inline_keyboard: [[{ text: 'Approve', callback_data: `a:${pending.id}:${pending.argsHash.slice(0, 10)}` }]] } }, 'Approve');
    await telegram.waitFor(() => telegram.answered.find((a) => a.callback_query_id === again.callbackQueryId));
    expect(telegram.answered.find((a) => a.callback_query_id === again.callbackQueryId)?.text).toMatch(/already decided|no longer waiting/);
    expect((await recordsOf('add_order')).filter((r) => r.decision === 'approved')).toHaveLength(1);
  });

  it('refuses, answers and records: a stranger’s tap, a tap after the window decided, an order over the phone limit', async () => {
    const { gw, telegram } = await start();
    const callback = (verb: string, p: Held) => `${verb}:${p.id}:${p.argsHash.slice(0, 10)}`;

    const first = await holdOrder();
    const strangerTap = telegram.userTaps(mallory, first.card, callback('a', first.pending));
    await telegram.waitFor(() => telegram.answered.find((a) => a.callback_query_id === strangerTap.callbackQueryId));
    expect(await gw.api.pending({})).toHaveLength(1);

    // A button made for other arguments (its hash does not match this call's) decides nothing.
    const forged = telegram.userTaps(alice, first.card, `a:${first.pending.id}:0000000000`);
    await telegram.waitFor(() => telegram.answered.find((a) => a.callback_query_id === forged.callbackQueryId));
    expect(telegram.answered.find((a) => a.callback_query_id === forged.callbackQueryId)?.text).toBe(`The order ${first.pending.id} is not the one this message showed; nothing was decided.`);
    expect(await gw.api.pending({})).toHaveLength(1);

    expect(await gw.api.deny({ id: first.pending.id })).toMatchObject({ ok: true });
    await first.call;
    await telegram.waitFor(() => (first.card.text.startsWith('Denied from the command line') ? true : undefined));
    const late = telegram.userTaps(alice, first.card, callback('a', first.pending));
    await telegram.waitFor(() => telegram.answered.find((a) => a.callback_query_id === late.callbackQueryId));
    expect(telegram.answered.find((a) => a.callback_query_id === late.callbackQueryId)).toMatchObject({ show_alert: true, text: expect.stringMatching(/already decided: denied from the CLI/) });

    // 0.03 XBT at 40 000: 1 200 USD, over the 1 000 USD phone limit (money is grouped with thin no-break spaces).
    const big = await holdOrder(buy(0.03, '40000'));
    expect(buttons(big.card)).toEqual(['Approve on your computer', 'Deny', 'Deny & pause trading']);
    expect(big.card.text).toContain('Approve on your computer: over your 1\u202f000 USD phone limit.');
    const forced = telegram.userTaps(alice, big.card, callback('a', big.pending));
    await telegram.waitFor(() => telegram.answered.find((a) => a.callback_query_id === forced.callbackQueryId));
    expect(telegram.answered.find((a) => a.callback_query_id === forced.callbackQueryId)?.text).toMatch(/^Not approved from the phone: over your 1\u202f000 USD phone limit/);
    expect(await gw.api.pending({})).toHaveLength(1);
    await gw.api.deny({ id: big.pending.id });
    await big.call;

    const taps = await recordsOf('kraken-gate/phone-tap');
    expect(taps.map((r) => r.reason)).toEqual([
      expect.stringMatching(/^Not approved from the phone: over your 1\u202f000 USD/),
      expect.stringMatching(/already decided/),
      expect.stringMatching(/is not the one this message showed/),
    ]);
    expect((await recordsOf('kraken-gate/phone-stranger')).map((r) => r.reason)).toEqual(['a tap from Mallory (@mallory), who is not the paired account']);
    expect((await recordsOf('add_order')).filter((r) => r.decision === 'approved')).toHaveLength(0);
  });

  it('Deny & pause trading denies the order and pauses; /resume asks for a confirming tap', async () => {
    const { gw, telegram } = await start();
    const { pending, call, card } = await holdOrder();
    telegram.userTapsButton(alice, card, 'Deny & pause trading');
    expect(textOf(await call)).toMatch(/Denied/);
    await telegram.waitFor(() => (card.text.startsWith('Denied by you (Telegram)') ? true : undefined));
    expect((await gw.api.status({})).paused).toBe(true);
    expect((await recordsOf('add_order'))[0]).toMatchObject({ decision: 'rejected', decidedBy: 'telegram', approvalId: pending.id });

    telegram.userSends(alice, '/resume');
    const ask = await telegram.nextMessage((m) => m.text.startsWith('Resume trading?'));
    expect((await gw.api.status({})).paused).toBe(true);
    telegram.userTapsButton(alice, ask, 'Yes, resume trading');
    await telegram.nextMessage((m) => m.text === 'Trading resumed.');
    expect((await gw.api.status({})).paused).toBe(false);
    // The confirmation works once.
    const replay = telegram.userTapsButton(alice, { ...ask, replyMarkup: ask.history[0]?.replyMarkup ?? ask.replyMarkup }, 'Yes, resume trading');
    await telegram.waitFor(() => telegram.answered.find((a) => a.callback_query_id === replay.callbackQueryId));
  });

  it('/status and /pending answer from the gateway', async () => {
    const { telegram } = await start();
    const { pending, call } = await holdOrder();
    telegram.userSends(alice, '/status');
    const status = await telegram.nextMessage((m) => m.text.startsWith('Trading:'));
    expect(status.text.split('\n').slice(0, 3)).toEqual(['Trading: active', 'Waiting for you: 1 (/pending)', 'Exchange: Paper exchange: no real money']);
    telegram.userSends(alice, '/pending');
    const again = await telegram.nextMessage((m) => m.text.startsWith(`Approval needed · ${pending.id}`));
    telegram.userTapsButton(alice, again, 'Deny');
    expect((await call).isError).toBe(true);
  });
});

describe('never in the way', () => {
  it('Telegram down: the window still decides, status says offline since when and why, and the channel recovers by itself', async () => {
    const { gw, telegram } = await start();
    telegram.setMode('down');
    await waitForStatus(gw, (s) => s.state === 'offline');
    const phone = (await gw.api.status({})).phone!;
    expect(phone.reason).toMatch(/^cannot reach Telegram|^Telegram answered/);
    expect(Date.parse(phone.since!)).toBeGreaterThan(0);

    const agent = await gw.connect();
    const held = nextPending(gw.gate, 'add_order');
    const call = callTool(agent, 'add_order', buy(0.01, '40000'));
    const pending = await held;
    expect(await gw.api.approve({ id: pending.id })).toMatchObject({ ok: true });
    expect((await call).isError).toBeFalsy();

    const second = nextPending(gw.gate, 'add_order');
    const waiting = callTool(agent, 'add_order', buy(0.01, '39000'));
    const stillHeld = await second;
    telegram.setMode('up');
    await waitForStatus(gw, (s) => s.state === 'online');
    // The call that waited while Telegram was down gets its card once it is back.
    const card = await telegram.nextMessage((m) => m.text.includes(stillHeld.id));
    telegram.userTapsButton(alice, card, 'Deny');
    expect((await waiting).isError).toBe(true);
  });

  it('the bot token appears in no log, answer, status or error text', async () => {
    const lines: string[] = [];
    const { gw, telegram } = await start({ log: (line) => lines.push(line) });
    const { pending, call, card } = await holdOrder();
    telegram.userTapsButton(alice, card, 'Approve');
    await call;
    telegram.setMode('down');
    await waitForStatus(gw, (s) => s.state === 'offline');
    const bad = await gw.api.phoneSetup({ token: '7012345678:AAHk-another-token-refused_0000000', apiRoot: telegram.url });
    lines.push(JSON.stringify(bad), JSON.stringify(await gw.api.status({})), JSON.stringify(await gw.api.log({ limit: 500 })), JSON.stringify(pending));
    expect(lines.some((line) => line.startsWith('phone: offline'))).toBe(true);
    const dir = join(gw.dataDir, 'calls');
    for (const file of readdirSync(dir)) lines.push(readFileSync(join(dir, file), 'utf8'));
    for (const file of ['settings.json', 'confirmed.json', 'inflight.jsonl']) lines.push(readFileSync(join(gw.dataDir, file), 'utf8'));
    for (const message of telegram.sent) lines.push(message.text, ...message.history.map((h) => h.text));
    const secret = TOKEN.split(':')[1]!;
    expect(lines.join('\n')).not.toContain(secret);
    expect(bad.ok).toBe(false);
  });
});

async function waitForStatus(gw: TestGateway, ok: (phone: NonNullable<Awaited<ReturnType<TestGateway['api']['status']>>['phone']>) => boolean): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`phone status never matched: ${JSON.stringify(gw.gate.status().phone)}`)), 10_000);
    const check = () => {
      const phone = gw.gate.status().phone;
      if (phone && ok(phone)) {
        clearTimeout(timer);
        dispose();
        resolve();
      }
    };
    const dispose = gw.gate.onDidChange((event) => event.type === 'status' && check());
    check();
  });
}
