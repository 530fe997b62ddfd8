// `kraken-gate connect` shares one MCP session among all the agent's calls; the SDK transport
// hands every request the same AbortSignal. Its fetch must leave no listener behind on that signal
// per request (thousands with 16 calls in flight: MaxListenersExceededWarning), and closing the
// transport (aborting the signal) must still abort a request in flight.
import { getEventListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchWithOwnSignal } from '../../../main/cli/fetch-own-signal.js';

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('fetchWithOwnSignal', () => {
  it('leaves no abort listener on the shared signal, however many requests used it', async () => {
    const url = await listen((_req, res) => res.end('ok'));
    const shared = new AbortController();
    await Promise.all(Array.from({ length: 200 }, async () => expect(await (await fetchWithOwnSignal(url, { signal: shared.signal })).text()).toBe('ok')));
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
    // What plain fetch does with the same signal, which is the leak this avoids.
    await (await fetch(url, { signal: shared.signal })).text();
    expect(getEventListeners(shared.signal, 'abort').length).toBeGreaterThan(0);
  });

  it('aborts a request in flight when the shared signal is aborted (the transport closes)', async () => {
    let arrived!: () => void;
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const url = await listen(() => arrived()); // never answers
    const shared = new AbortController();
    const pending = fetchWithOwnSignal(url, { signal: shared.signal });
    await reached;
    shared.abort(new Error('transport closed'));
    await expect(pending).rejects.toThrow('transport closed');
  });
});
