// A person's action as a call-log record, beside the calls it concerns: pause, resume, a rules or
// settings change (with the old and new values), a presence setup, and every riskier attempt
// refused for want of a proof (with the surface it came from). The tool is `kraken-gate/<action>`:
// MCP tool names cannot hold a slash, so no upstream tool can be mistaken for one.
import type { Channel, Proof } from '../presence/caller.js';
import type { CallRecord, CallRecordInput } from './record.js';

export const HUMAN_ACTION_PREFIX = 'kraken-gate/';

export interface HumanAction {
  /** "pause", "resume", "approve", "rules", "settings", "presence-setup", "accept-tool", "keys"… */
  action: string;
  /** The surface a person acted from; `policy` when the gateway itself acted (an edit on disk staged). */
  channel: Channel | 'policy';
  proof?: Proof;
  /** The old and new values, or what was attempted (an approval's id, a tool's name). */
  detail: Record<string, unknown>;
  /** Set when the action was refused: why, as the surface was told. */
  refused?: string;
}

export function humanActionRecord(action: HumanAction): CallRecordInput {
  return {
    session: `person:${action.channel}`,
    tool: `${HUMAN_ACTION_PREFIX}${action.action}`,
    decision: action.refused === undefined ? 'allowed' : 'denied',
    rule: action.refused === undefined ? 'person' : 'presence',
    decidedBy: action.channel,
    arguments: action.detail,
    outcome: { status: 'not-forwarded' },
    ...(action.refused !== undefined && { reason: action.refused }),
    ...(action.proof !== undefined && { presence: action.proof }),
  };
}

export function isHumanAction(tool: string): boolean {
  return tool.startsWith(HUMAN_ACTION_PREFIX);
}

const DONE: Record<string, string> = {
  pause: 'Paused trading',
  resume: 'Resumed trading',
  approve: 'Approved a held call',
  rules: 'Changed the rules',
  settings: 'Changed settings',
  'apply-staged': 'Applied a change made on disk',
  'presence-setup': 'Set up the authenticator',
  'accept-tool': 'Accepted a changed tool definition',
  keys: 'Changed the API keys',
  'phone-setup': 'Set up the Telegram bot',
  'phone-pair': 'Asked for a phone pairing code',
  'phone-paired': 'Paired a Telegram account',
  'phone-unpair': 'Unpaired the phone',
  'pause-agent': 'Denied a call and paused its agent',
  'resume-agent': 'Resumed a paused agent',
  'approve-all': 'Approved waiting orders together',
};

// Refusals that are not about a missing proof: a stranger writing to the bot, a tap that could not count.
const REFUSED: Record<string, string> = {
  'phone-stranger': 'Refused a Telegram message from an account that is not paired',
  'phone-tap': 'Refused a tap in Telegram',
  'phone-pair': 'Refused a pairing code sent to the bot',
};

const SURFACE: Record<string, string> = { window: 'in the window', tray: 'from the tray', notification: 'from a notification', cli: 'from the command line', web: 'in the web page', telegram: 'from Telegram', policy: 'on disk' };

/** "Resumed trading from the command line" / "Refused: resume from the command line (no code)". */
export function humanActionHeadline(record: Pick<CallRecord, 'tool' | 'decision' | 'decidedBy'>): string {
  const action = record.tool.slice(HUMAN_ACTION_PREFIX.length);
  const where = SURFACE[record.decidedBy] ?? `by ${record.decidedBy}`;
  if (record.decidedBy === 'policy') return `An edit ${where} waits for you (${action}): not in force`;
  if (record.decision === 'denied' && REFUSED[action]) return REFUSED[action];
  if (record.decision === 'denied') return `Refused without a proof of presence: ${action} ${where}`;
  return `${DONE[action] ?? action} ${where}`;
}
