import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { humanActionHeadline } from '../../../main/gate/calllog/human-action.js';
import { agentKey, agentOf, agentPauseReason, AgentPauses, untilWords, type AgentPause } from '../../../main/gate/state/agent-pauses.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const CLAUDE = { sessionId: 's1', clientName: 'claude-code' };
const CURSOR = { sessionId: 's2', clientName: 'cursor' };
const UNNAMED = { sessionId: 's3' };

let dir: string;
let path: string;
let now: number;
const clock = () => now;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agent-pauses-'));
  path = join(dir, 'agent-pauses.json');
  now = T0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('AgentPauses', () => {
  it('holds the paused client by its name, in every session, and no other client', () => {
    const pauses = new AgentPauses(path, [], clock);
    pauses.pause(CLAUDE, T0 + 15 * 60_000, 'web');
    expect(pauses.find({ sessionId: 'another', clientName: 'claude-code' })).toMatchObject({ client: 'claude-code', by: 'web' });
    expect(pauses.find(CURSOR)).toBeUndefined();
    expect(pauses.find(UNNAMED)).toBeUndefined();
  });

  it('holds a client that gave no name by its session only', () => {
    const pauses = new AgentPauses(path, [], clock);
    const pause = pauses.pause(UNNAMED, undefined, 'cli');
    expect(agentKey(pause)).toBe('session:s3');
    expect(pauses.find(UNNAMED)).toBeDefined();
    expect(pauses.find({ sessionId: 's4' })).toBeUndefined();
  });

  it('ends by itself when its time is up', () => {
    const pauses = new AgentPauses(path, [], clock);
    pauses.pause(CLAUDE, T0 + 60_000, 'web');
    now = T0 + 59_999;
    expect(pauses.find(CLAUDE)).toBeDefined();
    now = T0 + 60_000;
    expect(pauses.find(CLAUDE)).toBeUndefined();
    expect(pauses.active).toEqual([]);
  });

  it('is on disk before pause() returns, and a new instance (a restart) keeps it; a session pause ends with the run', () => {
    const first = new AgentPauses(path, [], clock);
    first.pause(CLAUDE, undefined, 'web');
    first.pause(UNNAMED, undefined, 'web');
    expect(JSON.parse(readFileSync(path, 'utf8')).paused).toHaveLength(2);
    const second = new AgentPauses(path, [], clock);
    expect(second.active.map(agentKey)).toEqual(['claude-code']);
  });

  it('lifts one pause by its key and leaves the others', () => {
    const pauses = new AgentPauses(path, [], clock);
    pauses.pause(CLAUDE, undefined, 'web');
    pauses.pause(CURSOR, undefined, 'web');
    const fired: number[] = [];
    pauses.onDidChange((active) => fired.push(active.length));
    expect(pauses.lift('claude-code')).toMatchObject({ client: 'claude-code' });
    expect(pauses.lift('claude-code')).toBeUndefined();
    expect(pauses.active.map(agentKey)).toEqual(['cursor']);
    expect(new AgentPauses(path, [], clock).active.map(agentKey)).toEqual(['cursor']);
    expect(fired).toEqual([1]);
  });

  it('pausing again replaces the pause (a shorter time is what the person chose last)', () => {
    const pauses = new AgentPauses(path, [], clock);
    pauses.pause(CLAUDE, undefined, 'web');
    pauses.pause(CLAUDE, T0 + 60_000, 'web');
    expect(pauses.active).toHaveLength(1);
    expect(pauses.active[0]!.until).toBe(new Date(T0 + 60_000).toISOString());
  });

  it('cannot be lifted by an edit of the file when a person confirmed it (the sealed record)', () => {
    const pauses = new AgentPauses(path, [], clock);
    const confirmed = [pauses.pause(CLAUDE, T0 + 3_600_000, 'web')];
    writeFileSync(path, JSON.stringify({ paused: [] }));
    expect(new AgentPauses(path, confirmed, clock).find(CLAUDE)).toBeDefined();
    // Nor shortened: the longer of the two stands.
    writeFileSync(path, JSON.stringify({ paused: [{ ...confirmed[0], until: new Date(T0 + 1000).toISOString() }] }));
    expect(new AgentPauses(path, confirmed, clock).active[0]!.until).toBe(confirmed[0]!.until);
    // A file the person (or anyone) garbled holds nothing of its own, the confirmed pause still holds.
    writeFileSync(path, '{ not json');
    expect(new AgentPauses(path, confirmed, clock).active.map(agentKey)).toEqual(['claude-code']);
  });

  it('takes a pause added to the file by hand: it only stops more', () => {
    const added: AgentPause = { client: 'cursor', since: new Date(T0).toISOString(), by: 'cli' };
    writeFileSync(path, JSON.stringify({ paused: [added] }));
    expect(new AgentPauses(path, [], clock).find(CURSOR)).toBeDefined();
  });

  it('names a client by its name made inert (a name cannot rewrite what a person reads)', () => {
    expect(agentOf({ sessionId: 's', clientName: 'evil\u202eedoc' })).toEqual({ client: 'evil\\u202eedoc' });
    expect(agentOf({ sessionId: 's', clientName: '' })).toEqual({ session: 's' });
  });
});

describe('the words', () => {
  it('tells the agent who paused it and until when', () => {
    const until = new Date(T0 + 30 * 60_000);
    const clockText = until.toTimeString().slice(0, 5);
    expect(agentPauseReason({ client: 'claude-code', since: '', until: until.toISOString(), by: 'web' }, T0)).toBe(`claude-code is paused by you until ${clockText} (Deny & pause agent)`);
    expect(agentPauseReason({ session: 's3', since: '', by: 'web' }, T0)).toBe('This session (a client that gave no name) is paused by you until you resume it (Deny & pause agent)');
  });

  it('names the day when the pause ends on another one', () => {
    const later = new Date(T0 + 3 * 86_400_000);
    expect(untilWords(later.toISOString(), T0)).toMatch(/^until \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });

  it('names the person\'s actions in the call log', () => {
    expect(humanActionHeadline({ tool: 'kraken-gate/pause-agent', decision: 'allowed', decidedBy: 'window' })).toBe('Denied a call and paused its agent in the window');
    expect(humanActionHeadline({ tool: 'kraken-gate/resume-agent', decision: 'allowed', decidedBy: 'cli' })).toBe('Resumed a paused agent from the command line');
    expect(humanActionHeadline({ tool: 'kraken-gate/approve-all', decision: 'allowed', decidedBy: 'web' })).toBe('Approved waiting orders together in the web page');
  });
});
