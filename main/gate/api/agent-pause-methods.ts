// Deny & pause agent (design rule 8) over one Gate: a held call is denied and its agent's financial
// calls are refused for a while. Pausing is the safe direction, one step from every surface;
// lifting a pause early lets money move again, so it takes the person's proof, like resume.
import type { GateApi } from '../../../preload/api.js';
import { pauseStops } from '../catalog.js';
import { AGENT_PAUSE_RULE, type Gate } from '../gate.js';
import type { Channel, Proof } from '../presence/caller.js';
import { agentKey, agentOf, agentPauseReason, pausedAgentView, untilWords } from '../state/agent-pauses.js';

type AgentPauseApi = Pick<GateApi, 'denyAndPauseAgent' | 'resumeAgent'>;

export interface AgentPauseDeps {
  by: Channel;
  prove: (action: string, what: string, code: string | undefined, detail: Record<string, unknown>) => Promise<Proof>;
  /** Why `id` cannot be decided, in the words the other decisions use. */
  notWaiting: (id: string) => { error: 'unknown-id' | 'already-decided'; message: string };
}

export function agentPauseMethods(gate: Gate, { by, prove, notWaiting }: AgentPauseDeps): AgentPauseApi {
  return {
    denyAndPauseAgent: async ({ id, reason, minutes }) => {
      const held = gate.approvals.get(id);
      if (!held?.origin) return { ok: false, id, ...notWaiting(id) };
      // No await from here to the sweep: no call of this agent is held or let through in between.
      const pause = gate.agentPauses.pause(held.origin, minutes === null ? undefined : Date.now() + minutes * 60_000, by);
      const why = agentPauseReason(pause);
      const denied = reason ? `Denied by the user: ${reason.replace(/[.!?\s]+$/, '')}.` : 'Denied by the user.';
      gate.approvals.decide(held.id, { approve: false, by, reason: `${denied} ${why}.` });
      const key = agentKey(pause);
      const others = new Set(
        gate.approvals
          .pending()
          .filter((p) => p.origin && agentKey(agentOf(p.origin)) === key && pauseStops(p.tool, p.arguments))
          .map((p) => p.id),
      );
      gate.approvals.cancelAll((p) => others.has(p.id), why, by, AGENT_PAUSE_RULE);
      await gate.recordAction({ action: 'pause-agent', channel: by, detail: { agent: key, until: pause.until ?? 'resumed', denied: [held.id, ...others] } });
      const also = others.size ? ` and ${others.size} more of its waiting call${others.size === 1 ? '' : 's'}` : '';
      return {
        ok: true,
        id: held.id,
        paused: pausedAgentView(pause),
        alsoDenied: [...others],
        message: `Denied ${held.id}${also}; the orders and amendments of ${pause.client ?? 'this session (a client that gave no name)'} are refused ${untilWords(pause.until)} (its reads and cancels still pass).`,
      };
    },
    resumeAgent: async ({ agent, code }) => {
      const paused = gate.agentPauses.active.find((p) => agentKey(p) === agent);
      if (!paused) return { ok: false, message: `${agent} is not paused (kraken-gate status lists the paused agents).` };
      const proof = await prove('resume-agent', `resuming ${agent}`, code, { agent });
      if (!gate.agentPauses.lift(agent)) return { ok: false, message: `${agent} is not paused any more.` };
      await gate.recordAction({ action: 'resume-agent', channel: by, proof, detail: { agent } });
      return { ok: true, message: `${agent} is resumed: its financial calls go to your rules again.` };
    },
  };
}
