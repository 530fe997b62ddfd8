import type { Command } from 'commander';
import { resolveDataDir } from '../gate/state/data-dir.js';
import { describeDataDirError } from './data-dir-errors.js';

/** What a command's action returns: the exit code, or undefined while it keeps running (serve, connect). */
export type ExitCode = number | undefined;

export type DataDirAction = (dataDir: string, options: Record<string, unknown>, args: string[]) => Promise<ExitCode> | ExitCode;

/** What the command groups share: where an action's exit code goes, and the upstream's argv (serve's, after --). */
export interface CommandContext {
  done(code: ExitCode): void;
  upstreamArgv: readonly string[];
}

/**
 * Adds `--data-dir` to a command and runs `action` with the data dir resolved; a file-system
 * error on that dir is rethrown in words (what is wrong, what to do).
 */
export function onDataDir(command: Command, context: CommandContext, action: DataDirAction): Command {
  command.option('--data-dir <dir>', 'the data dir (default: KRAKEN_GATE_DATA_DIR, else the OS convention)');
  return command.action(async (...params: unknown[]) => {
    const self = params[params.length - 1] as Command;
    const options = self.opts();
    const dataDir = resolveDataDir(options.dataDir as string | undefined);
    try {
      context.done(await action(dataDir, options, self.args));
    } catch (error) {
      const described = describeDataDirError(error, dataDir);
      if (described) throw new Error(described, { cause: error });
      throw error;
    }
  });
}

export function jsonOption(command: Command): Command {
  return command.option('--json', 'JSON instead of text');
}

export function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}`;
}
