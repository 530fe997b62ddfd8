import type { UpstreamSetting } from '../../preload/api.js';
import type { SpawnCommand } from '../paper/command.js';

/** How this install runs a Node script (Electron runs as Node with ELECTRON_RUN_AS_NODE=1). */
export interface PaperLauncher extends SpawnCommand {
  env?: Record<string, string>;
}

/** The process behind the gateway, from the upstream setting. */
export function upstreamCommand(setting: UpstreamSetting, paper: PaperLauncher): { command: SpawnCommand; env: Record<string, string> } {
  switch (setting.kind) {
    case 'paper':
      return { command: { command: paper.command, args: paper.args }, env: { ...paper.env } };
    case 'kraken-mcp':
      return { command: { command: setting.python, args: [setting.script] }, env: {} };
    case 'command':
      return { command: { command: setting.command, args: [...setting.args] }, env: {} };
  }
}
