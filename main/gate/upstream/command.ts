import type { Exchange, UpstreamSetting } from '../../../preload/api.js';
import { paperCommand } from '../../paper/command.js';

/** The command that starts an upstream setting (Settings' paper / kraken-mcp / command). */
export function upstreamCommand(setting: UpstreamSetting): { command: string; args: string[] } {
  switch (setting.kind) {
    case 'paper':
      return paperCommand();
    case 'kraken-mcp':
      return { command: setting.python, args: [setting.script] };
    case 'command':
      return { command: setting.command, args: [...setting.args] };
  }
}

/** What an upstream setting trades on: only the built-in paper exchange is known to be paper. */
export function exchangeOf(setting: UpstreamSetting): Exchange {
  return setting.kind === 'paper' ? 'paper' : setting.kind === 'kraken-mcp' ? 'kraken' : 'unknown';
}
