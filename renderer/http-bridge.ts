// The contract over HTTP, for the page `kraken-gate serve` serves: POST /api/<method> and the
// event stream as a POST that stays open (a browser sends its Origin on a POST, and the server
// accepts the login cookie only with this page's own Origin). Outputs are parsed with the
// contract's zod schemas, as the CLI's client does.
import { ALWAYS_RISKIER, gateApi, GateEventSchema, PresenceRefusalSchema, takesPresenceCode, type GateApi, type GateApiMethod, type GateEvent } from '../preload/api';
import type { Bridge } from './bridge-types';
import { askForCode } from './hooks/presence-prompt';

export class GateCallError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

// Riskier actions need the person's code where presence is required (a real exchange). For the
// ones that always do, the code is asked before sending, so the person's own try is not logged as
// a refused attempt; any other refusal for want of a code asks and sends again. A right code also
// unlocks this window's session for 5 minutes on the server, which this mirrors to skip asking.
const ASKING: Partial<Record<GateApiMethod, string>> = {
  approve: 'Approving this call',
  resume: 'Lifting the pause',
  acceptTool: 'Accepting a changed tool',
  applyStaged: 'Applying a change made on disk',
  setKeys: 'Changing the API keys',
  resumeAgent: 'Resuming this agent before its time',
  approveAll: 'Approving these orders together',
};
/** A little under the server's 5 minutes, so the window never counts on an unlock that just ended. */
const UNLOCK_MS = 4.5 * 60_000;
const presence = { required: false, why: '', unlockedUntil: 0 };

function noteStatus(status: { presence?: { required: boolean; why: string } } | undefined): void {
  if (!status?.presence) return;
  presence.required = status.presence.required;
  presence.why = status.presence.why;
}

async function post(method: GateApiMethod, input: unknown): Promise<{ response: Response; body: unknown }> {
  const response = await fetch(`./api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input ?? {}),
    credentials: 'same-origin',
  });
  return { response, body: await response.json().catch(() => undefined) };
}

async function call(method: GateApiMethod, input: unknown): Promise<unknown> {
  let sent = (input ?? {}) as Record<string, unknown>;
  if (ALWAYS_RISKIER.has(method) && presence.required && Date.now() >= presence.unlockedUntil) {
    const code = await askForCode(`${ASKING[method] ?? 'This'} needs the code from your authenticator app (${presence.why}).`);
    if (code === undefined) throw new GateCallError('Not done: it needs the code from your authenticator app.', 403);
    sent = { ...sent, code };
  }
  for (let attempt = 0; ; attempt++) {
    const { response, body } = await post(method, sent);
    if (response.ok) {
      const output = gateApi[method].output.parse(body);
      // A riskier call answered with a code in it unlocked the session; `unlock` says itself whether it did.
      const unlocked = method === 'unlock' ? (output as { ok: boolean }).ok : sent.code !== undefined;
      if (unlocked) presence.unlockedUntil = Date.now() + UNLOCK_MS;
      if (method === 'status') noteStatus(output as { presence: { required: boolean; why: string } });
      if (method === 'lock') presence.unlockedUntil = 0;
      return output;
    }
    const parsed = PresenceRefusalSchema.safeParse(body);
    if (parsed.success) {
      const refusal = parsed.data;
      presence.required = true;
      presence.unlockedUntil = 0;
      const askAgain = takesPresenceCode(method) && attempt < 3 && refusal.reason !== 'locked' && refusal.reason !== 'not-set-up';
      const code = askAgain ? await askForCode(refusal.message, sent.code !== undefined ? refusal.message : undefined) : undefined;
      if (code === undefined) throw new GateCallError(refusal.message, response.status);
      sent = { ...sent, code };
      continue;
    }
    const message = (body as { error?: unknown } | undefined)?.error;
    throw new GateCallError(typeof message === 'string' ? message : `Kraken Gate answered HTTP ${response.status}.`, response.status);
  }
}

type Listener = (event: GateEvent) => void;

/** One stream for the page, opened with the first listener; reconnects after a drop. */
class EventStream {
  private readonly listeners = new Set<Listener>();
  readonly connectionListeners = new Set<(connected: boolean) => void>();
  private controller: AbortController | undefined;
  private retry = 500;

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (!this.controller) void this.run();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.controller?.abort();
        this.controller = undefined;
      }
    };
  }

  private emit(event: GateEvent): void {
    if (event.type === 'status') noteStatus(event.status);
    for (const listener of [...this.listeners]) listener(event);
  }

  private connected(value: boolean): void {
    for (const listener of [...this.connectionListeners]) listener(value);
  }

  private async run(): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    while (!controller.signal.aborted) {
      try {
        const response = await fetch('./api/events', { method: 'POST', credentials: 'same-origin', signal: controller.signal });
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        this.retry = 500;
        this.connected(true);
        await this.read(response.body);
      } catch {
        if (controller.signal.aborted) return;
      }
      this.connected(false);
      await new Promise((resolve) => setTimeout(resolve, this.retry));
      this.retry = Math.min(this.retry * 2, 10_000);
    }
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice(6))
          .join('\n');
        if (data) {
          const parsed = GateEventSchema.safeParse(JSON.parse(data));
          if (parsed.success) this.emit(parsed.data);
        }
        end = buffer.indexOf('\n\n');
      }
    }
  }
}

export function httpBridge(): Bridge {
  const stream = new EventStream();
  const api = Object.fromEntries(Object.keys(gateApi).map((m) => [m, (input: unknown) => call(m as GateApiMethod, input)])) as GateApi;
  return {
    api,
    desktop: false,
    onEvent: (listener) => stream.subscribe(listener),
    onConnection: (listener) => {
      stream.connectionListeners.add(listener);
      return () => void stream.connectionListeners.delete(listener);
    },
  };
}
