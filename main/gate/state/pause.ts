import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-file.js';
import { Emitter } from '../events.js';
import type { Decider } from '../types.js';

const PauseStateSchema = z.object({
  paused: z.boolean(),
  since: z.string().optional(),
  by: z.string().optional(),
});
export type PauseState = z.infer<typeof PauseStateSchema>;

/**
 * The financial pause: a safety switch, so it is written to disk before it is acknowledged and
 * read back at start. A state file that cannot be read starts paused: a crash must not unpause.
 */
export class PauseSwitch {
  private readonly changeEmitter = new Emitter<PauseState>();
  readonly onDidChange = this.changeEmitter.event;
  private current: PauseState;

  /**
   * `confirmedPaused`: a person's pause that only a person may lift (the sealed confirmed state).
   * pause.json saying otherwise (a hand edit, an offline `resume`) does not lift it at start.
   */
  constructor(
    private readonly path: string,
    confirmedPaused = false,
  ) {
    const file = PauseSwitch.load(path);
    this.current = confirmedPaused && !file.paused ? { paused: true, by: 'the pause you confirmed' } : file;
  }

  private static load(path: string): PauseState {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { paused: false };
      return { paused: true, by: 'unreadable state file' };
    }
    try {
      return PauseStateSchema.parse(JSON.parse(text));
    } catch {
      return { paused: true, by: 'unreadable state file' };
    }
  }

  get state(): PauseState {
    return { ...this.current };
  }

  get paused(): boolean {
    return this.current.paused;
  }

  set(paused: boolean, by: Decider): PauseState {
    const next: PauseState = paused ? { paused, since: new Date().toISOString(), by } : { paused };
    writeFileAtomic(this.path, `${JSON.stringify(next)}\n`);
    this.current = next;
    this.changeEmitter.fire(this.state);
    return this.state;
  }
}
