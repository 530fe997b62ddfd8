// main/gate/api/: what each surface's call runs, the preload/api.ts contract's methods over one Gate
// (window, CLI, headless page, notifications alike). Sits on top: may import the Gate and every folder.
import QRCode from 'qrcode';
import type { DecideResult, GateApi } from '../../../preload/api.js';
import { formatClock } from '../../../preload/clock.js';
import { approveEdited, changesNote, notAllowedWords, previewEdit, RISK_CONFIRMATION, type DecidedBefore, type DecideResult as QueueDecideResult } from '../approvals/index.js';
import { connectMethods, type ConnectHost } from './connect-methods.js';
import { dataFiles } from '../state/data-dir.js';
import { toContract, type Gate } from '../gate.js';
import type { KeyStore } from '../state/keys.js';
import { upstreamDotEnv as upstreamDotEnvOf } from '../state/upstream-dotenv.js';
import { logMethods } from './log-methods.js';
import { phoneMethods, type PhoneControl } from './phone-methods.js';
import { agentPauseMethods } from './agent-pause-methods.js';
import { approveAllMethods } from './approve-all-methods.js';
import { policyMethods } from './policy-methods.js';
import { ToolHistory } from '../state/tool-history.js';
import { listTools } from './tools-methods.js';
import { policyChangeLines } from './policy-diff.js';
import { PresenceRequired, provePresence, UNLOCK_MS, type Caller, type Proof, type Requirement } from '../presence/caller.js';
import { codeRefusalText } from '../presence/presence.js';
import { worthUsd } from '../approvals/worth.js';
import { changeRequirement, riskierSettings } from '../presence/settings-risk.js';
import { guardedSettings } from '../presence/confirmed.js';

type DecideFailure = Extract<QueueDecideResult, { ok: false }>;

const DECIDE_ERRORS: Record<DecideFailure['error'], (id: string, failure: DecideFailure) => string> = {
  'unknown-id': (id) => `No call with id ${id} is waiting for approval (\`kraken-gate pending\` lists them).`,
  'already-decided': (id, { decided: before }) => `${id} was already decided${before ? `: ${describeDecided(before)}` : ''}.`,
  'args-mismatch': (id) => `The arguments of ${id} are not the ones shown; look at it again before deciding.`,
  // The rules took another look at the moment of approval (the daily total may have moved while it waited).
  'refused-by-rules': (id, { reason }) => `${id} was not sent: the rules refuse it now. ${reason ?? ''}`.trim(),
  'invalid-changes': (id, { reason }) => `${id} was not approved with these changes: ${reason ?? 'they are not allowed'} It is still waiting.`,
  blocked: (id, { reason }) => `${id} cannot be approved: the account cannot pay it (${reason ?? 'balance too low'}). Deny it, or approve a smaller order. It is still waiting.`,
  'needs-confirmation': (id, { reason }) => `${id} is unusual: ${reason ?? ''}. Approve it only after typing ${RISK_CONFIRMATION}. It is still waiting.`,
};

function decided(id: string, approve: boolean, result: QueueDecideResult): DecideResult {
  if (result.ok && result.outcome.changes) return { ok: true, id, decision: 'approved-with-changes', note: changesNote(result.outcome.changes) };
  if (result.ok) return { ok: true, id, decision: approve ? 'approved' : 'rejected' };
  return { ok: false, id, error: result.error, message: DECIDE_ERRORS[result.error](id, result), ...(result.decided && { decided: result.decided }) };
}

function notWaiting(id: string, failure: DecideFailure & { error: 'unknown-id' | 'already-decided' }): { error: 'unknown-id' | 'already-decided'; message: string } {
  return { error: failure.error, message: DECIDE_ERRORS[failure.error](id, failure) };
}

const SURFACE_WORDS: Record<string, string> = { tray: 'from the tray', notification: 'from a notification', window: 'in the window', cli: 'from the CLI', web: 'in the web page', telegram: 'from Telegram' };

/** "approved from the tray at 14:02:07": how a call ended, for a surface that tried to decide it too late. */
function describeDecided({ decision, by, at }: DecidedBefore): string {
  const time = formatClock(at);
  if (decision === 'expired') return `it expired at ${time}, nobody decided in time`;
  if (decision === 'cancelled') return `the agent withdrew it at ${time}`;
  const verb = decision === 'approved' ? 'approved' : 'denied';
  return `${verb} ${SURFACE_WORDS[by] ?? `by ${by === 'policy' ? 'Kraken Gate' : by}`} at ${time}`;
}

/** What differs between the hosts (desktop app, headless `serve`) behind the same contract. */
export interface GateApiHost extends ConnectHost {
  keys: KeyStore;
  /**
   * The desktop app: a first authenticator setup must come from a click in its own window, so an
   * agent that reads the control token cannot set one up before the person does.
   */
  setupNeedsClick?: boolean;
  /** The Telegram channel (main/phone), where the host runs one. */
  phone?: PhoneControl;
}

/** The contract for one caller: the same methods, with who asks fixed by the transport. */
export type GateApiFor = (caller: Caller) => GateApi;

/**
 * The contract of preload/api.ts, implemented on a Gate. Inputs arrive already parsed by zod. Who
 * decides is the caller the transport built, never a field of the request; riskier actions need
 * that caller's presence proof (presence/caller.ts), and a refusal is logged and counted.
 */
export function gateApiFor(gate: Gate, host: GateApiHost): GateApiFor {
  // Accepted tool definitions, kept so a changed one can be shown as a diff (the pins hold hashes).
  const history = new ToolHistory(dataFiles.toolHistory(gate.dataDir));
  const remember = () => history.remember(gate.upstream.tools, gate.pins.changedTools);
  remember();
  gate.onDidChangeTools(remember);
  const shared = { ...logMethods(gate.log.dir), tools: async () => listTools(gate, history), ...connectMethods(gate, host) };

  return (caller) => {
    const by = caller.channel;
    /** The proof, or a logged refusal (PresenceRequired, which the transport answers). */
    const prove = async (action: string, what: string, code: string | undefined, detail: Record<string, unknown> = {}, requirement: Requirement = gate.requirement()): Promise<Proof> => {
      try {
        return provePresence(gate.presence, requirement, caller, code, what);
      } catch (error) {
        if (error instanceof PresenceRequired) await gate.noteRefused(action, by, error.message, detail);
        throw error;
      }
    };

    return {
      status: async () => gate.status(),
      pending: async () => gate.approvals.pending().map(toContract),
      approve: async ({ id, argsHash, changes, allowWorsePrice, code, confirmRisk }) => {
        // An unknown or decided id needs no proof: say so without asking for a code.
        const held = gate.approvals.get(id);
        if (!held) return decided(id, true, gate.approvals.decide(id, { approve: true, by, argsHash }));
        let proof = await prove('approve', `approving ${id}`, code, { id });
        if (caller.confirmApproval) {
          const second = await caller.confirmApproval(held.summary.headline, worthUsd(held.summary));
          if (second === 'refused') {
            await gate.noteRefused('approve', by, 'Touch ID was not confirmed', { id });
            throw new PresenceRequired('no-code', `Approving ${id} needs Touch ID above your limit; it was not confirmed. The call is still waiting.`);
          }
          if (second === 'touch-id') proof = 'touch-id';
        }
        return decided(
          id,
          true,
          changes
            ? approveEdited(gate.approvals, id, { by, proof, changes, argsHash, allowWorsePrice, confirmRisk })
            : gate.approvals.decide(id, { approve: true, by, proof, argsHash, confirmRisk }),
        );
      },
      previewChanges: async ({ id, changes, allowWorsePrice }) => {
        const preview = previewEdit(gate.approvals, id, changes, { allowWorsePrice });
        if (preview.ok) return { ok: true, id: preview.edited.id, pending: toContract(preview.edited), changes: preview.changes, note: changesNote(preview.changes) };
        const message = preview.error === 'invalid-changes' ? notAllowedWords(preview.reason) : DECIDE_ERRORS[preview.error](id, preview);
        return { ok: false, id, error: preview.error, message };
      },
      // Safer actions stay one step from every surface.
      deny: async ({ id, reason }) =>
        decided(id, false, gate.approvals.decide(id, { approve: false, by, reason: reason ? `Denied by the user: ${reason}` : 'Denied by the user.' })),
      // A second pause still sweeps the waiting financial calls; `changed` tells the surface it was on already.
      pause: async () => ({ changed: !gate.pause.paused, ...gate.setPaused(true, by) }),
      resume: async ({ code }) => {
        if (!gate.pause.paused) return { changed: false, ...gate.status() };
        const proof = await prove('resume', 'lifting the pause', code);
        return { changed: true, ...gate.setPaused(false, by, proof) };
      },
      settings: async () => gate.settings.view(),
      updateSettings: async ({ changes, code }) => {
        const before = guardedSettings(gate.settings.current);
        const after = guardedSettings({ ...gate.settings.current, ...changes });
        const riskier = riskierSettings(before, after);
        const proof = riskier.length ? await prove('settings', 'changing these settings', code, { changes: riskier }, changeRequirement(before, after, gate.exchange)) : undefined;
        const result = gate.settings.update(changes);
        if (!result.ok) return { ok: false, message: `Settings not saved: ${result.errors.join('; ')}` };
        gate.confirmSettings();
        if (riskier.length) await gate.recordAction({ action: 'settings', channel: by, ...(proof && { proof }), detail: { changes: riskier } });
        return { ok: true, view: gate.settings.view() };
      },
      keys: async () => {
        // kraken-mcp also reads its own .env: where the keys come from is the host's answer and the file's.
        const upstreamDotEnv = upstreamDotEnvOf(gate.upstream.startedWith);
        return { ...host.keys.status(), ...(upstreamDotEnv && { upstreamDotEnv }) };
      },
      setKeys: async ({ apiKey, apiSecret, code }) => {
        const proof = await prove('keys', 'changing the API keys', code);
        // Recorded first: setting them restarts the gate (and closes this one's log).
        await gate.recordAction({ action: 'keys', channel: by, proof, detail: { set: true } });
        return host.keys.set({ apiKey, apiSecret });
      },
      clearKeys: async () => host.keys.clear(),
      acceptTool: async ({ name, code }) => {
        // Only a changed definition is riskier: accepting an unchanged one changes nothing.
        const proof = gate.pins.changedTools.has(name) ? await prove('accept-tool', `accepting the changed definition of ${name}`, code, { name }) : undefined;
        if (!gate.acceptTool(name)) return { ok: false, message: `The upstream lists no tool named ${name}.` };
        if (proof) await gate.recordAction({ action: 'accept-tool', channel: by, proof, detail: { name } });
        return { ok: true, message: `Accepted the current definition of ${name}.` };
      },
      applyStaged: async ({ what, hash, code }) => {
        if (what === 'rules') {
          const staged = gate.policy.staged;
          if (!staged || staged.hash !== hash) return { ok: false, message: 'That edit of policy.json is no longer the one waiting (it changed or was applied); look at it again (kraken-gate rules diff).' };
          const proof = await prove('apply-staged', 'applying the rules edited in policy.json', code, { what, hash, loosenings: staged.loosenings });
          const before = gate.policy.text;
          gate.policy.applyStaged(hash);
          await gate.recordAction({ action: 'rules', channel: by, proof, detail: { from: 'policy.json edited on disk', loosenings: staged.loosenings, sha256: hash, changes: policyChangeLines(before, staged.text) } });
          return { ok: true, message: 'The edited rules are in force.' };
        }
        const staged = gate.stagedChanges().settings;
        if (!staged || staged.hash !== hash) return { ok: false, message: 'Those settings are no longer the ones waiting; look at them again (kraken-gate rules diff).' };
        const proof = await prove('apply-staged', 'applying the settings edited in settings.json', code, { what, hash, changes: staged.changes }, gate.stagedSettingsRequirement());
        if (!gate.applyStagedSettings(hash)) return { ok: false, message: 'settings.json changed again; look at it again.' };
        await gate.recordAction({ action: 'settings', channel: by, proof, detail: { from: 'settings.json edited on disk', changes: staged.changes } });
        return { ok: true, message: 'The edited settings are confirmed; a change of upstream applies when Kraken Gate restarts.' };
      },
      setupPresence: async ({ code }) => {
        if (host.setupNeedsClick && !caller.present && !gate.presence.configured) {
          await gate.noteRefused('presence-setup', by, 'a first setup must come from the Kraken Gate window');
          return { ok: false, message: 'Set up the authenticator in the Kraken Gate window (Settings → Presence): a first setup from elsewhere could be an agent’s.' };
        }
        const result = gate.presence.setup({ code, present: caller.present }, `Kraken Gate (${gate.dataDir})`);
        if (!result.ok) {
          await gate.noteRefused('presence-setup', by, result.message);
          return { ok: false, message: result.message };
        }
        await gate.recordAction({ action: 'presence-setup', channel: by, proof: caller.present ? 'click' : result.replaced ? 'code' : 'not-required', detail: { replaced: result.replaced } });
        return { ok: true, otpauthUri: result.otpauthUri, secret: result.secret, qrSvg: await QRCode.toString(result.otpauthUri, { type: 'svg', margin: 2 }), replaced: result.replaced };
      },
      unlock: async ({ code }) => {
        const session = caller.session;
        if (!session) return { ok: false, message: 'Only the window served by Kraken Gate unlocks; the command line takes --code with each command.' };
        const checked = gate.presence.check(code);
        if (!checked.ok) {
          await gate.noteRefused('unlock', by, codeRefusalText(checked));
          return { ok: false, message: codeRefusalText(checked) };
        }
        const until = Date.now() + UNLOCK_MS;
        session.unlock(until);
        return { ok: true, message: 'Unlocked for 5 minutes.', unlockedUntil: new Date(until).toISOString() };
      },
      lock: async () => {
        caller.session?.unlock(0);
        return { ok: true, message: 'Locked: riskier actions ask for a code again.' };
      },
      ...shared,
      ...phoneMethods(gate, host.phone, by, prove),
      ...agentPauseMethods(gate, { by, prove, notWaiting: (id) => notWaiting(id, gate.approvals.notWaiting(id)) }),
      ...approveAllMethods(gate, { caller, prove }),
      ...policyMethods(gate, { prove: (code, detail) => prove('rules', 'loosening the rules', code, detail), by }),
    };
  };
}
