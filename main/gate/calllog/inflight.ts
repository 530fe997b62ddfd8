import { closeSync, fstatSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { hashArguments } from '../text/canonical-json.js';
import { queryLog } from './query.js';
import type { CallRecordInput } from './record.js';
import { redactArguments } from './redact.js';
import type { CallLogStore } from './store.js';
import { changesState, mayHaveTakenEffect } from '../placement.js';

/** A forwarded call's record as known before the upstream answers: all but the outcome. */
export type ForwardIntent = Omit<CallRecordInput, 'outcome' | 'upstreamMs'> & { id: string; ts: string };
/** A call held for a human: what its record will say, but the decision. */
export type HeldIntent = Omit<ForwardIntent, 'decision' | 'decidedBy' | 'waitedMs' | 'reason'>;

const LineSchema = z.union([
  z.object({ begin: z.object({ id: z.string(), ts: z.string() }).passthrough() }),
  z.object({ held: z.object({ id: z.string(), ts: z.string() }).passthrough() }),
  z.object({ end: z.string() }),
]);

/** Kept small: emptied whenever no call is in flight and it has grown past this. */
const COMPACT_AT_BYTES = 1024 * 1024;

export const CUT_OFF_MESSAGE =
  'Kraken Gate stopped before the upstream answered: this call may have reached Kraken. Check open orders and balances.';
export const HELD_CUT_OFF_REASON = 'Kraken Gate stopped before a human decided: the call was not sent.';

type Unfinished = { held: HeldIntent } | { begin: ForwardIntent };

/**
 * Write-ahead journal of calls that could otherwise be lost by a crash: a call held for a human,
 * and a call written to the upstream whose answer has not come back. The call log's record of a
 * call is written once the call is over; a gateway killed in between would leave a call that
 * reached Kraken (or a held one the agent and the human saw) with no record. So each is written
 * here first (a plain write, which a killed process cannot take back), and at the next start every
 * call begun but not ended gets its record in the call log: a sent call as cut off (its outcome
 * unknown when it could move money), a held one as cancelled by the restart.
 */
export class InflightJournal {
  private readonly fd: number;
  private readonly open = new Set<string>();
  // A call still finishing while the gateway stops must not fail on a closed file: its record is
  // in the log (or, for a call cut off, the next start takes care of it).
  private closed = false;

  private constructor(private readonly path: string) {
    this.fd = openSync(path, 'a', 0o600);
  }

  /** Opens the journal, first recording in `log` the calls a previous run left unfinished. */
  static async open(path: string, log: CallLogStore, logDir: string): Promise<{ journal: InflightJournal; recovered: number }> {
    let recovered = 0;
    for (const entry of unfinished(path)) {
      const intent = 'held' in entry ? entry.held : entry.begin;
      const { records } = await queryLog(logDir, { text: intent.id, since: intent.ts, limit: 1 });
      if (records.some((r) => r.id === intent.id)) continue; // recorded, only the end mark was lost
      await log.append('held' in entry ? heldRecord(entry.held) : cutOffRecord(entry.begin));
      recovered++;
    }
    const journal = new InflightJournal(path);
    ftruncateSync(journal.fd, 0);
    return { journal, recovered };
  }

  /** A call is held for a human. */
  hold(intent: HeldIntent): void {
    this.write({ held: this.redacted(intent) });
  }

  /** A call is about to be written to the upstream (supersedes its hold line). */
  begin(intent: ForwardIntent): void {
    this.write({ begin: this.redacted(intent) });
  }

  /** The call's record is in the log. Nothing to write for a call that was never journaled (a read). */
  end(id: string): void {
    if (this.closed || !this.open.has(id)) return;
    writeSync(this.fd, `${JSON.stringify({ end: id })}\n`);
    this.open.delete(id);
    if (this.open.size === 0 && fstatSync(this.fd).size > COMPACT_AT_BYTES) ftruncateSync(this.fd, 0);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  private redacted<T extends HeldIntent>(intent: T): T {
    const args = intent.arguments as Record<string, unknown>;
    // Approved with changes: the agent's own arguments are kept too, and redacted the same way.
    const edited = intent.edited && {
      ...intent.edited,
      agentArgsHash: intent.edited.agentArgsHash ?? hashArguments(intent.edited.agentArguments),
      agentArguments: redactArguments(intent.edited.agentArguments),
    };
    return { ...intent, argsHash: intent.argsHash ?? hashArguments(args), arguments: redactArguments(args), ...(edited && { edited }) };
  }

  private write(line: { held: HeldIntent } | { begin: ForwardIntent }): void {
    if (this.closed) return;
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
    this.open.add('held' in line ? line.held.id : line.begin.id);
  }
}

function heldRecord(intent: HeldIntent): CallRecordInput {
  return { ...intent, decision: 'cancelled', decidedBy: 'restart', reason: HELD_CUT_OFF_REASON, outcome: { status: 'not-forwarded' } } as CallRecordInput;
}

function cutOffRecord(intent: ForwardIntent): CallRecordInput {
  // A call that could move money and got no answer counts as having done so; the daily cap was
  // charged on disk before it was sent.
  const unknown = changesState(intent.tool, intent.arguments);
  const message = unknown ? `${CUT_OFF_MESSAGE} ${mayHaveTakenEffect(intent.tool)}` : CUT_OFF_MESSAGE;
  return { ...intent, outcome: { status: unknown ? 'unknown' : 'error', message } } as CallRecordInput;
}

function unfinished(path: string): Unfinished[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const open = new Map<string, Unfinished>();
  for (const line of text.split('\n')) {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      continue; // the torn last line of a killed process
    }
    const parsed = LineSchema.safeParse(json);
    if (!parsed.success) continue;
    if ('begin' in parsed.data) open.set(parsed.data.begin.id, { begin: parsed.data.begin as ForwardIntent });
    else if ('held' in parsed.data) open.set(parsed.data.held.id, { held: parsed.data.held as HeldIntent });
    else open.delete(parsed.data.end);
  }
  return [...open.values()];
}
