import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../preload/api.js';
import { readSettingsFile, SettingsStore } from '../../../main/gate/state/settings.js';

const dir = () => mkdtempSync(join(tmpdir(), 'kraken-gate-settings-'));

describe('settings.json', () => {
  it('starts from the defaults and keeps a change across a restart, in a file only its owner reads', () => {
    const dataDir = dir();
    const first = new SettingsStore(dataDir, '0.1.0');
    expect(first.current).toEqual(DEFAULT_SETTINGS);
    const result = first.update({ approvalTimeoutSeconds: 300, upstream: { kind: 'kraken-mcp', python: '/venv/bin/python', script: '/src/kraken-server.py' } });
    expect(result.ok).toBe(true);
    const again = new SettingsStore(dataDir, '0.1.0');
    expect(again.current).toMatchObject({ approvalTimeoutSeconds: 300, upstream: { kind: 'kraken-mcp', script: '/src/kraken-server.py' }, port: 8787 });
    if (process.platform !== 'win32') expect(statSync(join(dataDir, 'settings.json')).mode & 0o777).toBe(0o600);
  });

  it('refuses an invalid change as a whole, with the field and the reason, and writes nothing', () => {
    const dataDir = dir();
    const store = new SettingsStore(dataDir, '0.1.0');
    const result = store.update({ approvalTimeoutSeconds: 5, port: 8800 });
    expect(result).toEqual({ ok: false, errors: [expect.stringMatching(/^approvalTimeoutSeconds: .*10/)] });
    expect(new SettingsStore(dataDir, '0.1.0').current.port).toBe(8787);
  });

  it('reads a hand edit while running, and keeps the last good settings when the file is broken mid-run', () => {
    const dataDir = dir();
    const store = new SettingsStore(dataDir, '0.1.0');
    const path = join(dataDir, 'settings.json');
    writeFileSync(path, JSON.stringify({ ...DEFAULT_SETTINGS, port: 9100 }));
    expect(store.current.port).toBe(9100);
    writeFileSync(path, JSON.stringify({ ...DEFAULT_SETTINGS, port: 9100, presence: 'sometimes' }));
    expect(store.current).toMatchObject({ port: 9100, presence: 'auto' });
    writeFileSync(path, JSON.stringify({ ...DEFAULT_SETTINGS, port: 9200 }));
    expect(store.current.port).toBe(9200);
  });

  it('says which saved settings wait for a restart', () => {
    const store = new SettingsStore(dir(), '0.1.0');
    store.update({ port: 8800, logKeepDays: 30 });
    expect(store.view().restartRequired).toEqual(['port']);
  });

  it('sets a hand-edited file that does not validate aside, uses the defaults and says why', () => {
    const dataDir = dir();
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ port: 'eighty' }));
    const store = new SettingsStore(dataDir, '0.1.0');
    expect(store.current).toEqual(DEFAULT_SETTINGS);
    expect(store.view().problem).toMatch(/settings\.json was not valid .*port.*kept as .*settings\.invalid-\d+\.json/);
    const kept = readdirSync(dataDir).find((f) => f.startsWith('settings.invalid-'));
    expect(readFileSync(join(dataDir, kept ?? ''), 'utf8')).toContain('eighty');
  });

  it('tells listeners about a change', () => {
    const store = new SettingsStore(dir(), '0.1.0');
    const seen: number[] = [];
    store.onDidChange((s) => seen.push(s.inlineApproveMaxUsd));
    store.update({ inlineApproveMaxUsd: 250 });
    expect(seen).toEqual([250]);
  });
});

describe('readSettingsFile (before the data dir is locked)', () => {
  it('reads what was saved, field by field over the defaults, without touching the file', () => {
    const dataDir = dir();
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ port: 8800, __internal__: { migrations: { version: '0.1.0' } } }));
    expect(readSettingsFile(dataDir)).toEqual({ ...DEFAULT_SETTINGS, port: 8800 });
  });

  it('falls back to the defaults for a missing or invalid file, and leaves an invalid one where it is', () => {
    const dataDir = dir();
    expect(readSettingsFile(dataDir)).toEqual(DEFAULT_SETTINGS);
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ port: 'eighty' }));
    expect(readSettingsFile(dataDir)).toEqual(DEFAULT_SETTINGS);
    expect(readdirSync(dataDir)).toEqual(['settings.json']);
  });
});
