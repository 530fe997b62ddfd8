import type { DecideResult, GateApi } from '../../preload/api.js';
import type { DecideResult as QueueDecideResult } from './approvals/index.js';
import { toContract, type Gate } from './gate.js';
import type { KeyStore } from './keys.js';

const DECIDE_ERRORS = {
  'unknown-id': (id: string) => `No call with id ${id} is waiting for approval (\`kraken-gate pending\` lists them).`,
  'already-decided': (id: string) => `${id} was already decided.`,
  'args-mismatch': (id: string) => `The arguments of ${id} are not the ones shown; look at it again before deciding.`,
  // The rules took another look at the moment of approval (the daily total may have moved while it waited).
  'refused-by-rules': (id: string, reason?: string) => `${id} was not sent: the rules refuse it now. ${reason ?? ''}`.trim(),
} as const;

function decided(id: string, approve: boolean, result: QueueDecideResult): DecideResult {
  if (result.ok) return { ok: true, id, decision: approve ? 'approved' : 'rejected' };
  return { ok: false, id, error: result.error, message: DECIDE_ERRORS[result.error](id, result.reason) };
}

/** What differs between the hosts (desktop app, headless `serve`) behind the same contract. */
export interface GateApiHost {
  keys: KeyStore;
}

/** The contract of preload/api.ts, implemented on a Gate. Inputs arrive already parsed by zod. */
export function gateApiFor(gate: Gate, host: GateApiHost): GateApi {
  return {
    status: async () => gate.status(),
    pending: async () => gate.approvals.pending().map(toContract),
    approve: async ({ id, via = 'window', argsHash }) => decided(id, true, gate.approvals.decide(id, { approve: true, by: via, argsHash })),
    deny: async ({ id, via = 'window', reason }) =>
      decided(id, false, gate.approvals.decide(id, { approve: false, by: via, reason: reason ? `Denied by the user: ${reason}` : 'Denied by the user.' })),
    pause: async ({ via = 'window' }) => gate.setPaused(true, via),
    resume: async ({ via = 'window' }) => gate.setPaused(false, via),
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
  };
}
