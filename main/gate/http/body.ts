import type { IncomingMessage } from 'node:http';

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Deepest nesting of arrays and objects accepted. MCP messages and kraken-mcp arguments nest a few
 * levels; past a few thousand, the recursive walks every call goes through (JSON.stringify to the
 * upstream, the argument hash, redaction) overflow the stack, and the call would fail without a
 * record in the call log.
 */
export const MAX_JSON_DEPTH = 64;

// Stateless between calls (no `stream` option), so one serves every request.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Reads a JSON body up to `limit` bytes; stops reading (and refuses) as soon as it is over. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new BodyError(415, 'Content-Type must be application/json.');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyError(413, `Request body over ${limit} bytes.`);
  const body = await readBody(req, limit);
  let decoded: string;
  try {
    decoded = UTF8.decode(body);
  } catch {
    throw new BodyError(400, 'Request body is not valid UTF-8.');
  }
  if (nestedDeeperThan(decoded, MAX_JSON_DEPTH)) throw new BodyError(400, `Request body is nested deeper than ${MAX_JSON_DEPTH} levels.`);
  try {
    return JSON.parse(decoded);
  } catch {
    throw new BodyError(400, 'Request body is not valid JSON.');
  }
}

/** Whether arrays and objects in JSON text nest deeper than `max` (brackets inside strings do not count). */
function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * The body's bytes, refused as soon as they pass `limit`. Stream events rather than `for await`:
 * the async iterator costs more per request than the rest of the reading, on every call.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (error?: unknown): void => {
      req.off('data', onData).off('end', onEnd).off('error', done).off('close', onClose);
      if (error) reject(error);
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        // Stop taking data; the caller answers 413 (as `for await` did by leaving the loop).
        req.pause();
        return done(new BodyError(413, `Request body over ${limit} bytes.`));
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => done();
    // Closed before its end: the client went away mid-body.
    const onClose = (): void => done(new Error('The request was closed before its body ended.'));
    req.on('data', onData).once('end', onEnd).once('error', done).once('close', onClose);
  });
}
