import { createHmac } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendError, sendJson } from './respond.js';

// Before the CLI sends a token to the port runtime.json names, the listener must prove it holds
// that token: the CLI sends a fresh nonce, and only a process that knows the token can answer with
// HMAC(token, nonce + the port it listens on). After a crash, runtime.json may name a port that
// another local user now listens on; that stranger gets a nonce, never a token. The port is in the
// proof so a stranger cannot relay the nonce to the real gateway on another port and pass its
// answer off as its own. Plain HTTP and HMAC work the same on Linux, macOS and Windows (a named
// pipe on Windows could be squatted the same way, and nothing in Node tells who owns it).

export const IDENTITY_PATH = '/identity';
/** Which token the proof is made with: the CLI's control token, or the agent token `connect` uses. */
export type IdentityPurpose = 'control' | 'gateway';

const NONCE = /^[A-Za-z0-9_-]{22,128}$/;

/** HMAC-SHA256 of the purpose, port and nonce under `token`, hex. */
export function identityProof(token: string, purpose: IdentityPurpose, port: number, nonce: string): string {
  return createHmac('sha256', token).update(`kraken-gate identity v1\n${purpose}\n127.0.0.1:${port}\n${nonce}`).digest('hex');
}

/** Answers `GET /identity?for=control|gateway&nonce=…`. Needs no token: it reveals none. */
export function answerIdentity(res: ServerResponse, url: URL, tokens: Partial<Record<IdentityPurpose, string>>, port: number): void {
  const purpose = url.searchParams.get('for');
  const nonce = url.searchParams.get('nonce') ?? '';
  const token = purpose === 'control' || purpose === 'gateway' ? tokens[purpose] : undefined;
  if (!token) return sendError(res, 400, 'Ask with for=control or for=gateway.');
  if (!NONCE.test(nonce)) return sendError(res, 400, 'The nonce must be 22 to 128 base64url characters.');
  sendJson(res, 200, { product: 'kraken-gate', proof: identityProof(token, purpose as IdentityPurpose, port, nonce) });
}
