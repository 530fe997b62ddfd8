// The contract over HTTP, for the page `kraken-gate serve` serves: POST /api/<method> and the
// event stream as a POST that stays open (a browser sends its Origin on a POST, and the server
// accepts the login cookie only with this page's own Origin). Outputs are parsed with the
// contract's zod schemas, as the CLI's client does.
import { gateApi, GateEventSchema, type GateApi, type GateApiMethod, type GateEvent } from '../preload/api';
import type { Bridge } from './bridge-types';

export class GateCallError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function call(method: GateApiMethod, input: unknown): Promise<unknown> {
  const response = await fetch(`./api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input ?? {}),
    credentials: 'same-origin',
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message = (body as { error?: unknown } | undefined)?.error;
    throw new GateCallError(typeof message === 'string' ? message : `Kraken Gate answered HTTP ${response.status}.`, response.status);
  }
  return gateApi[method].output.parse(body);
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
