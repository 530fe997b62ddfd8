// How durable a record must be before the agent gets its reply. Every record is written with a
// synchronous write(2) before the reply: the kernel then holds it, and a crash or kill -9 of the
// gateway cannot take it back. Only an OS crash or a power cut can lose what the kernel has not yet
// put on the disk, and an fdatasync costs more than the rest of a read-only call. So the flush is
// spent by risk: a record of a call that can move money, or that a human (or the clock, or a stop)
// decided, is flushed before the reply; a read-only call's record is flushed by a timer within
// SOON_SYNC_MS. See docs/reliability.md for what each tier promises.
import { changesState } from '../placement.js';
import type { CallRecordInput } from './record.js';

/** `before-reply`: fdatasync'd before the append resolves. `soon`: written, fdatasync'd within SOON_SYNC_MS. */
export type Durability = 'before-reply' | 'soon';

/** The longest a written read-only record waits for its fdatasync (also done at close). */
export const SOON_SYNC_MS = 100;

type Facts = Pick<CallRecordInput, 'tool' | 'arguments' | 'decidedBy' | 'waitedMs' | 'outcome'>;

export function durabilityOf(call: Facts): Durability {
  // Orders, cancels, amends, the dead man's switch, and unknown tools (counted as financial).
  if (changesState(call.tool, call.arguments)) return 'before-reply';
  // Held for a human: the human saw it, and a decision is worth as much as an order.
  if (call.waitedMs !== undefined) return 'before-reply';
  if (call.decidedBy !== 'policy' && call.decidedBy !== 'client') return 'before-reply';
  // Sent with no answer: whatever the tool, the record is the only trace of what may have happened.
  if (call.outcome.status === 'unknown') return 'before-reply';
  return 'soon';
}
