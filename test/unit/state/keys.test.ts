import { describe, expect, it } from 'vitest';
import { environmentKeyStore } from '../../../main/gate/state/keys.js';

describe('environment key store (headless)', () => {
  it('reports keys given to the upstream through the environment, without handing them out', () => {
    const status = environmentKeyStore({ KRAKEN_API_KEY: 'key', KRAKEN_API_SECRET: 'c2VjcmV0' }).status();
    expect(status).toEqual({ hasKeys: true, source: 'environment', canSet: false });
    expect(JSON.stringify(status)).not.toMatch(/key"|c2VjcmV0/);
  });

  it('needs both the key and the secret', () => {
    expect(environmentKeyStore({ KRAKEN_API_KEY: 'key' }).status().hasKeys).toBe(false);
  });
});
