// Who the app is to the OS. electron-builder.yml repeats these (appId, productName) and
// build/installer.nsh the CLSID; a packaging test holds them equal.

/** The macOS bundle id, the Windows AppUserModelID toasts are shown under, the Linux desktop id. */
export const APP_ID = 'io.krakengate.desktop';

/** The app's name: the Start menu shortcut (where Windows looks up the two ids) is "Kraken Gate.lnk". */
export const PRODUCT_NAME = 'Kraken Gate';

/**
 * Windows: the COM class that receives a toast's button clicks (Approve, Deny). Electron registers it
 * under HKCU and writes it into the Start menu shortcut next to the AppUserModelID; without a
 * fixed value it makes up a new one per run and the buttons of a toast shown before a restart go
 * nowhere. Never change it: shortcuts of existing installs carry it.
 */
export const TOAST_ACTIVATOR_CLSID = '{C52ACB67-9CF9-45C7-B46A-22A4D8B195DB}';
