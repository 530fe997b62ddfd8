// `kraken-gate pause` while no Kraken Gate runs on the data dir: the switch is a file the gateway
// reads at start, so the brake can be set before a start (and lifted) without a running gateway.
import { DataDirLockedError, lockDataDir } from '../gate/state/data-dir-lock.js';
import { dataFiles, ensureDataDir } from '../gate/state/data-dir.js';
import { PauseSwitch } from '../gate/state/pause.js';

/**
 * Sets the financial pause in the data dir while holding its lock, so no gateway can start (and
 * read the old state) in between. Undefined when a gateway holds the dir: its own switch decides.
 */
export function setPauseWhileStopped(dataDir: string, paused: boolean): { paused: boolean; changed: boolean } | undefined {
  ensureDataDir(dataDir);
  let lock;
  try {
    lock = lockDataDir(dataFiles.lock(dataDir), () => 'a Kraken Gate holds this data dir');
  } catch (error) {
    if (error instanceof DataDirLockedError) return undefined;
    throw error;
  }
  try {
    const pause = new PauseSwitch(dataFiles.pause(dataDir));
    const changed = pause.paused !== paused;
    if (changed) pause.set(paused, 'cli');
    return { paused, changed };
  } finally {
    lock.release();
  }
}
