// Agents a person paused from a held call's card (Deny & pause agent, design rule 8): the financial
// calls of one MCP client are refused for a while, the rest of it and every other agent go on.
// Written to disk before it is acknowledged, like the pause; a restart keeps what has not ended.
// A client is known by the name it gave at initialize, so an agent that renames itself is not
// held by this: it is a brake for a person, not a boundary (the financial pause is one).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { PausedAgent } from '../../../preload/api.js';
import { formatClock } from '../../../preload/clock.js';
import { writeFileAtomic } from './atomic-file.js';
import { Emitter } from '../events.js';
import { INERT_LIMITS, inert } from '../text/inert.js';
import type { CallOrigin, Decider } from '../types.js';

export const AgentPauseSchema = z
  .object({
    /** The MCP client name (inert), for a client that gave one. */
    client: z.string().min(1).optional(),
    /** The session, for a client that gave no name: it ends with the session (and with the run). */
    session: z.string().min(1).optional(),
    since: z.string(),
    /** ISO end; absent: until a person resumes it. */
    until: z.string().optional(),
    by: z.string(),
  })
  .refine((p) => (p.client === undefined) !== (p.session === undefined), 'a client or a session');
export type AgentPause = z.infer<typeof AgentPauseSchema>;

const FileSchema = z.object({ paused: z.array(AgentPauseSchema) });

/** Who a call came from, as pauses name it: the client's name, else its session. */
export function agentOf(origin: Pick<CallOrigin, 'sessionId' | 'clientName'>): Pick<AgentPause, 'client' | 'session'> {
  return origin.clientName ? { client: inert(origin.clientName, INERT_LIMITS.name) } : { session: origin.sessionId };
}

/** What `resumeAgent` takes and surfaces show: the client's name, or `session:<id>`. */
export function agentKey(agent: Pick<AgentPause, 'client' | 'session'>): string {
  return agent.client ?? `session:${agent.session}`;
}

export class AgentPauses {
  private readonly changeEmitter = new Emitter<readonly AgentPause[]>();
  readonly onDidChange = this.changeEmitter.event;
  private current: AgentPause[];

  /**
   * `confirmed`: the pauses a person left in force (the sealed record). The file cannot lift one of
   * them at start (a hand edit); it may add its own. A session's pause ended with its run.
   */
  constructor(
    private readonly path: string,
    confirmed: readonly AgentPause[] = [],
    private readonly now: () => number = Date.now,
  ) {
    const byKey = new Map<string, AgentPause>();
    for (const pause of [...AgentPauses.load(path), ...confirmed]) {
      if (pause.session !== undefined || this.ended(pause)) continue;
      const key = agentKey(pause);
      const before = byKey.get(key);
      if (!before || lastsLonger(pause, before)) byKey.set(key, pause);
    }
    this.current = [...byKey.values()];
  }

  private static load(path: string): AgentPause[] {
    try {
      return FileSchema.parse(JSON.parse(readFileSync(path, 'utf8'))).paused;
    } catch {
      // Missing, or not ours to read: the sealed record (where a person's presence counts) still holds.
      return [];
    }
  }

  /** The pauses in force now, oldest first. */
  get active(): AgentPause[] {
    return this.current.filter((p) => !this.ended(p));
  }

  /** The pause that holds a call from `origin` now, if any; cheap when nothing is paused. */
  find(origin: Pick<CallOrigin, 'sessionId' | 'clientName'>): AgentPause | undefined {
    if (this.current.length === 0) return undefined;
    const key = agentKey(agentOf(origin));
    return this.current.find((p) => agentKey(p) === key && !this.ended(p));
  }

  /** Pauses the agent of `origin` until `untilMs` (undefined: until resumed); a pause it had is replaced. */
  pause(origin: Pick<CallOrigin, 'sessionId' | 'clientName'>, untilMs: number | undefined, by: Decider): AgentPause {
    const agent = agentOf(origin);
    const pause: AgentPause = { ...agent, since: new Date(this.now()).toISOString(), ...(untilMs !== undefined && { until: new Date(untilMs).toISOString() }), by };
    this.write([...this.active.filter((p) => agentKey(p) !== agentKey(agent)), pause]);
    return pause;
  }

  /** Lifts the pause named `key` (agentKey); undefined when none is in force. */
  lift(key: string): AgentPause | undefined {
    const lifted = this.active.find((p) => agentKey(p) === key);
    if (lifted) this.write(this.active.filter((p) => p !== lifted));
    return lifted;
  }

  private write(next: AgentPause[]): void {
    writeFileAtomic(this.path, `${JSON.stringify({ paused: next }, null, 2)}\n`);
    this.current = next;
    this.changeEmitter.fire(this.active);
  }

  private ended(pause: AgentPause): boolean {
    return pause.until !== undefined && Date.parse(pause.until) <= this.now();
  }
}

function lastsLonger(a: AgentPause, b: AgentPause): boolean {
  if (b.until === undefined) return false;
  return a.until === undefined || Date.parse(a.until) > Date.parse(b.until);
}

/**
 * What the agent (and the log) reads when its financial call is refused:
 * "claude-code is paused by you until 14:30 (Deny & pause agent)".
 */
export function agentPauseReason(pause: AgentPause, now = Date.now()): string {
  const who = pause.client ?? 'This session (a client that gave no name)';
  return `${who} is paused by you ${untilWords(pause.until, now)} (Deny & pause agent)`;
}

/** "until 14:30", "until 2026-11-25 14:30" on another day, "until you resume it". */
export function untilWords(until: string | undefined, now = Date.now()): string {
  if (until === undefined) return 'until you resume it';
  const end = new Date(until);
  const clock = formatClock(end, { seconds: false });
  if (end.toDateString() === new Date(now).toDateString()) return `until ${clock}`;
  const day = `${end.getFullYear()}-${String(end.getMonth() + 1).padStart(2, '0')}-${String(end.getDate()).padStart(2, '0')}`;
  return `until ${day} ${clock}`;
}

/** A pause as the contract's status lists it. */
export function pausedAgentView(pause: AgentPause): PausedAgent {
  return { agent: agentKey(pause), ...(pause.client !== undefined && { client: pause.client }), since: pause.since, ...(pause.until !== undefined && { until: pause.until }), by: pause.by };
}
