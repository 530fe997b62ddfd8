import type { UpstreamSetting } from '../../preload/api.js';
import { upstreamCommand as settingCommand } from '../gate/upstream/command.js';
import type { InProcessServer } from '../gate/upstream/in-process.js';
import type { SpawnCommand } from '../paper/command.js';

/**
 * How this install runs the built-in paper exchange: inside the app (the packaged app, whose
 * Electron cannot be a Node for a child: runAsNode is off), or as a child process (tests).
 */
export type PaperLauncher = (SpawnCommand & { env?: Record<string, string> }) | { inProcess: InProcessServer };

export type UpstreamLaunch = SpawnCommand & { inProcess?: InProcessServer };

/** The upstream behind the gateway, from the upstream setting; only the paper exchange differs from `serve`'s. */
export function upstreamCommand(setting: UpstreamSetting, paper: PaperLauncher): { command: UpstreamLaunch; env: Record<string, string> } {
  if (setting.kind !== 'paper') return { command: settingCommand(setting), env: {} };
  if ('inProcess' in paper) return { command: { command: paper.inProcess.label, args: [], inProcess: paper.inProcess }, env: {} };
  return { command: { command: paper.command, args: paper.args }, env: { ...paper.env } };
}
