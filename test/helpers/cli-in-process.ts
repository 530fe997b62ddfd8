import { vi } from 'vitest';
import { runCli } from '../../main/cli/run.js';

export interface InProcessRun {
  code: number | undefined;
  stdout: string;
  stderr: string;
}

/**
 * The CLI's runCli in this process, its console output captured: what `kraken-gate ARGS…` prints
 * and returns, without paying a process start (about a second each on a loaded machine). An
 * error it throws is printed as index.ts prints it, with exit code 1.
 */
export async function kgInProcess(...args: string[]): Promise<InProcessRun> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
  const error = vi.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));
  let code: number | undefined;
  try {
    code = await runCli(args);
  } catch (thrown) {
    err.push(`kraken-gate: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
    code = 1;
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
  const text = (lines: string[]) => (lines.length ? `${lines.join('\n')}\n` : '');
  return { code, stdout: text(out), stderr: text(err) };
}
