// `kraken-gate approve --all`: every waiting call approved with one question and one proof, only
// when each may be approved in one step (preload/approve-all.ts); otherwise none, saying which and
// why. The calls printed are the ones sent (ids and argument hashes): one that arrives meanwhile
// is left waiting.
import type { GateApi } from '../../preload/api.js';
import { approveAllQuestion, batchBlocker } from '../../preload/approve-all.js';
import { formatMoney } from '../../preload/number-format.js';
import { inert } from '../gate/text/inert.js';
import { askOnStdin } from './approve-changes.js';
import type { Colors } from './colour.js';
import { describeSummary } from './describe.js';
import { canAsk } from './prompt.js';

type Print = (line: string) => void;

export interface ApproveAllIo {
  print: Print;
  error: Print;
  c: Colors;
  /** How the question is asked; the terminal by default, nobody without one. */
  confirm?: (question: string) => Promise<boolean>;
}

export async function approveAllCommand(api: GateApi, flags: { json: boolean; yes: boolean }, io: ApproveAllIo): Promise<number> {
  const { print, error, c } = io;
  const pending = await api.pending({});
  if (pending.length === 0) {
    print(flags.json ? JSON.stringify({ ok: true, approved: [], stillWaiting: [], message: 'Nothing is waiting for approval.' }, null, 2) : 'Nothing is waiting for approval.');
    return 0;
  }
  const blockers = pending.flatMap((p) => {
    const reason = batchBlocker(p);
    return reason === undefined ? [] : [{ id: p.id, reason }];
  });
  if (blockers.length) {
    const message = `Nothing was approved: ${blockers.map((b) => `${b.id}: ${inert(b.reason)}`).join('; ')}. Decide ${blockers.length === 1 ? 'it' : 'them'} on their own (kraken-gate approve ID, deny ID).`;
    if (flags.json) print(JSON.stringify({ ok: false, blockers, message }, null, 2));
    else error(`kraken-gate: ${message}`);
    return 1;
  }
  const shown = flags.json ? error : print;
  shown(pending.map((p) => describeSummary(p, c).join('\n')).join('\n'));
  const question = approveAllQuestion(pending, formatMoney);
  if (!flags.yes) {
    const ask = io.confirm ?? (canAsk() ? askOnStdin : undefined);
    if (!ask) {
      error(`kraken-gate: ${question} Nothing was approved: answer at a terminal, or add --yes.`);
      return 1;
    }
    if (!(await ask(`${question} [y/N] `))) {
      error('Nothing was approved; they are still waiting.');
      return 1;
    }
  }
  const result = await api.approveAll({ calls: pending.map((p) => ({ id: p.id, argsHash: p.argsHash })) });
  if (flags.json) print(JSON.stringify(result, null, 2));
  else if (result.ok) print(c.green(inert(result.message)));
  else error(`kraken-gate: ${inert(result.message)}`);
  return result.ok ? 0 : 1;
}
