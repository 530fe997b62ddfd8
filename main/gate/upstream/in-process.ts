// An MCP server run inside this process instead of as a child over stdio: the desktop app's paper
// exchange. The packaged app turns Electron's runAsNode fuse off, so its binary can no longer be
// started as a Node for a child script (ELECTRON_RUN_AS_NODE); a server that is only JavaScript
// in memory has no reason to be a process anyway. kraken-mcp and other commands stay children.
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';

export type { Transport as ServerTransport } from '@modelcontextprotocol/sdk/shared/transport.js';

export interface InProcessServer {
  /** What the status shows as the upstream's command. */
  label: string;
  /** Connects a new server to this transport; each (re)start of the upstream gets a fresh one. */
  connect(transport: Transport): Promise<void>;
}

/**
 * The client's end of an in-memory pair, with the surface UpstreamClient uses of a stdio
 * transport: no process, so no pid, no stderr and no stray stdout lines.
 */
export class InProcessTransport implements Transport {
  readonly pid: number | null = null;
  readonly stderr = null;
  readonly strayLines: readonly string[] = [];
  onStrayLine?: () => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;

  private readonly ours: InMemoryTransport;
  private readonly theirs: InMemoryTransport;
  private starting: Promise<void> | undefined;

  constructor(private readonly server: InProcessServer) {
    [this.ours, this.theirs] = InMemoryTransport.createLinkedPair();
  }

  /** Idempotent, as UpstreamTransport's: UpstreamClient starts it before Client.connect does. */
  start(): Promise<void> {
    this.starting ??= (async () => {
      this.ours.onmessage = (message, extra) => this.onmessage?.(message, extra);
      this.ours.onclose = () => this.onclose?.();
      this.ours.onerror = (error) => this.onerror?.(error);
      await this.server.connect(this.theirs);
      await this.ours.start();
    })();
    return this.starting;
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.ours.send(message, options);
  }

  /** Closes both ends: the server sees its client leave, as a child sees stdin close. */
  close(): Promise<void> {
    return this.ours.close();
  }

  stopWatching(): void {}
}
