import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../preload/api.js';
import { effectiveSettings, readBaseline, stateOf } from '../../../main/gate/presence/baseline.js';
import { guardedSettings, readConfirmed, writeConfirmed } from '../../../main/gate/presence/confirmed.js';
import { dataDirPresence } from '../../../main/gate/presence/presence.js';
import { canonicalJson } from '../../../main/gate/text/canonical-json.js';
import { riskierSettings } from '../../../main/gate/presence/settings-risk.js';

const KRAKEN = { kind: 'kraken-mcp', python: '/usr/bin/python3', script: '/opt/kraken-mcp/kraken-server.py' } as const;

describe('the record of what a person confirmed', () => {
  let dir: string;
  const record = () => join(dir, 'confirmed.json');
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kg-baseline-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a first start trusts the files; once sealed, the record is what a start stands on', () => {
    const presence = dataDirPresence(dir);
    const fileSettings = { ...DEFAULT_SETTINGS, upstream: KRAKEN };
    const first = readBaseline(presence, record(), fileSettings);
    expect(first).toEqual({ source: 'first-start', settings: guardedSettings(fileSettings) });
    writeConfirmed(record(), presence.sealKey(), stateOf('{"version":"1"}', false, fileSettings));
    presence.markSealed();
    expect(readBaseline(dataDirPresence(dir), record(), DEFAULT_SETTINGS)).toMatchObject({
      source: 'sealed',
      settings: { upstream: KRAKEN },
      confirmed: { policyText: '{"version":"1"}', paused: false, settings: { upstream: KRAKEN } },
    });
  });

  it('an altered or removed record makes the safe defaults stand in: paused, paper, the shipped rules', () => {
    const presence = dataDirPresence(dir);
    writeConfirmed(record(), presence.sealKey(), stateOf('{"version":"1"}', false, { ...DEFAULT_SETTINGS, upstream: KRAKEN }));
    presence.markSealed();
    const sealed = JSON.parse(readFileSync(record(), 'utf8')) as { paused: boolean };
    writeFileSync(record(), JSON.stringify({ ...sealed, paused: false, policyText: '{"version":"1","default":"allow"}' }));
    expect(readConfirmed(record(), presence.sealKey())).toEqual({ ok: false, problem: 'altered' });
    const altered = readBaseline(presence, record(), DEFAULT_SETTINGS);
    expect(altered).toMatchObject({ source: 'altered', settings: { upstream: { kind: 'paper' } }, confirmed: { paused: true, settings: { upstream: { kind: 'paper' } } } });
    expect(altered.problem).toMatch(/was altered: Kraken Gate starts paused, on the paper exchange, with the shipped rules/);
    rmSync(record());
    expect(readBaseline(presence, record(), DEFAULT_SETTINGS).source).toBe('missing');
  });

  it('reads a record sealed before risk thresholds existed as sealed, with the default thresholds', () => {
    const presence = dataDirPresence(dir);
    writeConfirmed(record(), presence.sealKey(), stateOf('{"version":"1"}', false, DEFAULT_SETTINGS));
    // As an earlier version wrote it: no riskThresholds among the settings, sealed over what it wrote.
    const { mac: _mac, ...state } = JSON.parse(readFileSync(record(), 'utf8')) as { mac: string; settings: Record<string, unknown> };
    delete state.settings.riskThresholds;
    const mac = createHmac('sha256', presence.sealKey()).update(`kraken-gate confirmed state\n${canonicalJson(state)}`).digest('hex');
    writeFileSync(record(), JSON.stringify({ ...state, mac }));
    expect(readConfirmed(record(), presence.sealKey())).toMatchObject({ ok: true, state: { settings: { riskThresholds: DEFAULT_SETTINGS.riskThresholds } } });
  });

  it('settings: raising a risk threshold by hand is riskier (fewer orders ask for CONFIRM), lowering it is not', () => {
    const confirmed = guardedSettings({ ...DEFAULT_SETTINGS, upstream: KRAKEN });
    const raised = { ...DEFAULT_SETTINGS, upstream: KRAKEN, riskThresholds: { distancePercent: 50, dailyCapPercent: 50, balancePercent: 80 } };
    expect(effectiveSettings(raised, confirmed).staged).toEqual(['unusual from a limit past the market: 3 % → 50 %']);
    expect(effectiveSettings(raised, confirmed).settings.riskThresholds).toEqual(DEFAULT_SETTINGS.riskThresholds);
    const lowered = { ...raised, riskThresholds: { distancePercent: 1, dailyCapPercent: 25, balancePercent: 80 } };
    expect(effectiveSettings(lowered, confirmed)).toMatchObject({ staged: [], settings: { riskThresholds: lowered.riskThresholds } });
  });

  it('settings: riskier hand edits are held back and staged, safer ones apply', () => {
    const confirmed = guardedSettings({ ...DEFAULT_SETTINGS, upstream: KRAKEN });
    const file = { ...DEFAULT_SETTINGS, upstream: { kind: 'command' as const, command: '/tmp/evil', args: [] }, approvalTimeoutSeconds: 3600, inlineApproveMaxUsd: 10, presence: 'off' as const, port: 9999 };
    const { settings, staged } = effectiveSettings(file, confirmed);
    expect(settings).toMatchObject({ upstream: KRAKEN, approvalTimeoutSeconds: 120, presence: 'auto', inlineApproveMaxUsd: 10, port: 9999 });
    expect(staged).toEqual([
      'upstream: kraken-mcp (/usr/bin/python3 /opt/kraken-mcp/kraken-server.py) → the command /tmp/evil',
      'approval timeout: 120 s → 3600 s',
      'presence: auto → off',
    ]);
  });

  it('a gateway run with a command after -- counts as a real exchange even if settings.json says paper', () => {
    const confirmed = guardedSettings(DEFAULT_SETTINGS);
    const file = { ...DEFAULT_SETTINGS, presence: 'off' as const };
    expect(effectiveSettings(file, confirmed).settings.presence).toBe('off');
    expect(effectiveSettings(file, confirmed, 'unknown')).toMatchObject({ settings: { presence: 'auto' }, staged: ['presence: auto → off'] });
  });
});

describe('which settings changes are riskier', () => {
  it('raising or removing the Touch ID threshold is; lowering it or setting one is not', () => {
    const base = guardedSettings({ ...DEFAULT_SETTINGS, touchIdAboveUsd: 500 });
    expect(riskierSettings(base, { ...base, touchIdAboveUsd: null })).toEqual(['Touch ID for approvals from: 500 USD → never']);
    expect(riskierSettings(base, { ...base, touchIdAboveUsd: 5000 })).toEqual(['Touch ID for approvals from: 500 USD → 5000 USD']);
    expect(riskierSettings(base, { ...base, touchIdAboveUsd: 100 })).toEqual([]);
    expect(riskierSettings({ ...base, touchIdAboveUsd: null }, base)).toEqual([]);
  });
});
