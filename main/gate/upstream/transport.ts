import type { ChildProcess } from 'node:child_process';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

/**
 * The SDK's stdio transport, with two things a person starting kraken-mcp needs to be told:
 * - start() may be called before Client.connect() (which calls it again and gets the same
 *   promise), so "the command cannot be run" (spawn ENOENT, EACCES) is told apart from "it runs
 *   but does not speak MCP";
 * - the first lines it writes on stdout that are not JSON-RPC are kept, as they are. The SDK
 *   reports them only as a parse error that shows ten characters ("Welcome to"...), and a
 *   server that prints a banner or a Python warning on stdout never answers initialize: its own
 *   words are the diagnosis.
 */
export class UpstreamTransport extends StdioClientTransport {
  private spawning: Promise<void> | undefined;
  private watching: ((chunk: Buffer | string) => void) | undefined;
  private partial = '';
  /** Lines from stdout that were not JSON-RPC, first ones first (at most a few, each cut short). */
  readonly strayLines: string[] = [];
  /** Called after each line added to strayLines. */
  onStrayLine?: () => void;

  override start(): Promise<void> {
    this.spawning ??= super.start().then(() => this.watchStdout());
    return this.spawning;
  }

  /** Stops looking at stdout (once the upstream is ready, its output is protocol). */
  stopWatching(): void {
    if (this.watching) this.child()?.stdout?.off('data', this.watching);
    this.watching = undefined;
  }

  private watchStdout(): void {
    const stdout = this.child()?.stdout;
    if (!stdout) return; // the SDK changed how it keeps the process: only the stray lines are lost
    this.watching = (chunk) => {
      const lines = (this.partial + String(chunk)).split('\n');
      this.partial = (lines.pop() ?? '').slice(0, 4096);
      for (const line of lines.map((l) => l.trim()).filter(Boolean)) {
        if (!isJsonRpc(line) && this.strayLines.length < 5) {
          this.strayLines.push(line.slice(0, 200));
          this.onStrayLine?.();
        }
      }
      if (this.strayLines.length >= 5) this.stopWatching();
    };
    stdout.on('data', this.watching);
  }

  private child(): ChildProcess | undefined {
    // The SDK keeps the process in a private field; reading it is the only way to see raw stdout.
    return (this as unknown as { _process?: ChildProcess })._process;
  }
}

function isJsonRpc(line: string): boolean {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && (value as { jsonrpc?: unknown }).jsonrpc === '2.0';
  } catch {
    return false;
  }
}
