// Auto-update's decisions (main/desktop/updates.ts) on a fake electron-updater: which installs
// update themselves, when the app looks for a release, and which exits install what was downloaded.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UPDATE_TIMING, UpdateController, updateSupport } from '../../../main/desktop/updates.js';
import { FakeUpdater } from '../../integration/packaging/fake-updater.js';

describe('which installs update themselves', () => {
  const packaged = { packaged: true, env: {} };
  it('the macOS app, the Windows installer and the AppImage do', () => {
    expect(updateSupport({ ...packaged, platform: 'darwin' })).toEqual({ enabled: true });
    expect(updateSupport({ ...packaged, platform: 'win32' })).toEqual({ enabled: true });
    expect(updateSupport({ ...packaged, platform: 'linux', env: { APPIMAGE: '/home/me/Kraken-Gate.AppImage' } })).toEqual({ enabled: true });
  });

  it('the .deb, `npm start`, an opted-out install and other systems do not, and say why', () => {
    expect(updateSupport({ ...packaged, platform: 'linux' })).toEqual({ enabled: false, why: expect.stringMatching(/\.deb/) });
    expect(updateSupport({ packaged: false, platform: 'darwin', env: {} })).toEqual({ enabled: false, why: expect.stringMatching(/npm start/) });
    expect(updateSupport({ packaged: true, platform: 'win32', env: { KRAKEN_GATE_NO_UPDATES: '1' } })).toEqual({ enabled: false, why: expect.stringMatching(/KRAKEN_GATE_NO_UPDATES/) });
    expect(updateSupport({ ...packaged, platform: 'freebsd' }).enabled).toBe(false);
  });
});

describe('looking for a release', () => {
  let updater: FakeUpdater;
  let lines: string[];
  beforeEach(() => {
    vi.useFakeTimers();
    updater = new FakeUpdater();
    lines = [];
  });
  afterEach(() => vi.useRealTimers());

  it('a minute after the start, then every six hours', async () => {
    new UpdateController({ updater, log: (l) => lines.push(l) }).start();
    await vi.advanceTimersByTimeAsync(UPDATE_TIMING.firstCheckMs - 1);
    expect(updater.checks).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(updater.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(UPDATE_TIMING.intervalMs - 1);
    expect(updater.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(updater.checks).toBe(2);
    expect(UPDATE_TIMING).toEqual({ firstCheckMs: 60_000, intervalMs: 6 * 3600_000 });
  });

  it('one look at a time: a slow download is not started twice, and the next look waits for it', async () => {
    let finish!: () => void;
    updater.nextCheck = () => new Promise<void>((resolve) => (finish = resolve));
    const updates = new UpdateController({ updater, log: (l) => lines.push(l), firstCheckMs: 10, intervalMs: 100 });
    updates.start();
    await vi.advanceTimersByTimeAsync(10);
    void updates.check(); // asked again while the first look downloads: the same look
    expect(updater.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(updater.checks).toBe(1);
    finish();
    await vi.advanceTimersByTimeAsync(100);
    expect(updater.checks).toBe(2);
  });

  it('a failed look (offline, no feed) is logged on one line and the next one still happens', async () => {
    updater.nextCheck = () => Promise.reject(new Error('net::ERR_INTERNET_DISCONNECTED'));
    const updates = new UpdateController({ updater, log: (l) => lines.push(l), firstCheckMs: 10, intervalMs: 100 });
    updates.start();
    await vi.advanceTimersByTimeAsync(10);
    updater.fail('Cannot find latest.yml in the latest release artifacts\n  at stack…');
    await vi.advanceTimersByTimeAsync(100);
    expect(updater.checks).toBe(2);
    expect(lines).toContain('updates: could not check: net::ERR_INTERNET_DISCONNECTED');
    expect(lines).toContain('updates: Cannot find latest.yml in the latest release artifacts');
  });

  it('a downloaded release is announced once, and looking stops when the app exits', async () => {
    const announced: string[] = [];
    const updates = new UpdateController({ updater, log: (l) => lines.push(l), onDownloaded: (v) => announced.push(v), firstCheckMs: 10, intervalMs: 100 });
    updates.start();
    updater.download('0.2.0');
    updater.download('0.2.0');
    expect(announced).toEqual(['0.2.0']);
    expect(updates.downloaded).toBe('0.2.0');
    updates.beforeExit({ clean: true, pendingApprovals: 0, sessionEnd: false });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(updater.checks).toBe(0);
  });
});

describe('which exit installs the downloaded update', () => {
  function decide(state: Parameters<UpdateController['beforeExit']>[0]) {
    const updater = new FakeUpdater();
    const lines: string[] = [];
    const updates = new UpdateController({ updater, log: (l) => lines.push(l) });
    updater.download('0.2.0');
    const install = updates.beforeExit(state);
    return { install, decisions: updater.exitDecisions, lines };
  }

  it('a quit that stopped the gate cleanly with nothing pending: installed as the app exits', () => {
    expect(decide({ clean: true, pendingApprovals: 0, sessionEnd: false })).toMatchObject({
      install: true,
      decisions: [true],
      lines: ['updates: Kraken Gate 0.2.0 is downloaded; it is installed when you quit', 'updates: installing Kraken Gate 0.2.0 now that the app has stopped'],
    });
  });

  it('never while an approval is pending, nor after a quit that failed, nor as the OS ends the session', () => {
    expect(decide({ clean: true, pendingApprovals: 1, sessionEnd: false })).toMatchObject({ install: false, decisions: [false] });
    expect(decide({ clean: true, pendingApprovals: 2, sessionEnd: false }).lines.at(-1)).toBe('updates: not installing Kraken Gate 0.2.0 on this quit (2 approvals are still pending); it waits for the next one');
    expect(decide({ clean: false, pendingApprovals: 0, sessionEnd: false })).toMatchObject({ install: false, decisions: [false] });
    expect(decide({ clean: true, pendingApprovals: 0, sessionEnd: true })).toMatchObject({ install: false, decisions: [false] });
  });

  it('the updater hears nothing before the exit: electron-updater stays armed until then', () => {
    const updater = new FakeUpdater();
    new UpdateController({ updater, log: () => undefined }).start();
    updater.download('0.2.0');
    expect(updater.exitDecisions).toEqual([]);
  });
});
