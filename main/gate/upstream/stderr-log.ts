import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where the upstream's stderr goes. kraken-mcp (Python) prints a banner and warnings there;
 * it is diagnostic output, never a failure signal, and must never reach our stdout (which, for
 * `kraken-gate connect`, is a protocol channel).
 */
export class StderrLog {
  private readonly stream: WriteStream | undefined;

  constructor(readonly path: string | undefined) {
    if (path) {
      mkdirSync(dirname(path), { recursive: true });
      this.stream = createWriteStream(path, { flags: 'a', mode: 0o600 });
      this.stream.on('error', (error) => console.error(`kraken-gate: cannot write ${path}: ${error.message}`));
    }
  }

  note(line: string): void {
    this.stream?.write(`--- ${new Date().toISOString()} ${line}\n`);
  }

  /** The last line the current process wrote (its "last words" when it dies at start). */
  lastLine: string | undefined;

  attach(source: Readable | null): void {
    this.lastLine = undefined;
    if (!source) return;
    source.on('data', (chunk: Buffer | string) => {
      const lines = String(chunk).split('\n').map((line) => line.trim()).filter(Boolean);
      if (lines.length) this.lastLine = lines[lines.length - 1]!.slice(0, 300);
    });
    if (this.stream) source.pipe(this.stream, { end: false });
    else source.resume();
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.stream ? this.stream.end(resolve) : resolve()));
  }
}
