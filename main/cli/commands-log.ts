import type { Command } from 'commander';
import { examples, onDataDir, type CommandContext } from './command-kit.js';
import type { LogFlags } from './log-command.js';

/** log and policy check: reading what happened and what the rules say, with or without a running gateway. */
export function addLogCommands(program: Command, context: CommandContext): void {
  const log = program
    .command('log')
    .summary('Recorded calls, newest first.')
    .description('Recorded calls, newest first. Reads the log files, so it works whether or not the gateway runs.')
    .option('--json', 'JSON (exact values, as recorded)')
    .option('--csv', 'CSV (for a spreadsheet)')
    .option('--since <time>', 'from a time (2026-11-25T10:00Z) or a span back from now (30m, 2h, 7d)')
    .option('--until <time>', 'up to a time or span')
    .option('--tool <names>', 'only these tools, comma-separated')
    .option('--decision <kinds>', 'only these decisions: allowed,denied,approved,rejected,expired,cancelled')
    .option('--text <words>', 'only calls whose record contains this text')
    .option('--limit <n>', 'at most this many (default 50)')
    .addHelpText('after', examples(['kraken-gate log --since 2h', 'kraken-gate log --decision rejected,expired', 'kraken-gate log --tool add_order --csv > orders.csv']));
  onDataDir(log, context, async (dataDir, o) => (await import('./log-command.js')).runLogCommand(dataDir, o as LogFlags));

  program
    .command('policy')
    .description('Work with policy files.')
    .command('check')
    .argument('<file>', 'a policy file (yours, or a PolicyLayer one)')
    .description('Validate a policy file; errors name the place in it.')
    .addHelpText('after', examples(['kraken-gate policy check ~/.config/kraken-gate/policy.json']))
    .action(async (file: string) => {
      const { checkPolicyFile } = await import('../gate/policy/index.js');
      const result = await checkPolicyFile(file);
      for (const line of result.lines) (result.ok ? console.log : console.error)(line);
      context.done(result.ok ? 0 : 1);
    });
}
