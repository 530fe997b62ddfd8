import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

describe('API keys through the control API of the headless gateway', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw.close());

  it('says no keys are set and that they come from the environment, and refuses to store any', async () => {
    expect((await gw.control('keys', {})).body).toEqual({ hasKeys: false, source: 'none', canSet: false });
    const set = await gw.control('setKeys', { apiKey: 'k', apiSecret: 's' });
    expect(set.body).toEqual({ ok: false, message: expect.stringContaining('KRAKEN_API_KEY and KRAKEN_API_SECRET in its environment') });
    expect((await gw.control('keys', {})).body.hasKeys).toBe(false);
  });

  it('has no method that returns the keys', async () => {
    expect((await gw.control('getKeys' as never, {} as never)).status).toBe(404);
  });
});
