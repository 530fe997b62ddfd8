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

  attach(source: Readable | null): void {
    if (!source) return;
    if (this.stream) source.pipe(this.stream, { end: false });
    else source.resume();
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.stream ? this.stream.end(resolve) : resolve()));
  }
}
