// settings.json opened with electron-store in the desktop app (docs/architecture.md, "Settings:
// electron-store and conf"): SettingsStore's options, as headless conf gets them.
import ElectronStore from 'electron-store';
import type { Settings } from '../../../preload/api.js';
import type { SettingsBackend } from '../../gate/state/settings.js';

// electron-store takes the file's name as `name` and overwrites conf's configName with it
// ('config' when absent); projectVersion is left out of its types but kept when given, so the
// migrations are keyed by the same version as headless, not by Electron's app.getVersion().
export const electronStoreSettings: SettingsBackend = ({ configName, ...options }) => new ElectronStore<Settings>({ ...options, name: configName });
