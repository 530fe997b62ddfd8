// A gateway's status as a renderer test starts from: the paper exchange, ready, nothing waiting.
import type { Status } from '../../preload/api.js';

export function paperStatus(changes: Partial<Status> = {}): Status {
  return {
    paused: false,
    pending: 0,
    upstream: { state: 'ready', exchange: 'paper', command: 'paper', restarts: 0, tools: 17 },
    endpoint: 'http://127.0.0.1:8787/mcp',
    changedTools: [],
    presence: { required: false, why: 'Paper exchange: no real money can move', mode: 'auto', configured: false },
    staged: {},
    refusedAttempts: [],
    ...changes,
  };
}
