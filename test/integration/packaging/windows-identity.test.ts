// Windows shows a toast's buttons only for an app whose Start menu shortcut carries its
// AppUserModelID and toast activator CLSID. The installer writes the first (electron-builder.yml's
// appId), Electron the second from what the app sets at start: both must be the fixed values the
// packaging names (builder-config.test.ts holds the files to the same constants).
import { afterEach, describe, expect, it } from 'vitest';
import { APP_ID, TOAST_ACTIVATOR_CLSID } from '../../../main/desktop/app-identity.js';
import { FakeShell } from '../../helpers/fake-shell.js';
import { launchPackagedApp, type PackagedApp } from './packaged-app.js';

let opened: PackagedApp | undefined;
afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

describe('the Windows identity', { timeout: 60_000 }, () => {
  it('the app sets the AppUserModelID and the fixed toast activator CLSID at start, once', async () => {
    const shell = new FakeShell({ platform: 'win32' });
    const set: Array<[string, string]> = [];
    (shell.app as { setAppUserModelId: (id: string, clsid: string) => void }).setAppUserModelId = (id, clsid) => void set.push([id, clsid]);
    opened = await launchPackagedApp({ shell });
    expect(set).toEqual([[APP_ID, TOAST_ACTIVATOR_CLSID]]);
    // The form Electron's setToastActivatorCLSID prefers: a braced GUID.
    expect(TOAST_ACTIVATOR_CLSID).toMatch(/^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/);
  });

  it('other systems are not asked', async () => {
    const shell = new FakeShell({ platform: 'linux' });
    const set: string[] = [];
    (shell.app as { setAppUserModelId: (id: string, clsid: string) => void }).setAppUserModelId = (id) => void set.push(id);
    opened = await launchPackagedApp({ shell, env: { DBUS_SESSION_BUS_ADDRESS: '' } });
    expect(set).toEqual([]);
  });
});
