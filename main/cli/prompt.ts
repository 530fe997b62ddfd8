// One line typed at the terminal: the question on stderr (stdout stays the command's output, for
// pipes and --json), the answer from stdin. Only where a person is there to answer.
import { createInterface } from 'node:readline';
import type { ControlClientOptions } from './control-client.js';

export function canAsk(): boolean {
  return process.stdin.isTTY === true;
}

/** The line typed (trimmed), or '' when stdin closes first. */
export async function askLine(question: string): Promise<string> {
  const lines = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY === true });
  try {
    return await new Promise<string>((resolve) => {
      lines.question(question, (answer) => resolve(answer.trim()));
      lines.once('close', () => resolve(''));
    });
  } finally {
    lines.close();
  }
}

/**
 * How a command's control client gets the person's code: the one given with --code, else asked
 * at a terminal; without either, a refusal names `command` again with --code.
 */
export function codeOptions(code: string | undefined, command: string): ControlClientOptions {
  return { code, askCode: askCodeAtTerminal(), retryHint: withCodeHint(command) };
}

/** At a terminal: asks for the authenticator's code when a riskier action needs one. */
function askCodeAtTerminal(): (() => Promise<string | undefined>) | undefined {
  if (!canAsk()) return undefined;
  return async () => (await askLine('This needs the code from your authenticator app (Kraken Gate): ')) || undefined;
}

/** How a command is run again with a code, as the refusal says it. */
export function withCodeHint(command: string): string {
  return `${command} --code NNNNNN   (NNNNNN: the 6 digits your authenticator app shows for Kraken Gate)`;
}
