import { closeSync, fstatSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { hashArguments } from '../canonical-json.js';
import { queryLog } from './query.js';
import type { CallRecordInput } from './record.js';
import { redactArguments } from './redact.js';
import type { CallLogStore } from './store.js';

/** A forwarded call's record as known before the upstream answers: all but the outcome. */
export type ForwardIntent = Omit<CallRecordInput, 'outcome' | 'upstreamMs'> & { id: string; ts: string };

const LineSchema = z.union([
  z.object({ begin: z.object({ id: z.string(), ts: z.string() }).passthrough() }),
  z.object({ end: z.string() }),
]);

/** Kept small: emptied whenever no call is in flight and it has grown past this. */
const COMPACT_AT_BYTES = 1024 * 1024;

export const CUT_OFF_MESSAGE =
  'Kraken Gate stopped before the upstream answered: this call may have reached Kraken. Check open orders and balances.';

/**
 * Write-ahead journal of calls on their way to the upstream. The call log's record of a call is
 * written once the upstream has answered; a gateway killed in between would leave a call that
 * reached Kraken with no record. So the decision is written here first (a plain write, which a
 * killed process cannot take back), and at the next start every call begun but not ended gets its
 * record in the call log, marked as cut off.
 */
export class InflightJournal {
  private readonly fd: number;
  private inFlight = 0;

  private constructor(private readonly path: string) {
    this.fd = openSync(path, 'a', 0o600);
  }

  /** Opens the journal, first recording in `log` the calls a previous run left unfinished. */
  static async open(path: string, log: CallLogStore, logDir: string): Promise<{ journal: InflightJournal; recovered: number }> {
    let recovered = 0;
    for (const intent of unfinished(path)) {
      const { records } = await queryLog(logDir, { text: intent.id, since: intent.ts, limit: 1 });
      if (records.some((r) => r.id === intent.id)) continue; // recorded, only the end mark was lost
      await log.append({ ...intent, outcome: { status: 'error', message: CUT_OFF_MESSAGE } } as CallRecordInput);
      recovered++;
    }
    const journal = new InflightJournal(path);
    ftruncateSync(journal.fd, 0);
    return { journal, recovered };
  }

  begin(intent: ForwardIntent): void {
    const args = intent.arguments as Record<string, unknown>;
    const begin = { ...intent, argsHash: intent.argsHash ?? hashArguments(args), arguments: redactArguments(args) };
    writeSync(this.fd, `${JSON.stringify({ begin })}\n`);
    this.inFlight++;
  }

  end(id: string): void {
    writeSync(this.fd, `${JSON.stringify({ end: id })}\n`);
    if (--this.inFlight === 0 && fstatSync(this.fd).size > COMPACT_AT_BYTES) ftruncateSync(this.fd, 0);
  }

  close(): void {
    closeSync(this.fd);
  }
}

function unfinished(path: string): ForwardIntent[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const open = new Map<string, ForwardIntent>();
  for (const line of text.split('\n')) {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      continue; // the torn last line of a killed process
    }
    const parsed = LineSchema.safeParse(json);
    if (!parsed.success) continue;
    if ('begin' in parsed.data) open.set(parsed.data.begin.id, parsed.data.begin as ForwardIntent);
    else open.delete(parsed.data.end);
  }
  return [...open.values()];
}
