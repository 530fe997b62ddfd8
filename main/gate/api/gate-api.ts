// main/gate/api/: what each surface's call runs, the preload/api.ts contract's methods over one Gate
// (window, CLI, headless page, notifications alike). Sits on top: may import the Gate and every folder.
import type { DecideResult, GateApi } from '../../../preload/api.js';
import { approveEdited, changesNote, previewEdit, type DecidedBefore, type DecideResult as QueueDecideResult } from '../approvals/index.js';
import { connectMethods, type ConnectHost } from './connect-methods.js';
import { dataFiles } from '../state/data-dir.js';
import { toContract, type Gate } from '../gate.js';
import type { KeyStore } from '../state/keys.js';
import { logMethods } from './log-methods.js';
import { policyMethods } from './policy-methods.js';
import { ToolHistory } from '../state/tool-history.js';
import { listTools } from './tools-methods.js';

type DecideFailure = Extract<QueueDecideResult, { ok: false }>;

const DECIDE_ERRORS: Record<DecideFailure['error'], (id: string, failure: DecideFailure) => string> = {
  'unknown-id': (id) => `No call with id ${id} is waiting for approval (\`kraken-gate pending\` lists them).`,
  'already-decided': (id, { decided: before }) => `${id} was already decided${before ? `: ${describeDecided(before)}` : ''}.`,
  'args-mismatch': (id) => `The arguments of ${id} are not the ones shown; look at it again before deciding.`,
  // The rules took another look at the moment of approval (the daily total may have moved while it waited).
  'refused-by-rules': (id, { reason }) => `${id} was not sent: the rules refuse it now. ${reason ?? ''}`.trim(),
  'invalid-changes': (id, { reason }) => `${id} was not approved with these changes: ${reason ?? 'they are not allowed'} It is still waiting.`,
};

function decided(id: string, approve: boolean, result: QueueDecideResult): DecideResult {
  if (result.ok && result.outcome.changes) return { ok: true, id, decision: 'approved-with-changes', note: changesNote(result.outcome.changes) };
  if (result.ok) return { ok: true, id, decision: approve ? 'approved' : 'rejected' };
  return { ok: false, id, error: result.error, message: DECIDE_ERRORS[result.error](id, result), ...(result.decided && { decided: result.decided }) };
}

const SURFACE_WORDS: Record<string, string> = { tray: 'from the tray', notification: 'from a notification', window: 'in the window', cli: 'from the CLI' };

/** "approved from the tray at 14:02:07": how a call ended, for a surface that tried to decide it too late. */
function describeDecided({ decision, by, at }: DecidedBefore): string {
  const time = new Date(at).toTimeString().slice(0, 8);
  if (decision === 'expired') return `it expired at ${time}, nobody decided in time`;
  if (decision === 'cancelled') return `the agent withdrew it at ${time}`;
  const verb = decision === 'approved' ? 'approved' : 'denied';
  return `${verb} ${SURFACE_WORDS[by] ?? `by ${by === 'policy' ? 'Kraken Gate' : by}`} at ${time}`;
}

/** What differs between the hosts (desktop app, headless `serve`) behind the same contract. */
export interface GateApiHost extends ConnectHost {
  keys: KeyStore;
}

/** The contract of preload/api.ts, implemented on a Gate. Inputs arrive already parsed by zod. */
export function gateApiFor(gate: Gate, host: GateApiHost): GateApi {
  // Accepted tool definitions, kept so a changed one can be shown as a diff (the pins hold hashes).
  const history = new ToolHistory(dataFiles.toolHistory(gate.dataDir));
  const remember = () => history.remember(gate.upstream.tools, gate.pins.changedTools);
  remember();
  gate.onDidChangeTools(remember);
  return {
    status: async () => gate.status(),
    pending: async () => gate.approvals.pending().map(toContract),
    approve: async ({ id, via = 'window', argsHash, changes, allowWorsePrice }) =>
      decided(
        id,
        true,
        changes
          ? approveEdited(gate.approvals, id, { by: via, changes, argsHash, allowWorsePrice })
          : gate.approvals.decide(id, { approve: true, by: via, argsHash }),
      ),
    previewChanges: async ({ id, changes, allowWorsePrice }) => {
      const preview = previewEdit(gate.approvals, id, changes, { allowWorsePrice });
      if (preview.ok) return { ok: true, id: preview.edited.id, pending: toContract(preview.edited), changes: preview.changes, note: changesNote(preview.changes) };
      return { ok: false, id, error: preview.error, message: DECIDE_ERRORS[preview.error](id, preview) };
    },
    deny: async ({ id, via = 'window', reason }) =>
      decided(id, false, gate.approvals.decide(id, { approve: false, by: via, reason: reason ? `Denied by the user: ${reason}` : 'Denied by the user.' })),
    // A second pause still sweeps the waiting financial calls; `changed` tells the surface it was on already.
    pause: async ({ via = 'window' }) => ({ changed: !gate.pause.paused, ...gate.setPaused(true, via) }),
    resume: async ({ via = 'window' }) => (gate.pause.paused ? { changed: true, ...gate.setPaused(false, via) } : { changed: false, ...gate.status() }),
    settings: async () => gate.settings.view(),
    updateSettings: async ({ changes }) => {
      const result = gate.settings.update(changes);
      return result.ok ? { ok: true, view: gate.settings.view() } : { ok: false, message: `Settings not saved: ${result.errors.join('; ')}` };
    },
    keys: async () => host.keys.status(),
    setKeys: async (keys) => host.keys.set(keys),
    clearKeys: async () => host.keys.clear(),
    acceptTool: async ({ name }) =>
      gate.acceptTool(name)
        ? { ok: true, message: `Accepted the current definition of ${name}.` }
        : { ok: false, message: `The upstream lists no tool named ${name}.` },
    ...logMethods(gate.log.dir),
    ...policyMethods(gate),
    tools: async () => listTools(gate, history),
    ...connectMethods(gate, host),
  };
}
