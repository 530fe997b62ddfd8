import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-file.js';

const StateSchema = z.object({ day: z.string(), total: z.number().nonnegative() });

/**
 * The notional of real orders let through today (UTC), for `daily_notional_cap`. Kept on disk
 * so a restart does not hand the agent a fresh daily budget.
 */
export class DailyNotional {
  private state: z.infer<typeof StateSchema>;

  constructor(
    private readonly path: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    try {
      this.state = StateSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    } catch {
      this.state = { day: this.today(), total: 0 };
    }
  }

  total(): number {
    return this.state.day === this.today() ? this.state.total : 0;
  }

  add(notional: number): void {
    this.state = { day: this.today(), total: this.total() + notional };
    writeFileAtomic(this.path, `${JSON.stringify(this.state)}\n`);
  }

  private today(): string {
    return this.now().toISOString().slice(0, 10);
  }
}
