import { UpstreamClient } from './client.js';

export interface ProbeCommand {
  command: string;
  args: string[];
}

/**
 * Settings' "Test connection": starts the given upstream on the side (the running one is not
 * touched), waits for its tool list and stops it. No API keys are given to it: listing tools
 * needs none, and a command typed into a form should not receive them before it is saved.
 */
export async function probeUpstream(target: ProbeCommand, timeoutMs = 30_000): Promise<{ ok: boolean; message: string; tools?: number }> {
  const client = new UpstreamClient({ command: target.command, args: target.args, startTimeoutMs: timeoutMs });
  const started = performance.now();
  // The client keeps retrying a failed start; for a test, the first failure is the answer.
  let disposeState = () => undefined as void;
  const failed = new Promise<never>((_, reject) => {
    disposeState = client.onDidChangeState((status) => {
      if (status.state === 'restarting') reject(new Error(status.lastError ?? 'it exited'));
    });
  });
  try {
    await Promise.race([client.start(), failed]);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const tools = client.tools.length;
    return { ok: true, tools, message: `It answered in ${seconds} s and lists ${tools} tool${tools === 1 ? '' : 's'}.` };
  } catch (error) {
    return { ok: false, message: `It did not start: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    disposeState();
    failed.catch(() => undefined);
    await client.stop();
  }
}
