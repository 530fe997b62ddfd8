import { readFileSync } from 'node:fs';
import { gateApi, type GateApi, type GateApiInput, type GateApiMethod, type GateApiOutput } from '../../preload/api.js';
import { dataFiles } from '../gate/state/data-dir.js';
import { RuntimeSchema, type RuntimeInfo } from '../gate/state/runtime-file.js';
import { readToken } from '../gate/state/token.js';
import { checkGatewayIdentity, describeFailedCheck } from './gateway-identity.js';

export type { RuntimeInfo };

export class ControlError extends Error {}

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

/** The control API of a running gateway, as the CLI uses it. Same contract as the UI's. */
export function controlClient(dataDir: string): GateApi {
  const runtime = readRuntime(dataDir);
  const token = readToken(dataFiles.controlToken(dataDir));
  if (!token) throw new ControlError(`No control token in ${dataDir}.`);
  // The control token approves orders: it goes only to a listener that has proved it holds it.
  let verified: Promise<void> | undefined;
  const verify = async (): Promise<void> => {
    const check = await checkGatewayIdentity(runtime.port, token, 'control');
    if (!check.ok) throw new ControlError(describeFailedCheck(check, runtime, dataDir));
  };
  const call = async <M extends GateApiMethod>(method: M, input: GateApiInput<M>): Promise<GateApiOutput<M>> => {
    await (verified ??= verify());
    let response: Response;
    try {
      response = await fetch(`http://127.0.0.1:${runtime.port}/api/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
    } catch {
      throw new ControlError(`Kraken Gate is not answering on 127.0.0.1:${runtime.port} (pid ${runtime.pid}). Is it still running?`);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const message = (body as { error?: string } | undefined)?.error ?? `HTTP ${response.status}`;
      throw new ControlError(message);
    }
    return gateApi[method].output.parse(body) as GateApiOutput<M>;
  };
  return Object.fromEntries(Object.keys(gateApi).map((m) => [m, (input: never) => call(m as GateApiMethod, input)])) as GateApi;
}
