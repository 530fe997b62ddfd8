// The CLI's work on the data dir while no Kraken Gate runs on it: the pause (a file the gateway
// reads at start, so the brake can be set before a start) and a first authenticator setup.
import { DataDirLockedError, lockDataDir } from '../gate/state/data-dir-lock.js';
import { dataFiles, ensureDataDir } from '../gate/state/data-dir.js';
import { PauseSwitch } from '../gate/state/pause.js';

/**
 * Runs `work` on the data dir while holding its lock, so no gateway can start (and read the old
 * state) in between. Undefined when a gateway holds the dir: its own state decides.
 */
export function whileStopped<T>(dataDir: string, work: () => T): T | undefined {
  ensureDataDir(dataDir);
  let lock;
  try {
    lock = lockDataDir(dataFiles.lock(dataDir), () => 'a Kraken Gate holds this data dir');
  } catch (error) {
    if (error instanceof DataDirLockedError) return undefined;
    throw error;
  }
  try {
    return work();
  } finally {
    lock.release();
  }
}

/** Sets the financial pause in the data dir of a stopped gateway; undefined when one runs. */
export function setPauseWhileStopped(dataDir: string, paused: boolean): { paused: boolean; changed: boolean } | undefined {
  return whileStopped(dataDir, () => {
    const pause = new PauseSwitch(dataFiles.pause(dataDir));
    const changed = pause.paused !== paused;
    if (changed) pause.set(paused, 'cli');
    return { paused, changed };
  });
}
