import { readFileSync } from 'node:fs';
import { ALWAYS_RISKIER, gateApi, PresenceRefusalSchema, takesPresenceCode, type GateApi, type GateApiInput, type GateApiMethod, type GateApiOutput } from '../../preload/api.js';
import { dataFiles } from '../gate/state/data-dir.js';
import { RuntimeSchema, type RuntimeInfo } from '../gate/state/runtime-file.js';
import { readToken } from '../gate/state/token.js';
import { checkGatewayIdentity, describeFailedCheck, describeUnreachable } from './gateway-identity.js';

export type { RuntimeInfo };

export class ControlError extends Error {}

/** A riskier action refused for want of a presence proof (no code, a wrong one, or too many). */
export class PresenceError extends ControlError {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

type Print = (line: string) => void;

/**
 * How a command ends when a riskier action was refused for want of the person's code: the reason
 * (and the command to run with --code) in words, or as JSON; exit 1. Anything else is rethrown.
 */
export function endOnPresenceRefusal(failure: unknown, json: boolean, print: Print, error: Print): number {
  if (!(failure instanceof PresenceError)) throw failure;
  if (json) print(JSON.stringify({ ok: false, error: 'presence-required', reason: failure.reason, message: failure.message }, null, 2));
  else error(`kraken-gate: ${failure.message}`);
  return 1;
}

export interface ControlClientOptions {
  /** The person's code (--code), sent with the riskier methods that take one. */
  code?: string;
  /** Asks the person for a code (at a terminal); undefined when nobody can be asked. */
  askCode?: () => Promise<string | undefined>;
  /** The command to run again with --code, said when a code is needed and nobody could be asked. */
  retryHint?: string;
}

/** Where the running gateway (headless or desktop) listens, from the file it writes at start. */
export function readRuntime(dataDir: string): RuntimeInfo {
  let text: string;
  try {
    text = readFileSync(dataFiles.runtime(dataDir), 'utf8');
  } catch {
    throw new ControlError(`Kraken Gate is not running (nothing in ${dataDir}). Start it with \`kraken-gate serve\`.`);
  }
  return RuntimeSchema.parse(JSON.parse(text));
}

/**
 * The control API of a running gateway, as the CLI uses it. Same contract as the UI's. A riskier
 * action takes the person's code: the one given, else (at a terminal) asked for once it is known to
 * be needed; without either, the refusal says the command to run with --code.
 */
export function controlClient(dataDir: string, options: ControlClientOptions = {}): GateApi {
  const runtime = readRuntime(dataDir);
  const token = readToken(dataFiles.controlToken(dataDir));
  if (!token) throw new ControlError(`No control token in ${dataDir}.`);
  // The control token approves orders: it goes only to a listener that has proved it holds it.
  let verified: Promise<void> | undefined;
  const verify = async (): Promise<void> => {
    const check = await checkGatewayIdentity(runtime.port, token, 'control');
    if (!check.ok) throw new ControlError(describeFailedCheck(check, runtime, dataDir));
  };
  let code = options.code;
  const post = async (method: GateApiMethod, input: unknown): Promise<{ response: Response; body: unknown }> => {
    await (verified ??= verify());
    let response: Response;
    try {
      response = await fetch(`http://127.0.0.1:${runtime.port}/api/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
    } catch {
      throw new ControlError(describeUnreachable(runtime));
    }
    return { response, body: await response.json().catch(() => undefined) };
  };
  const withCode = (method: GateApiMethod, input: unknown): unknown => (code !== undefined && takesPresenceCode(method) ? { ...(input as object), code } : input);
  const call = async <M extends GateApiMethod>(method: M, input: GateApiInput<M>): Promise<GateApiOutput<M>> => {
    // Asked before sending where it is sure to be needed, so the person's own try is not logged as refused.
    if (code === undefined && options.askCode && ALWAYS_RISKIER.has(method)) {
      const { body } = await post('status', {});
      if ((body as { presence?: { required?: boolean } } | undefined)?.presence?.required) code = await options.askCode();
    }
    let { response, body } = await post(method, withCode(method, input));
    let refusal = PresenceRefusalSchema.safeParse(body);
    if (refusal.success && refusal.data.reason === 'no-code' && code === undefined && options.askCode && takesPresenceCode(method)) {
      code = await options.askCode();
      if (code !== undefined) {
        ({ response, body } = await post(method, withCode(method, input)));
        refusal = PresenceRefusalSchema.safeParse(body);
      }
    }
    if (!response.ok) {
      if (refusal.success) {
        const hint = options.retryHint && code === undefined ? `\nWith your code: ${options.retryHint}` : '';
        throw new PresenceError(`${refusal.data.message}${hint}`, refusal.data.reason);
      }
      const message = (body as { error?: string } | undefined)?.error ?? `HTTP ${response.status}`;
      throw new ControlError(message);
    }
    return gateApi[method].output.parse(body) as GateApiOutput<M>;
  };
  return Object.fromEntries(Object.keys(gateApi).map((m) => [m, (input: never) => call(m as GateApiMethod, input)])) as GateApi;
}
