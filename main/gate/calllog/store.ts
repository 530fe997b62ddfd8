// The writer. Durability is the point: `append` resolves only once the line is on disk (write +
// fdatasync), because the pipeline replies to the agent after it, and a crash must not lose a call
// the agent already saw answered. One fsync costs milliseconds, so concurrent appends share one:
// while a batch is being synced the next one gathers (group commit), and throughput grows with
// the number of callers instead of collapsing.
import { mkdir, open, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Emitter, type Disposer } from '../events.js';
import type { SecretMask } from '../secret-mask.js';
import { dayEndMs, dayOf, listLogFiles, logFileName } from './files.js';
import { createCallRecord, logJson, type CallRecord, type CallRecordInput } from './record.js';

export interface RetentionOptions {
  /** Delete files whose every record is older than this many days. */
  maxAgeDays?: number;
  /**
   * The size at which the log is full. Nothing is ever deleted to make room (an agent sending large
   * calls could otherwise push earlier days out of the log): once the log's files total this much,
   * the store reports itself full, the gate refuses new calls (and records each refusal) and warns
   * the human, until files are moved away, the limit is raised, or age-based retention frees space.
   */
  maxTotalBytes?: number;
}

/** What a fresh install keeps when the user has not chosen: a quarter's calls, full at 1 GiB. */
export const DEFAULT_RETENTION: Readonly<RetentionOptions> = { maxAgeDays: 90, maxTotalBytes: 1024 ** 3 };

export interface CallLogStoreOptions {
  retention: RetentionOptions;
  /** The clock that stamps records and drives retention; tests inject one. */
  now?: () => Date;
  /** Errors nobody awaits: a live-tail listener that threw, pruning at rotation. Default console.error. */
  onError?: (err: unknown) => void;
  /** Values masked wherever they appear in a record (the API key and secret given to the upstream). */
  secrets?: SecretMask;  /** While full, how often the directory is measured again before a call is refused (default 2 s). */
  rescanWhileFullMs?: number;
}

/** How much the log takes against its size limit. */
export interface CallLogUsage {
  bytes: number;
  limitBytes?: number;
  /** At or over the limit: new calls are to be refused until it is not. */
  full: boolean;
}

interface Pending {
  record: CallRecord;
  line: string;
  resolve: (record: CallRecord) => void;
  reject: (err: unknown) => void;
}

interface OpenFile {
  day: string;
  handle: FileHandle;
  /** The file ends mid-line (a crash tore its last write): start with a newline so the torn bytes
   * stay a line of their own, which readers skip, instead of swallowing our first record. */
  needsNewline: boolean;
}

const NEWLINE = 0x0a;

export class CallLogStore {
  private readonly appended: Emitter<CallRecord>;
  private readonly fullness: Emitter<CallLogUsage>;
  private readonly now: () => Date;
  private readonly secrets: SecretMask | undefined;
  /** Bytes in the log's files: measured at open and after pruning, counted up as lines are written. */
  private totalBytes = 0;
  private lastScanMs = 0;
  private readonly rescanWhileFullMs: number;
  private readonly onError: (err: unknown) => void;
  private queue: Pending[] = [];
  private draining: Promise<void> | undefined;
  private file: OpenFile | undefined;
  private lock: Promise<unknown> = Promise.resolve();
  private closed = false;
  private closing: Promise<void> | undefined;

  private constructor(
    readonly dir: string,
    private readonly retention: RetentionOptions,
    opts: CallLogStoreOptions,
  ) {
    this.now = opts.now ?? (() => new Date());
    this.onError = opts.onError ?? ((err) => console.error('call log:', err));
    this.appended = new Emitter<CallRecord>(this.onError);
    this.fullness = new Emitter<CallLogUsage>(this.onError);
    this.secrets = opts.secrets;
    this.rescanWhileFullMs = opts.rescanWhileFullMs ?? 2000;
  }

  /** Creates the directory if needed and applies retention once before the first write. */
  static async open(dir: string, opts: CallLogStoreOptions): Promise<CallLogStore> {
    // Owner-only: the log holds the user's trading activity.
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const store = new CallLogStore(dir, { ...opts.retention }, opts);
    await store.prune();
    return store;
  }

  get usage(): CallLogUsage {
    const limitBytes = this.retention.maxTotalBytes;
    return { bytes: this.totalBytes, limitBytes, full: limitBytes !== undefined && this.totalBytes >= limitBytes };
  }

  /** True once the log has reached its size limit: calls are to be refused (and recorded), not history deleted. */
  get full(): boolean {
    return this.usage.full;
  }

  /**
   * Whether the log is still full, measured again first (at most every `rescanWhileFullMs`): the
   * user may have moved files away, and the next call should then go through.
   */
  async stillFull(): Promise<boolean> {
    if (!this.full) return false;
    if (performance.now() - this.lastScanMs >= this.rescanWhileFullMs) await this.exclusive(() => this.measure()).catch(this.onError);
    return this.full;
  }

  /** Fires when the log becomes full, and when it is no longer full. */
  onDidChangeFull(listener: (usage: CallLogUsage) => void): Disposer {
    return this.fullness.event(listener);
  }

  /**
   * Records one call. Resolves with the record as written once it is durable; rejects when the
   * input is invalid, the store is closed, or the disk refused the write.
   */
  append(input: CallRecordInput): Promise<CallRecord> {
    if (this.closed) return Promise.reject(new Error('call log store is closed'));
    let record: CallRecord;
    try {
      record = createCallRecord(input, this.now(), { secrets: this.secrets });
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<CallRecord>((resolve, reject) => {
      this.queue.push({ record, line: `${logJson(record)}\n`, resolve, reject });
      this.draining ??= this.drain();
    });
  }

  /** Live tail: called with each record once it is durable, in file order. */
  onDidAppend(listener: (record: CallRecord) => void): Disposer {
    return this.appended.event(listener);
  }

  /**
   * Deletes whole files whose every record is older than `maxAgeDays`, then measures the log
   * again. Never by size, never a file being written or today's, never rewritten. Returns the
   * names deleted.
   */
  prune(now: Date = this.now()): Promise<string[]> {
    return this.exclusive(() => this.pruneFiles(now));
  }

  /** Flushes what was already appended, then closes the file. Later appends reject. */
  close(): Promise<void> {
    this.closed = true;
    this.closing ??= (async () => {
      while (this.draining) await this.draining;
      await this.exclusive(async () => {
        const file = this.file;
        this.file = undefined;
        await file?.handle.close();
      });
    })();
    return this.closing;
  }

  private async drain(): Promise<void> {
    try {
      // Let the appends of the current tick join the first batch.
      await Promise.resolve();
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        await this.exclusive(() => this.commit(batch)).catch((err: unknown) => {
          // commit settles every entry itself; this only guards against a bug leaving callers hanging
          // (settling a settled promise is a no-op).
          for (const p of batch) p.reject(err);
        });
      }
    } finally {
      // Runs in the same tick as the last empty-queue check, so no append can slip in between.
      this.draining = undefined;
    }
  }

  /** Writes a batch: one write + fdatasync per run of records of the same day (normally the whole batch). */
  private async commit(batch: Pending[]): Promise<void> {
    let start = 0;
    while (start < batch.length) {
      const day = dayOf(batch[start]!.record.ts);
      let end = start + 1;
      while (end < batch.length && dayOf(batch[end]!.record.ts) === day) end++;
      const run = batch.slice(start, end);
      start = end;
      try {
        await this.writeDurably(day, run.map((p) => p.line).join(''));
      } catch (err) {
        for (const p of run) p.reject(err);
        continue;
      }
      for (const p of run) this.appended.fire(p.record);
      for (const p of run) p.resolve(p.record);
    }
  }

  private async writeDurably(day: string, text: string): Promise<void> {
    const file = await this.fileFor(day);
    try {
      const data = Buffer.from(file.needsNewline ? `\n${text}` : text, 'utf8');
      let offset = 0;
      // O_APPEND: each write lands at the end; loop because a write may be short (disk nearly full).
      while (offset < data.length) {
        const { bytesWritten } = await file.handle.write(data, offset, data.length - offset);
        offset += bytesWritten;
        this.count(bytesWritten);
      }
      file.needsNewline = false;
      await file.handle.datasync();
    } catch (err) {
      // Part of the batch may be in the file. Reopen next time: the tail check then decides whether
      // the next write must start on a fresh line.
      this.file = undefined;
      await file.handle.close().catch(() => undefined);
      throw err;
    }
  }

  private async fileFor(day: string): Promise<OpenFile> {
    if (this.file?.day === day) return this.file;
    const rotating = this.file !== undefined;
    if (this.file) {
      const previous = this.file;
      this.file = undefined;
      await previous.handle.close();
    }
    const path = join(this.dir, logFileName(day));
    // a+ = O_APPEND | O_CREAT | O_RDWR: appends only, and we can read the last byte back.
    const handle = await open(path, 'a+', 0o600);
    let needsNewline = false;
    try {
      const { size } = await handle.stat();
      if (size > 0) {
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        needsNewline = last[0] !== NEWLINE;
      } else {
        await syncDirectory(this.dir);
      }
    } catch (err) {
      await handle.close().catch(() => undefined);
      throw err;
    }
    this.file = { day, handle, needsNewline };
    // Retention must not cost a call its record: a failed prune is reported, the write goes on.
    if (rotating) await this.pruneFiles(this.now()).catch(this.onError);
    return this.file;
  }

  private async pruneFiles(now: Date): Promise<string[]> {
    const { maxAgeDays } = this.retention;
    const deleted: string[] = [];
    if (maxAgeDays !== undefined) {
      const keep = new Set([dayOf(now), this.file?.day]);
      for (const file of await listLogFiles(this.dir)) {
        if (keep.has(file.day) || dayEndMs(file.day) > now.getTime() - maxAgeDays * 86_400_000) continue;
        if (await removeFile(file.path)) deleted.push(file.name);
      }
    }
    await this.measure();
    return deleted;
  }

  /** Sums the sizes of the log's files (another process, or the user, may have changed them). */
  private async measure(): Promise<void> {
    this.lastScanMs = performance.now();
    let total = 0;
    for (const file of await listLogFiles(this.dir)) total += await stat(file.path).then((s) => s.size, () => 0);
    this.setTotal(total);
  }

  private count(bytes: number): void {
    this.setTotal(this.totalBytes + bytes);
  }

  private setTotal(bytes: number): void {
    const wasFull = this.full;
    this.totalBytes = bytes;
    if (this.full !== wasFull) this.fullness.fire(this.usage);
  }

  /** Serializes writes, rotation and pruning, so pruning never races a file being (re)opened. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }
}

async function removeFile(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** A new file's directory entry must be durable too, or a power cut can lose the whole day file. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Best effort: Windows cannot open a directory, and there NTFS journals the entry anyway.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
