// `kraken-gate keys set|status|clear`: the Kraken API key and secret for the running app, read
// from stdin (two lines, or typed at a prompt that does not echo the secret), never from argv
// (which `ps` and shell history keep), and sent once over the control API's write-only setKeys.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { describeKeys } from '../../preload/api.js';
import { cliCommandFor } from './cli-command.js';
import { controlClient, ControlError } from './control-client.js';
import { codeOptions } from './prompt.js';

export interface KeysCommandIo {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  stdout: Writable;
  stderr: Writable;
}

export const KEYS_USAGE = `Usage: kraken-gate keys set      read the API key and secret from stdin (two lines) or a prompt
       kraken-gate keys status   whether keys are set, and where they come from
       kraken-gate keys clear    remove the stored keys`;

/** Reads two lines: the key, then the secret. At a terminal the secret is not echoed. */
export async function readKeys(io: KeysCommandIo): Promise<{ apiKey: string; apiSecret: string }> {
  const [apiKey = '', apiSecret = ''] = await readLines(io, [
    { prompt: 'Kraken API key: ', secret: false },
    { prompt: 'Kraken API secret (not shown): ', secret: true },
  ]);
  return { apiKey, apiSecret };
}

/** One line per prompt from stdin; at a terminal the prompts are shown and a secret's typing is not echoed. */
export async function readLines(io: KeysCommandIo, prompts: ReadonlyArray<{ prompt: string; secret: boolean }>): Promise<string[]> {
  const tty = io.stdin.isTTY === true;
  let muted = false;
  const output = tty
    ? new (await import('node:stream')).Writable({
        write(chunk, _encoding, done) {
          if (!muted) io.stderr.write(chunk);
          done();
        },
      })
    : undefined;
  const lines = createInterface({ input: io.stdin, output, terminal: tty });
  const iterator = lines[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const { value, done } = await iterator.next();
    return done ? '' : String(value).trim();
  };
  try {
    const values: string[] = [];
    for (const { prompt, secret } of prompts) {
      muted = false;
      if (tty) io.stderr.write(prompt);
      muted = secret;
      values.push(await next());
      if (tty && secret) io.stderr.write('\n');
    }
    return values;
  } finally {
    lines.close();
  }
}

export async function runKeysCommand(args: readonly string[], dataDir: string, io: KeysCommandIo, flags: { code?: string } = {}): Promise<number> {
  const [sub, ...rest] = args;
  const say = (stream: Writable, line: string) => stream.write(`${line}\n`);
  if (rest.length > 0) {
    say(io.stderr, 'kraken-gate: keys are read from stdin, never from the command line (ps and your shell history would keep them).');
    say(io.stderr, KEYS_USAGE);
    return 2;
  }
  try {
    // Setting keys is riskier (a real exchange's keys): it takes the person's code where required.
    const api = controlClient(dataDir, codeOptions(flags.code, cliCommandFor(dataDir)('keys', 'set')));
    switch (sub) {
      case 'set': {
        const keys = await readKeys(io);
        if (!keys.apiKey || !keys.apiSecret) {
          say(io.stderr, 'kraken-gate: give the API key on the first line and the secret on the second.');
          return 2;
        }
        const result = await api.setKeys(keys);
        say(result.ok ? io.stdout : io.stderr, result.message);
        return result.ok ? 0 : 1;
      }
      case 'clear': {
        const result = await api.clearKeys({});
        say(result.ok ? io.stdout : io.stderr, result.message);
        return result.ok ? 0 : 1;
      }
      case 'status': {
        const status = await api.keys({});
        const { state, where } = describeKeys(status);
        say(io.stdout, `API keys: ${state} (${where})${status.canSet ? '' : '; this gateway cannot store keys'}`);
        return 0;
      }
      default:
        say(io.stderr, KEYS_USAGE);
        return 2;
    }
  } catch (error) {
    if (error instanceof ControlError) {
      say(io.stderr, `kraken-gate: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
