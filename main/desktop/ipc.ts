// The main-process side of `window.gate`: one handler per contract method (VS Code's
// validated-IPC idea). Each checks who is asking (our window's top frame on app://kraken-gate)
// and parses the payload with the contract's zod schema before the gate sees it. A decision made
// here is the window's: the contract is bound to the window's caller (a click: presence), and a
// payload cannot name another surface (the schemas have no such field).
import { gateApi, type GateApi, type GateApiMethod } from '../../preload/api.js';
import { gateChannel } from '../../preload/window-gate.js';
import type { IpcSender, IpcShell } from './shell.js';

export class IpcRefused extends Error {}

export interface GateIpcOptions {
  isTrusted(sender: IpcSender): boolean;
  log?: (line: string) => void;
}

/** Registers the handlers; returns the function that removes them. */
export function registerGateIpc(ipc: IpcShell, api: GateApi, options: GateIpcOptions): () => void {
  const log = options.log ?? ((line: string) => console.error(line));
  const methods = Object.keys(gateApi) as GateApiMethod[];
  for (const method of methods) {
    const schema = gateApi[method];
    ipc.handle(gateChannel(method), async (sender, payload) => {
      if (!options.isTrusted(sender)) {
        log(`ipc: refused ${method} from ${sender.frameUrl ?? 'a frame that is gone'} (webContents ${sender.webContentsId}${sender.mainFrame ? '' : ', a subframe'})`);
        throw new IpcRefused(`Refused: ${method} may only be called by the Kraken Gate window.`);
      }
      const parsed = schema.input.safeParse(payload === undefined ? {} : payload);
      if (!parsed.success) {
        throw new IpcRefused(`Refused: invalid input for ${method}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ')}`);
      }
      const call = api[method] as (input: unknown) => Promise<unknown>;
      return schema.output.parse(await call(parsed.data));
    });
  }
  return () => {
    for (const method of methods) ipc.removeHandler(gateChannel(method));
  };
}
