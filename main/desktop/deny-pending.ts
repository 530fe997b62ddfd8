import type { Gate } from '../gate/gate.js';

/**
 * Refuses every call still waiting for a human, with a reason the agent and the log both get,
 * and resolves once their records are written and the answers handed to the agents' connections
 * (or after `timeoutMs`, so a stuck write cannot hold up a quit forever). Used before the app
 * quits or restarts its upstream, which closes those connections.
 */
export async function denyAllPending(gate: Gate, reason: string, timeoutMs = 5000): Promise<number> {
  const count = gate.approvals.pending().length;
  if (count === 0) return 0;
  let left = count;
  const recorded = new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      dispose();
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    const dispose = gate.onDidRecord((record) => {
      if (record.decision === 'rejected' && record.reason === reason && --left === 0) done();
    });
  });
  gate.approvals.cancelAll(() => true, reason, 'policy');
  await recorded;
  // The record is written before the agent's answer (the pipeline's rule); the answer follows in
  // the same chain of promise jobs, so one turn of the event loop later it is on the socket.
  await new Promise((resolve) => setImmediate(resolve));
  return count;
}
