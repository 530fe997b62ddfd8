import { EXCHANGE_NAMES, type Status } from '../../preload/api.js';

/** What the tray icon shows, most urgent first: a decision waiting beats a broken upstream beats the pause. */
export const TRAY_STATES = ['pending', 'upstream-down', 'paused', 'active'] as const;
export type TrayState = (typeof TRAY_STATES)[number];

export interface TrayLook {
  state: TrayState;
  /** The icon file for this state. */
  icon: string;
  tooltip: string;
}

/** Starting for the first time is not "down"; failing to start, restarting or stopped is. */
export function upstreamDown(upstream: Status['upstream']): boolean {
  return upstream.state === 'restarting' || upstream.state === 'stopped' || (upstream.state === 'starting' && upstream.restarts > 0);
}

export function trayState(status: Status): TrayState {
  if (status.pending > 0) return 'pending';
  if (upstreamDown(status.upstream)) return 'upstream-down';
  if (status.paused) return 'paused';
  return 'active';
}

export function trayTooltip(status: Status): string {
  const parts = [status.pending === 0 ? 'no approvals waiting' : `${status.pending} approval${status.pending === 1 ? '' : 's'} waiting`];
  parts.push(status.paused ? 'trading paused' : 'trading active');
  parts.push(`${EXCHANGE_NAMES[status.upstream.exchange]} ${status.upstream.state}`);
  if (status.changedTools.length > 0) parts.push(`${status.changedTools.length} tool${status.changedTools.length === 1 ? '' : 's'} changed upstream`);
  return `Kraken Gate: ${parts.join(' · ')}`;
}

/**
 * The icon of a state (build/tray/, rendered from build/svg/ by `npm run icons`). macOS menu bar
 * icons are template images (black and alpha, tinted by the system; Electron treats a name ending
 * in "Template" as one), so there the states differ in shape. Each file has a STATE@2x.png beside
 * it, which Electron's nativeImage picks on high-DPI screens.
 */
export function trayIconFile(iconDir: string, state: TrayState, platform: NodeJS.Platform): string {
  return `${iconDir}/${state}${platform === 'darwin' ? 'Template' : ''}.png`;
}

export function trayLook(status: Status, iconDir: string, platform: NodeJS.Platform): TrayLook {
  const state = trayState(status);
  return { state, icon: trayIconFile(iconDir, state, platform), tooltip: trayTooltip(status) };
}
