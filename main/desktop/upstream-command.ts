import type { UpstreamSetting } from '../../preload/api.js';
import type { InProcessServer } from '../gate/upstream/in-process.js';
import type { SpawnCommand } from '../paper/command.js';

/**
 * How this install runs the built-in paper exchange: inside the app (the packaged app, whose
 * Electron cannot be a Node for a child: runAsNode is off), or as a child process (tests).
 */
export type PaperLauncher = (SpawnCommand & { env?: Record<string, string> }) | { inProcess: InProcessServer };

export type UpstreamLaunch = SpawnCommand & { inProcess?: InProcessServer };

/** The upstream behind the gateway, from the upstream setting. */
export function upstreamCommand(setting: UpstreamSetting, paper: PaperLauncher): { command: UpstreamLaunch; env: Record<string, string> } {
  switch (setting.kind) {
    case 'paper':
      if ('inProcess' in paper) return { command: { command: paper.inProcess.label, args: [], inProcess: paper.inProcess }, env: {} };
      return { command: { command: paper.command, args: paper.args }, env: { ...paper.env } };
    case 'kraken-mcp':
      return { command: { command: setting.python, args: [setting.script] }, env: {} };
    case 'command':
      return { command: { command: setting.command, args: [...setting.args] }, env: {} };
  }
}
