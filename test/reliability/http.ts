// Raw HTTP against the gateway, below any SDK: what a broken client, a fuzzer or a hostile web page
// would send. Loopback only.
import { request, type IncomingHttpHeaders } from 'node:http';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string | undefined>;
  body?: string | Buffer;
  /** Send the body with Transfer-Encoding: chunked (no Content-Length), in pieces of this size. */
  chunked?: number;
  /** Leave the Host header out entirely. */
  noHost?: boolean;
}

export function raw(port: number, options: RawRequest = {}): Promise<RawResponse> {
  const { method = 'POST', path = '/mcp', body, chunked, noHost } = options;
  const headers = Object.fromEntries(Object.entries(options.headers ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return new Promise((resolve, reject) => {
    // agent: false: a connection of its own, so a reset cannot surface later on a pooled socket.
    // setHost: false when a Host is given, so that even an empty one is sent as is.
    const req = request({ host: '127.0.0.1', port, path, method, headers, setHost: !noHost && headers.host === undefined, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      const done = (): void => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', done);
      res.on('close', done); // the server closed the connection after answering (a refused body)
      res.on('error', () => undefined);
    });
    // The server may answer (413) and close before the whole body is written: EPIPE / ECONNRESET on
    // our side of the socket then, which matters only if no answer came at all.
    req.on('socket', (socket) => socket.on('error', () => undefined));
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') {
        // Give a response already on its way the chance to arrive; a reset with no answer is a failure.
        setImmediate(() => reject(new Error(`connection ${error.code} before any response`)));
      } else reject(error);
    });
    if (body === undefined) return void req.end();
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    if (!chunked) return void req.end(bytes);
    for (let at = 0; at < bytes.length; at += chunked) req.write(bytes.subarray(at, at + chunked));
    req.end();
  });
}

export interface JsonRpcError {
  jsonrpc: '2.0';
  id: string | number | null;
  error: { code: number; message: string };
}

/** The JSON-RPC messages of a response, whether sent as plain JSON or as Server-Sent Events. */
export function jsonRpcMessages(response: RawResponse): Array<Record<string, unknown>> {
  if (response.text === '') return [];
  if (String(response.headers['content-type'] ?? '').startsWith('text/event-stream')) {
    return response.text
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
  }
  const parsed = JSON.parse(response.text) as Record<string, unknown> | Array<Record<string, unknown>>;
  return Array.isArray(parsed) ? parsed : [parsed];
}

/** The one JSON-RPC error of a response; throws when the response is anything else. */
export function jsonRpcError(response: RawResponse): JsonRpcError {
  const messages = jsonRpcMessages(response);
  const [message] = messages;
  if (messages.length !== 1 || !message || message.jsonrpc !== '2.0' || typeof message.error !== 'object' || message.error === null) {
    throw new Error(`not one JSON-RPC error (HTTP ${response.status}): ${response.text.slice(0, 300)}`);
  }
  const error = message.error as { code?: unknown; message?: unknown };
  if (typeof error.code !== 'number' || typeof error.message !== 'string' || error.message === '') {
    throw new Error(`JSON-RPC error without code or message: ${response.text.slice(0, 300)}`);
  }
  return message as unknown as JsonRpcError;
}

export const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw-client', version: '1' } },
} as const;

/** Opens a Streamable HTTP session by hand; returns the headers that address it. */
export async function openRawSession(port: number, token: string): Promise<Record<string, string>> {
  const base = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const init = await raw(port, { headers: base, body: JSON.stringify(INITIALIZE) });
  const sessionId = init.headers['mcp-session-id'];
  if (init.status !== 200 || typeof sessionId !== 'string') throw new Error(`initialize failed: HTTP ${init.status} ${init.text}`);
  const headers = { ...base, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' };
  const initialized = await raw(port, { headers, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) });
  if (initialized.status !== 202) throw new Error(`notifications/initialized: HTTP ${initialized.status}`);
  return headers;
}

export interface RawSseSession {
  /** Where to POST messages: `/messages?sessionId=…`. */
  postPath: string;
  close(): void;
}

/** Opens a legacy HTTP+SSE session by hand (GET /sse) and waits for its `endpoint` event. */
export function openRawSseSession(port: number, token: string): Promise<RawSseSession> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/sse', method: 'GET', headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`GET /sse: HTTP ${res.statusCode}`));
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        const match = /event: endpoint\ndata: (\S+)\n/.exec(text);
        if (match) resolve({ postPath: match[1]!, close: () => req.destroy() });
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
    req.end();
  });
}

/** Subscribes to the control API's event stream (GET /api/events), as a second surface would. */
export function controlEvents(port: number, token: string, onEvent: (event: { type: string; [key: string]: unknown }) => void): Promise<{ close(): void }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/events', method: 'GET', headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`GET /api/events: HTTP ${res.statusCode}`));
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let end: number;
        while ((end = buffered.indexOf('\n\n')) !== -1) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          for (const line of block.split('\n')) if (line.startsWith('data: ')) onEvent(JSON.parse(line.slice(6)) as { type: string });
        }
      });
      res.on('error', () => undefined);
      resolve({ close: () => req.destroy() });
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
    req.end();
  });
}

/** POST /api/<method> with a connection of its own; resolves with the status and parsed body. */
export async function controlCall(port: number, token: string, method: string, input: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await raw(port, { path: `/api/${method}`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  return { status: response.status, body: JSON.parse(response.text) as Record<string, unknown> };
}
