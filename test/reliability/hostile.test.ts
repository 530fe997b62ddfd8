// Hostile text, leaked secrets, erased history — against the real gateway. An agent (the SDK
// client) names itself with terminal escape codes and a right-to-left override and places a
// 10 XBT order; the human reads it with `kraken-gate pending` (a real process), the control API
// and its event stream, and `serve`'s console. An upstream prints its API key and secret as it
// crashes. An agent sends an otp the upstream repeats, and large calls meant to push earlier days
// out of the call log. What a human sees must be inert and masked; the log must keep every call
// and lose nothing.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { GateEvent, PendingApproval, Status } from '../../preload/api.js';
import { createCallRecord, logFileName, queryLog, toCsv, type CallRecord } from '../../main/gate/calllog/index.js';
import { inert } from '../../main/gate/text/inert.js';
import { cliIsOnPath, formatCliCommand } from '../../main/cli/cli-command.js';
import { kg } from '../helpers/cli.js';
import { nextEvent, nextRecord, startTestGateway, textOf } from '../helpers/gateway.js';
import { spawnServe, type ServeProcess } from '../helpers/serve-process.js';
import { krakenApiKey, krakenSecret } from '../unit/calllog/helpers.js';

const LEAKY_UPSTREAM = fileURLToPath(new URL('../fixtures/leaky-upstream.ts', import.meta.url));
const ECHO_SECRET_UPSTREAM = fileURLToPath(new URL('../fixtures/echo-secret-upstream.ts', import.meta.url));

/** Anything a terminal, a notification or a page could act on or reorder: controls (C0, C1), format (bidi, zero-width), separators, private use. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}]/u;

// Moves the cursor up, wipes lines, rewrites the order as a small one, reversed by U+202E; C1 CSI, a zero-width space.
const HOSTILE_NAME = 'claude\x1b[1A\x1b[2K\rBuy 0.01 XBT/USD — about 400 USD \u202eDSU 004\u202c\x9b2J\u200b';
const TEN_XBT = { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 10, price: '40', validate: false };
const APPROVE_ORDERS = { version: '1', default: 'deny', tools: { add_order: { action: 'approve' }, ticker: {} } };

const figures = { hostileStrings: 0, surfaceTexts: 0, unsafeShown: 0, secretChecks: 0, secretsShown: 0, largeCalls: 0, refusedFull: 0, filesDeleted: 0, records: 0, calls: 0 };

/** Counts a text a human is shown, and whether anything unsafe reached it (line breaks of the surface itself aside). */
function shown(text: string): boolean {
  figures.surfaceTexts++;
  const unsafe = text.split('\n').some((line) => UNSAFE.test(line));
  if (unsafe) figures.unsafeShown++;
  return !unsafe;
}

function revealed(text: string, secrets: readonly string[]): boolean {
  figures.secretChecks++;
  const leak = secrets.some((s) => text.includes(s));
  if (leak) figures.secretsShown++;
  return leak;
}

/** Reads `/api/events` (Server-Sent Events) from a running gateway. */
async function eventStream(port: number, token: string): Promise<{ next(type: GateEvent['type']): Promise<GateEvent>; close(): void }> {
  const controller = new AbortController();
  const response = await fetch(`http://127.0.0.1:${port}/api/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const nextMessage = async (): Promise<string> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end !== -1) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        return message;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('event stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
  expect(await nextMessage()).toBe(': connected'); // subscribed from here on
  return {
    async next(type) {
      for (;;) {
        const message = await nextMessage();
        if (!message.startsWith('data: ')) continue;
        const event = JSON.parse(message.slice('data: '.length)) as GateEvent;
        if (event.type === type) return event;
      }
    },
    close: () => controller.abort(),
  };
}

/** The next line `serve` prints that matches, from the moment this is called. */
function consoleLine(serve: ServeProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve) => {
    let seen = '';
    const onData = (chunk: string): void => {
      seen += chunk;
      const line = seen.split('\n').find((l) => pattern.test(l));
      if (line === undefined) return;
      serve.child.stdout.off('data', onData);
      resolve(line);
    };
    serve.child.stdout.on('data', onData);
  });
}

async function control<T>(port: number, token: string, method: string, input: unknown = {}): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${port}/api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

describe('hostile text, secrets and history, through the real gateway', () => {
  afterAll(() => {
    console.log(
      `[reliability] hostile text / secrets / history: ${figures.hostileStrings} hostile strings, ${figures.surfaceTexts} texts a human reads checked (CLI, control API, events, console, status), unsafe characters shown ${figures.unsafeShown}; ` +
        `${figures.secretChecks} places checked for the upstream's key/secret and an echoed otp, secrets shown ${figures.secretsShown}; ` +
        `${figures.largeCalls} large calls against a log limit: files deleted ${figures.filesDeleted}, calls refused as the log was full ${figures.refusedFull}, records ${figures.records} for ${figures.calls} calls`,
    );
  });

  it('a client name with terminal escapes and U+202E cannot rewrite the approval: pending, the control API, its events and the serve console show it inert, still 10 XBT; the log keeps the exact name', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-hostile-'));
    writeFileSync(join(dataDir, 'policy.json'), JSON.stringify(APPROVE_ORDERS));
    const serve = await spawnServe(dataDir);
    try {
      const controlToken = readFileSync(join(dataDir, 'control-token'), 'utf8').trim();
      const events = await eventStream(serve.port, controlToken);
      const agent = await serve.connect(HOSTILE_NAME);
      figures.hostileStrings++;

      const announced = consoleLine(serve, /approval needed/);
      const added = events.next('pending-added');
      const order = agent.callTool({ name: 'add_order', arguments: TEN_XBT });
      const line = await announced;
      expect(shown(line)).toBe(true);
      expect(line).toContain('Buy 10.00 XBT/USD, limit 40 USD');
      expect(line).toContain(inert(HOSTILE_NAME, 80));
      // The hint is a command this user can run: `npx kraken-gate …` unless kraken-gate is on PATH,
      // with the data dir this serve was given.
      const id = /approval needed \[(\w+)\]/.exec(line)?.[1] ?? '';
      const hint = (verb: string) => formatCliCommand(cliIsOnPath(), [verb, id, '--data-dir', dataDir]);
      expect(line).toContain(`(${hint('approve')} | ${hint('deny')})`);

      const event = (await added) as Extract<GateEvent, { type: 'pending-added' }>;
      for (const text of [event.pending.client!, event.pending.tool, event.pending.summary.headline, event.pending.argumentsText, ...event.pending.summary.fields.flatMap((f) => [f.label, f.value])]) {
        expect(shown(text), text).toBe(true);
      }
      expect(event.pending.summary.fields).toContainEqual({ label: 'Quantity', value: '10.00 XBT' });

      // The human at a terminal: the CLI as its own process.
      const cli = await kg('pending', '--data-dir', dataDir);
      expect(cli.code).toBe(0);
      expect(shown(cli.stdout)).toBe(true);
      expect(cli.stdout).toContain('Buy 10.00 XBT/USD, limit 40 USD');
      expect(cli.stdout).toContain('Quantity: 10.00 XBT');
      expect(cli.stdout).toContain('\\u001b[1A\\u001b[2K\\rBuy 0.01'); // the escapes are there to see, harmless
      expect(cli.stdout).toContain('\\u202eDSU 004\\u202c');

      // Raw JSON of a call the summary cannot put into words: inert in the pending record, exact in `arguments`.
      const reversed = { ...TEN_XBT, pair: 'XBT\u202eUSD' };
      figures.hostileStrings++;
      const addedToo = events.next('pending-added');
      const unreadable = agent.callTool({ name: 'add_order', arguments: reversed });
      await addedToo;
      const pending = await control<PendingApproval[]>(serve.port, controlToken, 'pending');
      expect(pending).toHaveLength(2);
      for (const p of pending) {
        for (const text of [p.client!, p.tool, p.summary.headline, p.argumentsText, ...p.summary.fields.flatMap((f) => [f.label, f.value])]) expect(shown(text), text).toBe(true);
      }
      const raw = pending.find((p) => !p.summary.readable)!;
      expect(raw.arguments).toEqual(reversed); // exact: the approval is bound to their hash
      expect(raw.argumentsText).toContain('"pair": "XBT\\u202eUSD"');
      expect(JSON.parse(raw.argumentsText)).toEqual(reversed);

      const denied = consoleLine(serve, /rejected by cli/);
      for (const p of pending) await control(serve.port, controlToken, 'deny', { id: p.id, reason: 'test' });
      expect(shown(await denied)).toBe(true);
      expect((await order).isError).toBe(true);
      expect((await unreadable).isError).toBe(true);
      events.close();
      await agent.close();

      // The log keeps the exact name (JSON-escaped in the file, so it is also safe to cat).
      const { records } = await queryLog(join(dataDir, 'calls'), { tool: 'add_order' });
      expect(records.map((r) => r.client)).toEqual([HOSTILE_NAME, HOSTILE_NAME]);
      const file = readFileSync(join(dataDir, 'calls', readdirSync(join(dataDir, 'calls'))[0]!), 'utf8');
      expect(shown(file)).toBe(true);
      expect(shown(serve.output())).toBe(true);
    } finally {
      serve.child.kill('SIGTERM');
      await new Promise((resolve) => serve.child.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('the API key and secret an upstream prints as it crashes are masked in upstream.log, the console, /api/status, kraken-gate status and the events', async () => {
    const key = krakenApiKey();
    const secret = krakenSecret();
    const console: string[] = [];
    const gw = await startTestGateway({
      upstream: { command: process.execPath, args: ['--import', 'tsx', LEAKY_UPSTREAM] },
      upstreamEnv: { KRAKEN_API_KEY: key, KRAKEN_API_SECRET: secret },
      upstreamStartTimeoutMs: 20_000,
      waitForUpstream: false,
      log: (line) => console.push(line),
    });
    try {
      const said = (status: Status['upstream']) => status.lastError?.startsWith('exited before it was ready') === true;
      const events = await eventStream(gw.port, gw.controlToken);
      const restarted = nextEvent(gw.gate.onDidChangeUpstream, (s) => s.restarts >= 2 && said(s as Status['upstream']));
      const viaEvents = events.next('status');
      await restarted;
      const event = (await viaEvents) as Extract<GateEvent, { type: 'status' }>;
      events.close();

      const status = (await gw.control('status', {})).body;
      expect(status.upstream.lastError).toMatch(/^exited before it was ready: krakenex\.AuthError: EAPI:Invalid key \(key=\[redacted\] secret=\[redacted\]\)/);
      const cli = await kg('status', '--data-dir', gw.dataDir);
      expect(cli.stdout).toContain('[redacted]');
      const upstreamLog = readFileSync(join(gw.dataDir, 'logs', 'upstream.log'), 'utf8');
      expect(upstreamLog).toContain("api = krakenex.API(key='[redacted]', secret='[redacted]')");
      expect(console.join('\n')).toContain('upstream: restarting (exited before it was ready: krakenex.AuthError: EAPI:Invalid key (key=[redacted]');
      for (const text of [upstreamLog, console.join('\n'), JSON.stringify(status), cli.stdout + cli.stderr, JSON.stringify(event)]) {
        expect(revealed(text, [key, secret, key.slice(0, 16), secret.slice(0, 16), secret.slice(30, 46)])).toBe(false);
      }
    } finally {
      await gw.close();
    }
  });

  it('an upstream answer that repeats the API key and secret reaches the agent (and the log) masked', async () => {
    const key = krakenApiKey();
    const secret = krakenSecret();
    const gw = await startTestGateway({
      upstream: { command: process.execPath, args: ['--import', 'tsx', ECHO_SECRET_UPSTREAM] },
      upstreamEnv: { KRAKEN_API_KEY: key, KRAKEN_API_SECRET: secret },
      policy: { version: '1', default: 'deny', tools: { account_balance: {} } },
    });
    try {
      const agent = await gw.connect();
      const recorded = nextRecord(gw.gate, (r) => r.tool === 'account_balance');
      const result = await agent.callTool({ name: 'account_balance', arguments: {} });
      const text = textOf(result as never);
      expect(text).toMatch(/^Error calling tool 'account_balance': EAPI:Invalid key; client config \{"key":"\[redacted\]","secret":"\[redacted\]"\}$/);
      expect(revealed(text, [key, secret])).toBe(false);
      expect(revealed(JSON.stringify(await recorded), [key, secret])).toBe(false);
      figures.secretChecks += 2;
      await agent.close();
    } finally {
      await gw.close();
    }
  });

  it('an otp and a two_factor code the upstream repeats in its error are masked in the record; U+2028 is escaped in the file; hostile names export as guarded CSV cells', async () => {
    const gw = await startTestGateway({ policy: { version: '1', default: 'deny', tools: { add_order: {}, ticker: {} } } });
    try {
      const agent = await gw.connect({ name: ' =HYPERLINK("http://evil.example")' });
      figures.hostileStrings += 2;
      const recorded = nextRecord(gw.gate, (r) => r.tool === 'add_order');
      const result = await agent.callTool({ name: 'add_order', arguments: { pair: 'XBTUSD', side: 'buy', ordertype: 'limit', volume: 0.1, price: '40', otp: '482913', two_factor: 771530 } });
      expect(result.isError).toBe(true);
      expect(textOf(result as never)).toContain("input_value='482913'"); // the agent's own value comes back to it
      const record = await recorded;
      expect(record.outcome.message).toContain("input_value='[redacted]'");
      expect(record.arguments).toMatchObject({ otp: '[redacted]', two_factor: '[redacted]' });

      const separators = nextRecord(gw.gate, (r) => r.tool === 'ticker');
      await agent.callTool({ name: 'ticker', arguments: { pair: 'XBT\u2028USD\u2029' } });
      const ticker = await separators;
      await agent.close();

      const file = readFileSync(join(gw.dataDir, 'calls', logFileName(ticker.ts.slice(0, 10))), 'utf8');
      expect(revealed(file, ['482913', '771530'])).toBe(false);
      expect(file).not.toMatch(/[\u2028\u2029]/);
      expect(file).toContain('XBT\\u2028USD\\u2029');
      const { records } = await queryLog(join(gw.dataDir, 'calls'), { tool: 'ticker' });
      expect(records[0]!.arguments).toEqual({ pair: 'XBT\u2028USD\u2029' }); // read back exactly

      const csv = toCsv((await queryLog(join(gw.dataDir, 'calls'))).records);
      expect(csv).toContain(`"' =HYPERLINK(""http://evil.example"")"`);
      expect(csv).not.toMatch(/(^|,)"?[\s]*[=+\-@＝＋－＠]/m);
    } finally {
      await gw.close();
    }
  });

  it('an agent sending large calls cannot erase history: earlier days stay byte for byte, the log fills and refuses with a reason, the human is warned, one record per call', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kraken-gate-history-'));
    const callsDir = join(dataDir, 'calls');
    mkdirSync(callsDir, { recursive: true });
    // Earlier days, financial calls among them (an order the user approved, a cancel).
    const earlier = new Map<string, string>();
    for (const [day, tool] of [['2026-01-10', 'add_order'], ['2026-01-11', 'cancel_order'], ['2026-01-12', 'ticker']] as const) {
      const lines = Array.from({ length: 20 }, (_, i) =>
        JSON.stringify(createCallRecord({ ts: `${day}T12:00:${String(i).padStart(2, '0')}.000Z`, session: 's', client: 'earlier', tool, arguments: { pair: 'XBTUSD', n: i }, decision: 'approved', rule: 'tools.add_order', decidedBy: 'cli', outcome: { status: 'ok' } })),
      ).join('\n');
      earlier.set(logFileName(day), `${lines}\n`);
      writeFileSync(join(callsDir, logFileName(day)), `${lines}\n`);
    }
    const earlierBytes = [...earlier.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    const console: string[] = [];
    const gw = await startTestGateway({ dataDir, retention: { maxAgeDays: 3650, maxTotalBytes: earlierBytes + 60_000 }, log: (line) => console.push(line) });
    try {
      const agent = await gw.connect({ name: 'eraser' });
      const warned = nextEvent(gw.gate.onDidChange, (e) => e.type === 'status' && e.status.callLogFull !== undefined);
      let refusal = '';
      let calls = 0;
      for (let i = 0; i < 200 && !refusal; i++) {
        figures.largeCalls++;
        calls++;
        const result = await agent.callTool({ name: 'not_a_tool', arguments: { blob: `${i} ${'x'.repeat(200_000)}` } });
        const text = textOf(result as never);
        if (/call log has reached the size limit/.test(text)) refusal = text;
      }
      // Once full, every call is refused — an ordinary one too — and still recorded.
      calls++;
      const after = await agent.callTool({ name: 'ticker', arguments: { pair: 'XBTUSD' } });
      expect(textOf(after as never)).toMatch(/refused this call without sending it: its call log has reached the size limit/);
      figures.refusedFull += 2;
      await agent.close();
      expect(refusal).toMatch(/^Kraken Gate refused this call without sending it/);

      await warned;
      const status = (await gw.control('status', {})).body;
      expect(status.callLogFull?.message).toMatch(/The call log is full .* every call is refused until you move old calls-\*\.jsonl files out of .* Nothing was deleted\./);
      expect(console.some((line) => line.startsWith('call log: FULL — The call log is full'))).toBe(true);
      expect((await kg('status', '--data-dir', dataDir)).stdout).toMatch(/^call log: {2}FULL: The call log is full .* Nothing was deleted\./m);

      for (const [name, text] of earlier) {
        const now = readFileSync(join(callsDir, name), 'utf8');
        if (now !== text) figures.filesDeleted++;
        expect(now).toBe(text);
      }
      const recorded: CallRecord[] = (await queryLog(callsDir, { limit: Infinity })).records.filter((r) => r.client === 'eraser');
      figures.records += recorded.length;
      figures.calls += calls;
      expect(recorded).toHaveLength(calls);
      expect(recorded.filter((r) => r.rule === 'calllog-full')).toHaveLength(2);
    } finally {
      await gw.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
