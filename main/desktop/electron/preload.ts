// The sandboxed preload (bundled to CommonJS as dist/desktop/preload.cjs): exposes exactly the
// contract as `window.gate`, one IPC channel per method plus the event subscription. The page
// never gets ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import { buildWindowGate } from '../bridge.js';

contextBridge.exposeInMainWorld(
  'gate',
  buildWindowGate(
    (channel, payload) => ipcRenderer.invoke(channel, payload),
    (channel, listener) => {
      const forward = (_event: unknown, payload: unknown): void => listener(payload);
      ipcRenderer.on(channel, forward);
      return () => void ipcRenderer.removeListener(channel, forward);
    },
  ),
);
