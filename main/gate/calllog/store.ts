// The writer. Durability is the point, spent by risk (durability.ts): `append` writes the line with a
// synchronous write(2) before it resolves, so a crash or kill -9 of the gateway cannot lose a call
// the agent already saw answered. Records of calls that can move money, or that a human decided,
// are also fdatasync'd before `append` resolves; concurrent ones share one fdatasync (while one is
// running the next group gathers: group commit), so throughput grows with the number of callers.
// The records of read-only calls are fdatasync'd by a timer (SOON_SYNC_MS) and at close: only a
// power cut or an OS crash in that window can lose them.
import { closeSync, fdatasync, fdatasyncSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { mkdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Emitter, type Disposer } from '../events.js';
import type { SecretMask } from '../text/secret-mask.js';
import { SOON_SYNC_MS, durabilityOf } from './durability.js';
import { dayEndMs, dayOf, listLogFiles, logFileName } from './files.js';
import { createCallRecord, logJson, type CallRecord, type CallRecordInput } from './record.js';

/** The system calls the store makes on an open file; tests inject spies. */
export interface StoreIo {
  writeSync(fd: number, data: Buffer, offset: number, length: number): number;
  /** Runs on the libuv thread pool: the event loop goes on while the disk flushes. */
  fdatasync(fd: number, callback: (err: NodeJS.ErrnoException | null) => void): void;
  fdatasyncSync(fd: number): void;
}

const NODE_IO: StoreIo = {
  writeSync: (fd, data, offset, length) => writeSync(fd, data, offset, length),
  fdatasync: (fd, callback) => fdatasync(fd, callback),
  fdatasyncSync: (fd) => fdatasyncSync(fd),
};

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
  secrets?: SecretMask;
  /** While full, how often the directory is measured again before a call is refused (default 2 s). */
  rescanWhileFullMs?: number;
  /** The longest a read-only record waits for its fdatasync (default SOON_SYNC_MS). */
  soonSyncMs?: number;
  /** The file system calls on the open log file (tests inject spies). */
  io?: StoreIo;
}

/** How much the log takes against its size limit. */
export interface CallLogUsage {
  bytes: number;
  limitBytes?: number;
  /** At or over the limit: new calls are to be refused until it is not. */
  full: boolean;
}

interface SyncWaiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface OpenFile {
  day: string;
  fd: number;
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
  private readonly soonSyncMs: number;
  private readonly io: StoreIo;
  private readonly onError: (err: unknown) => void;
  private file: OpenFile | undefined;
  /** Lines written so far, and how many of them an fdatasync is known to cover. */
  private written = 0;
  private synced = 0;
  /** Appends waiting for the next group fdatasync, and the loop running them. */
  private syncWaiters: SyncWaiter[] = [];
  private syncLoop: Promise<void> | undefined;
  private soonTimer: NodeJS.Timeout | undefined;
  /** Files left by a rotation or a failed write, closed once no fdatasync may still use them. */
  private retired: number[] = [];
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
    this.soonSyncMs = opts.soonSyncMs ?? SOON_SYNC_MS;
    this.io = opts.io ?? NODE_IO;
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
   * Records one call. The line is in the file (a kill -9 cannot lose it) before this returns;
   * the promise resolves with the record once it is as durable as its tier asks (durability.ts):
   * fdatasync'd for a call that can move money or that a human decided, at once otherwise. Rejects
   * when the input is invalid, the store is closed, or the disk refused the write or the flush.
   */
  append(input: CallRecordInput): Promise<CallRecord> {
    if (this.closed) return Promise.reject(new Error('call log store is closed'));
    let record: CallRecord;
    try {
      record = createCallRecord(input, this.now(), { secrets: this.secrets });
      this.write(dayOf(record.ts), `${logJson(record)}\n`);
    } catch (err) {
      return Promise.reject(err);
    }
    this.appended.fire(record);
    if (durabilityOf(input) === 'soon') {
      this.syncSoon();
      return Promise.resolve(record);
    }
    return this.syncNow().then(() => record);
  }

  /** Live tail: called with each record once it is written (a crash can no longer lose it), in file order. */
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

  /** Flushes everything written (fdatasync), then closes the file. Later appends reject. */
  close(): Promise<void> {
    this.closed = true;
    this.closing ??= (async () => {
      clearTimeout(this.soonTimer);
      this.soonTimer = undefined;
      if (this.written > this.synced) await this.syncNow().catch(this.onError);
      while (this.syncLoop) await this.syncLoop;
      await this.exclusive(async () => {
        const file = this.file;
        this.file = undefined;
        if (file) closeSync(file.fd);
        this.closeRetired();
      });
    })();
    return this.closing;
  }

  /** One write(2) per record, in the file of its own day; loops because a write may be short (disk nearly full). */
  private write(day: string, text: string): void {
    const file = this.fileFor(day);
    const data = Buffer.from(file.needsNewline ? `\n${text}` : text, 'utf8');
    try {
      let offset = 0;
      // O_APPEND: each write lands at the end.
      while (offset < data.length) {
        const bytesWritten = this.io.writeSync(file.fd, data, offset, data.length - offset);
        offset += bytesWritten;
        this.count(bytesWritten);
      }
    } catch (err) {
      // Part of the line may be in the file. Reopen next time: the tail check then decides whether
      // the next write must start on a fresh line.
      this.file = undefined;
      this.retire(file);
      throw err;
    }
    file.needsNewline = false;
    this.written++;
  }

  /** Resolves once an fdatasync that started after this call's write has finished (group commit). */
  private syncNow(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.syncWaiters.push({ resolve, reject });
      this.syncLoop ??= this.runSyncs();
    });
  }

  /** A read-only record: flushed by the timer, unless a group commit covers it first. */
  private syncSoon(): void {
    if (this.soonTimer) return;
    this.soonTimer = setTimeout(() => {
      this.soonTimer = undefined;
      if (this.written > this.synced) this.syncNow().catch(this.onError);
    }, this.soonSyncMs);
    // Never what keeps a process alive: close() flushes, and an exiting process loses nothing the kernel holds.
    this.soonTimer.unref();
  }

  private async runSyncs(): Promise<void> {
    try {
      // Let the appends of the current tick join the first group.
      await Promise.resolve();
      while (this.syncWaiters.length > 0) {
        const group = this.syncWaiters;
        this.syncWaiters = [];
        const upTo = this.written;
        const file = this.file;
        try {
          // No open file: the rotation or failed write that retired it flushed it (retire).
          if (file && upTo > this.synced) await this.datasync(file.fd);
          this.synced = Math.max(this.synced, upTo);
        } catch (err) {
          for (const w of group) w.reject(err);
          continue;
        }
        for (const w of group) w.resolve();
      }
    } finally {
      // Runs in the same tick as the last empty-queue check, so no waiter can slip in between.
      this.syncLoop = undefined;
      this.closeRetired();
    }
  }

  private datasync(fd: number): Promise<void> {
    return new Promise((resolve, reject) => this.io.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
  }

  /** The file of `day`, opened (synchronously: the write that needs it is) when it is not the current one. */
  private fileFor(day: string): OpenFile {
    if (this.file?.day === day) return this.file;
    const rotating = this.file !== undefined;
    if (this.file) {
      const previous = this.file;
      this.file = undefined;
      this.retire(previous);
    }
    const path = join(this.dir, logFileName(day));
    // a+ = O_APPEND | O_CREAT | O_RDWR: appends only, and we can read the last byte back.
    const fd = openSync(path, 'a+', 0o600);
    let needsNewline = false;
    try {
      const { size } = fstatSync(fd);
      if (size > 0) {
        const last = Buffer.alloc(1);
        readSync(fd, last, 0, 1, size - 1);
        needsNewline = last[0] !== NEWLINE;
      } else {
        syncDirectory(this.dir);
      }
    } catch (err) {
      closeSync(fd);
      throw err;
    }
    this.file = { day, fd, needsNewline };
    // Retention must not cost a call its record: a failed prune is reported, the write goes on.
    if (rotating) this.prune().catch(this.onError);
    return this.file;
  }

  /**
   * A file no longer written to: flushed now (its records must not wait for a timer that will
   * flush another file), closed once no group fdatasync may still be using its descriptor.
   */
  private retire(file: OpenFile): void {
    if (this.written > this.synced) {
      try {
        this.io.fdatasyncSync(file.fd);
        this.synced = this.written;
      } catch (err) {
        this.onError(err);
      }
    }
    this.retired.push(file.fd);
    if (!this.syncLoop) this.closeRetired();
  }

  private closeRetired(): void {
    for (const fd of this.retired.splice(0)) {
      try {
        closeSync(fd);
      } catch (err) {
        this.onError(err);
      }
    }
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
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort: Windows cannot open a directory, and there NTFS journals the entry anyway.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
