// `kraken-gate approve ID --volume 0.05 --price 49000`: approve a held order with changes. The
// gateway checks the changes and puts the changed order into words; the CLI prints that, asks
// (unless --yes), and approves exactly the arguments it printed (bound to their hash).
import type { GateApi, OrderChanges, PendingApproval } from '../../preload/api.js';
import { inert } from '../gate/text/inert.js';
import type { Colors } from './colour.js';
import { describeSummary } from './describe.js';
import { askLine } from './prompt.js';

export interface ApproveChangesFlags {
  json: boolean;
  changes: OrderChanges;
  allowWorsePrice?: boolean;
  yes?: boolean;
  /** The person confirmed an unusual order: what they typed (CONFIRM, or the amount), or true for --confirm-risk. */
  confirmRisk?: boolean | string;
}

type Print = (line: string) => void;

/** Asks a yes/no question on stderr, reads one line of stdin; only "y" or "yes" is a yes. */
export async function askOnStdin(question: string): Promise<boolean> {
  return /^y(es)?$/i.test(await askLine(question));
}

export async function approveWithChanges(
  api: GateApi,
  id: string,
  flags: ApproveChangesFlags,
  io: { print: Print; error: Print; c: Colors; confirm?: (question: string) => Promise<boolean> },
): Promise<number> {
  const { print, error, c } = io;
  const edit = { changes: flags.changes, ...(flags.allowWorsePrice && { allowWorsePrice: true }) };
  const preview = await api.previewChanges({ id, ...edit });
  if (!preview.ok) {
    if (flags.json) print(JSON.stringify(preview, null, 2));
    // A refused edit leaves the call as it was: say what the person can still do with it.
    else error(`kraken-gate: ${inert(preview.message)}${preview.error === 'invalid-changes' ? ` ${preview.id} is still waiting (kraken-gate approve, deny).` : ''}`);
    return 1;
  }
  const shown = (flags.json ? error : print) as Print;
  shown(describeChanged(preview.pending, preview.note, c));
  if (!flags.yes && !(await (io.confirm ?? askOnStdin)('Approve with these changes? [y/N] '))) {
    error(`Not approved; ${preview.id} is still waiting (kraken-gate approve, deny).`);
    return 1;
  }
  const result = await api.approve({ id, argsHash: preview.pending.argsHash, ...edit, ...(flags.confirmRisk && { confirmRisk: flags.confirmRisk }) });
  if (flags.json) print(JSON.stringify(result, null, 2));
  else if (result.ok) print(`${result.id}: ${c.green('approved with changes')} (${inert(preview.note.replace(/^Approved with changes: /, ''))}).`);
  else error(`kraken-gate: ${inert(result.message)}`);
  return result.ok ? 0 : 1;
}

/** The changed order as `kraken-gate pending` shows a held one, and what changed. */
function describeChanged(p: PendingApproval, note: string, c: Colors): string {
  return [...describeSummary(p, c), `    ${c.yellow(inert(note))}`].join('\n');
}
