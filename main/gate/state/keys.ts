import type { KeysStatus } from '../../../preload/api.js';

/** The environment variables kraken-mcp reads its API key and secret from. */
export const KEY_ENV = { apiKey: 'KRAKEN_API_KEY', apiSecret: 'KRAKEN_API_SECRET' } as const;

export interface ApiKeys {
  apiKey: string;
  apiSecret: string;
}

/**
 * Where a host keeps the Kraken API keys. The desktop app stores them encrypted with the OS
 * keychain (Electron safeStorage); the headless gateway only has what its environment gave it.
 * The keys go to the upstream's environment and nowhere else: nothing here returns them to a
 * surface.
 */
export interface KeyStore {
  status(): KeysStatus;
  /** Stores the keys and restarts the upstream with them; the message says what happened. */
  set(keys: ApiKeys): Promise<{ ok: boolean; message: string }>;
  clear(): Promise<{ ok: boolean; message: string }>;
}

const HEADLESS_HINT =
  'The headless gateway takes its keys from KRAKEN_API_KEY and KRAKEN_API_SECRET in its environment (or a .env file beside kraken-server.py); set them there and restart `kraken-gate serve`.';

/** `kraken-gate serve`: keys come from the environment it was started with; they cannot be set from a surface. */
export function environmentKeyStore(upstreamEnv: Readonly<Record<string, string>> | undefined): KeyStore {
  const hasKeys = Boolean(upstreamEnv?.[KEY_ENV.apiKey] && upstreamEnv[KEY_ENV.apiSecret]);
  return {
    status: () => ({ hasKeys, source: hasKeys ? 'environment' : 'none', canSet: false }),
    set: async () => ({ ok: false, message: HEADLESS_HINT }),
    clear: async () => ({ ok: false, message: HEADLESS_HINT }),
  };
}
