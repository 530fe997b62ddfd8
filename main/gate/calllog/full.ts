// What the agent and the human are told while the call log is at its size limit. The log never
// deletes history to make room, so calls are refused instead; both sides must know why.
import type { CallLogUsage } from './store.js';

/** The rule a refusal is recorded under. */
export const CALL_LOG_FULL_RULE = 'calllog-full';

function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

/** The text the agent reads: nothing was sent, and the user has to act. */
export function callLogFullReason(usage: CallLogUsage): string {
  return `Kraken Gate refused this call without sending it: its call log has reached the size limit the user set (${megabytes(usage.limitBytes ?? usage.bytes)}), and every call must be recorded. The user has been told; try again after they make room.`;
}

/** The warning for the human (status, console): what is wrong and what to do. Nothing was deleted. */
export function callLogFullWarning(usage: CallLogUsage, dir: string): string {
  return `The call log is full (${megabytes(usage.bytes)} of ${megabytes(usage.limitBytes ?? usage.bytes)}): every call is refused until you move old calls-*.jsonl files out of ${dir} or raise the limit (serve --log-max-mb). Nothing was deleted.`;
}
