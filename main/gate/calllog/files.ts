// Where records live on disk. Store, query and retention all derive a file from a record's UTC day,
// so the naming is defined once: a reader can skip a whole file by its name alone.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

const FILE_PATTERN = /^calls-(\d{4}-\d{2}-\d{2})\.jsonl$/;
const DAY_MS = 86_400_000;

export interface LogFile {
  /** UTC day of every record in the file, YYYY-MM-DD. */
  day: string;
  name: string;
  path: string;
}

export function logFileName(day: string): string {
  return `calls-${day}.jsonl`;
}

/** UTC day of an instant. A record goes to the file of its own `ts`, never of the clock at write time. */
export function dayOf(time: Date | string): string {
  return (typeof time === 'string' ? time : time.toISOString()).slice(0, 10);
}

export function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

export function dayEndMs(day: string): number {
  return dayStartMs(day) + DAY_MS;
}

/** Log files newest day first. A missing directory is an empty log (nothing was ever recorded). */
export async function listLogFiles(dir: string): Promise<LogFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const files: LogFile[] = [];
  for (const name of names) {
    const day = FILE_PATTERN.exec(name)?.[1];
    // Names that only look like ours (a bad date) are left alone: never read, never deleted.
    if (day !== undefined && !Number.isNaN(dayStartMs(day))) files.push({ day, name, path: join(dir, name) });
  }
  return files.sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0));
}
