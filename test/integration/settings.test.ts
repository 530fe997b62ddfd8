import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

describe('settings through the control API', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw.close());

  it('reads the defaults, saves a valid change, and refuses an invalid one without saving any of it', async () => {
    const { body: view } = await gw.control('settings', {});
    expect(view.settings).toMatchObject({ port: 8787, upstream: { kind: 'paper' }, approvalTimeoutSeconds: 120 });
    expect(view.path).toBe(`${gw.dataDir}/settings.json`);

    const saved = await gw.control('updateSettings', { changes: { inlineApproveMaxUsd: 500, port: 8899 } });
    expect(saved.body).toMatchObject({ ok: true, view: { settings: { inlineApproveMaxUsd: 500, port: 8899 }, restartRequired: ['port'] } });

    const refused = await gw.control('updateSettings', { changes: { inlineApproveMaxUsd: 100, logKeepDays: 0 } });
    expect(refused).toEqual({ status: 400, body: { error: expect.stringMatching(/changes\.logKeepDays: Too small/) } });
    expect((await gw.control('settings', {})).body.settings.inlineApproveMaxUsd).toBe(500);
  });

  it('refuses a setting the contract does not know, before any handler runs', async () => {
    const response = await gw.control('updateSettings', { changes: { apiSecret: 'x' } } as never);
    expect(response.status).toBe(400);
  });
});
