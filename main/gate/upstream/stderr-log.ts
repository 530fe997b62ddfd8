import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { MASKED, SecretMask } from '../text/secret-mask.js';

/** A line the upstream has not ended yet is written out (masked) once it grows past this. */
const MAX_PENDING = 64 * 1024;

/**
 * Where the upstream's stderr goes. kraken-mcp (Python) prints a banner and warnings there;
 * it is diagnostic output, never a failure signal, and must never reach our stdout (which, for
 * `kraken-gate connect`, is a protocol channel). A crash trace can print the API key and secret
 * the upstream was given: every line is masked (SecretMask) before it is written or remembered.
 */
export class StderrLog {
  private readonly stream: WriteStream | undefined;
  /** Text of the current process not written yet: the unfinished last line. */
  private pending = '';
  private source: Readable | undefined;

  constructor(
    readonly path: string | undefined,
    private readonly mask: SecretMask = SecretMask.none,
  ) {
    if (path) {
      mkdirSync(dirname(path), { recursive: true });
      this.stream = createWriteStream(path, { flags: 'a', mode: 0o600 });
      this.stream.on('error', (error) => console.error(`kraken-gate: cannot write ${path}: ${error.message}`));
    }
  }

  note(line: string): void {
    this.endLine();
    this.stream?.write(`--- ${new Date().toISOString()} ${this.mask.apply(line)}\n`);
  }

  /** The last line the current process wrote (its "last words" when it dies at start), masked. */
  lastLine: string | undefined;

  attach(source: Readable | null): void {
    this.flush();
    this.lastLine = undefined;
    this.source = source ?? undefined;
    if (!source) return;
    source.setEncoding('utf8'); // a character split across two chunks is decoded whole
    source.on('data', (chunk: string) => this.take(chunk));
    source.on('end', () => this.source === source && this.flush());
  }

  close(): Promise<void> {
    this.flush();
    return new Promise((resolve) => (this.stream ? this.stream.end(resolve) : resolve()));
  }

  // Masking works on whole lines: a secret split across two chunks is still seen whole. The
  // unfinished last line counts as the last words already (the process may die without ending
  // it), without its end when that could be the start of a secret; it is written out once long.
  private take(chunk: string): void {
    this.pending += chunk;
    const end = this.pending.lastIndexOf('\n') + 1;
    if (end > 0) {
      const lines = this.mask.apply(this.pending.slice(0, end));
      this.pending = this.pending.slice(end);
      this.remember(lines);
      this.stream?.write(lines);
    }
    if (!this.pending) return;
    const masked = this.mask.apply(this.pending);
    const shown = masked.slice(0, this.mask.safeEnd(masked));
    this.remember(shown);
    if (masked.length > MAX_PENDING) {
      this.stream?.write(shown);
      this.pending = masked.slice(shown.length);
    }
  }

  /** Ends the upstream's unfinished line, so a note does not land inside it; a secret's start stays pending. */
  private endLine(): void {
    if (!this.pending) return;
    const masked = this.mask.apply(this.pending);
    const shown = masked.slice(0, this.mask.safeEnd(masked));
    this.pending = masked.slice(shown.length);
    if (shown) this.stream?.write(`${shown}\n`);
  }

  /** The process is gone: what it left unfinished is written, a trailing start of a secret masked. */
  private flush(): void {
    if (!this.pending) return;
    const masked = this.mask.apply(this.pending);
    const end = this.mask.safeEnd(masked);
    const rest = end < masked.length - 3 ? `${masked.slice(0, end)}${MASKED}` : masked;
    this.pending = '';
    this.remember(rest);
    this.stream?.write(`${rest}\n`);
  }

  private remember(text: string): void {
    const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
    if (lines.length) this.lastLine = lines[lines.length - 1]!.slice(0, 300);
  }
}
