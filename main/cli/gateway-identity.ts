import { randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { isAlive } from '../gate/state/data-dir-lock.js';
import { IDENTITY_PATH, identityProof, type IdentityPurpose } from '../gate/http/identity.js';

export type IdentityCheck =
  | { ok: true }
  /** Nothing answers on the port (connection refused, timed out). */
  | { ok: false; why: 'unreachable' }
  /** Something answers, but cannot prove it holds our token: not our gateway. */
  | { ok: false; why: 'stranger'; detail: string };

const AnswerSchema = z.object({ product: z.literal('kraken-gate'), proof: z.string().regex(/^[0-9a-f]{64}$/) });

/**
 * Whatever listens on 127.0.0.1:`port` proves it holds `token` before the token is sent there
 * (see main/gate/http/identity.ts). Sends a fresh nonce and nothing else.
 */
export async function checkGatewayIdentity(port: number, token: string, purpose: IdentityPurpose, timeoutMs = 5000): Promise<IdentityCheck> {
  const nonce = randomBytes(24).toString('base64url');
  let response: Response;
  try {
    response = await fetch(`http://127.0.0.1:${port}${IDENTITY_PATH}?for=${purpose}&nonce=${nonce}`, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (error) {
    // A listener that accepts and then says nothing (or hangs up) is still someone listening.
    if (refusedConnection(error)) return { ok: false, why: 'unreachable' };
    return { ok: false, why: 'stranger', detail: `it did not answer the identity check${error instanceof Error && error.name === 'TimeoutError' ? ` within ${Math.round(timeoutMs / 1000)} s` : ''}` };
  }
  const answer = AnswerSchema.safeParse(await response.json().catch(() => undefined));
  if (!response.ok || !answer.success) return { ok: false, why: 'stranger', detail: `it answered the identity check with HTTP ${response.status} and no proof` };
  const expected = Buffer.from(identityProof(token, purpose, port, nonce), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(answer.data.proof, 'hex'))) {
    return { ok: false, why: 'stranger', detail: 'its proof does not match the token in this data dir' };
  }
  return { ok: true };
}

function refusedConnection(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string; errors?: Array<{ code?: string }> } } | undefined)?.cause;
  return cause?.code === 'ECONNREFUSED' || (cause?.errors ?? []).some((e) => e.code === 'ECONNREFUSED');
}

/**
 * Nothing answers where runtime.json says. A gateway killed with -9 (or crashed) leaves that file
 * behind: its pid is gone, and then it is simply not running (and the person wants the command that
 * starts it). A live pid may be a gateway that hangs or still starts.
 */
export function describeUnreachable(runtime: { pid: number; port: number }): string {
  if (!isAlive(runtime.pid)) {
    return `Kraken Gate is not running: it stopped without cleaning up (pid ${runtime.pid} is gone, nothing answers on 127.0.0.1:${runtime.port}). Start it with \`kraken-gate serve\` or the desktop app.`;
  }
  return `Kraken Gate is not answering on 127.0.0.1:${runtime.port} (pid ${runtime.pid}). Is it still running?`;
}

/** What the CLI says when the listener named by runtime.json failed the check. */
export function describeFailedCheck(check: Exclude<IdentityCheck, { ok: true }>, runtime: { pid: number; port: number }, dataDir: string): string {
  if (check.why === 'unreachable') return describeUnreachable(runtime);
  const leftOver = isAlive(runtime.pid)
    ? `pid ${runtime.pid}, named in runtime.json, is running: is that Kraken Gate using another data dir?`
    : `runtime.json is left over from a Kraken Gate that stopped (pid ${runtime.pid} is not running): start it again with \`kraken-gate serve\`.`;
  return `The program listening on 127.0.0.1:${runtime.port} is not the Kraken Gate of ${dataDir} (${check.detail}); no token was sent to it. ${leftOver}`;
}
