import { readFileSync, unlinkSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-file.js';
import { dataFiles } from './data-dir.js';

// runtime.json: where the running gateway listens, for the CLI (`status`, `approve`, `connect`…).
// Written by the process that holds the data dir's lock, removed by that process only.

export const RuntimeSchema = z.object({
  pid: z.number(),
  port: z.number(),
  url: z.string(),
  /** The writer's lock nonce: a stop removes the file only if it still carries its own. */
  nonce: z.string().optional(),
});
export type RuntimeInfo = z.infer<typeof RuntimeSchema>;

export function writeRuntime(dataDir: string, info: RuntimeInfo): void {
  writeFileAtomic(dataFiles.runtime(dataDir), JSON.stringify(info), 0o600);
}

/** runtime.json, or undefined when there is none or it does not parse. */
export function readRuntimeFile(dataDir: string): RuntimeInfo | undefined {
  try {
    const parsed = RuntimeSchema.safeParse(JSON.parse(readFileSync(dataFiles.runtime(dataDir), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Removes runtime.json if this process wrote it (same nonce), and never another's. */
export function removeRuntimeIfOwned(dataDir: string, nonce: string): void {
  if (readRuntimeFile(dataDir)?.nonce !== nonce) return;
  try {
    unlinkSync(dataFiles.runtime(dataDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
