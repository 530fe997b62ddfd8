import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { autostartPath, desktopEntry, execArgument, setXdgAutostart } from '../../../main/desktop/xdg-autostart.js';

describe('XDG autostart entry', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('lives in $XDG_CONFIG_HOME/autostart, else ~/.config/autostart', () => {
    expect(autostartPath({ XDG_CONFIG_HOME: '/cfg' }, '/home/u')).toBe('/cfg/autostart/kraken-gate.desktop');
    expect(autostartPath({}, '/home/u')).toBe('/home/u/.config/autostart/kraken-gate.desktop');
    // The spec ignores a relative XDG_CONFIG_HOME.
    expect(autostartPath({ XDG_CONFIG_HOME: 'rel' }, '/home/u')).toBe('/home/u/.config/autostart/kraken-gate.desktop');
  });

  it('quotes Exec arguments as the Desktop Entry spec says', () => {
    expect(execArgument('/usr/bin/kraken-gate')).toBe('/usr/bin/kraken-gate');
    expect(execArgument('/opt/Kraken Gate/kraken-gate')).toBe('"/opt/Kraken Gate/kraken-gate"');
    expect(execArgument('a"b$c`d')).toBe('"a\\\\"b\\\\$c\\\\`d"');
    // A literal backslash inside quotes is four in the file; a percent sign is doubled.
    expect(execArgument('C:\\x y')).toBe('"C:\\\\\\\\x y"');
    expect(execArgument('100%')).toBe('100%%');
    expect(() => execArgument('a\nb')).toThrow(/line break/);
    expect(desktopEntry(['/opt/app', '--hidden'])).toContain('\nExec=/opt/app --hidden\n');
  });

  it('is written when enabled (readable by the session, not writable by others) and removed when disabled', () => {
    dir = mkdtempSync(join(tmpdir(), 'kraken-gate-xdg-'));
    const path = autostartPath({}, dir);
    setXdgAutostart(true, ['/opt/Kraken Gate/kraken-gate', '--hidden'], path);
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('[Desktop Entry]\nType=Application\n')).toBe(true);
    expect(text).toContain('Exec="/opt/Kraken Gate/kraken-gate" --hidden');
    expect(statSync(path).mode & 0o777).toBe(0o644);
    setXdgAutostart(false, [], path);
    expect(existsSync(path)).toBe(false);
    setXdgAutostart(false, [], path);
  });
});
