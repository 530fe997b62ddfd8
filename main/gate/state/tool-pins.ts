import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { hashArguments } from '../text/canonical-json.js';
import { writeFileAtomic } from './atomic-file.js';
import { Emitter } from '../events.js';
import type { ToolDefinition } from '../types.js';

const PinsSchema = z.record(z.string(), z.string());

export interface PinChange {
  tool: string;
  kind: 'changed' | 'new';
}

/**
 * Tool pinning: a hash of each upstream tool's definition as the user last accepted it. An
 * upstream that changes a tool's description or schema (a "rug pull": new instructions hidden in
 * a description, a new argument) gets that tool blocked until a human accepts the new definition.
 * Tools seen for the first time are pinned as they are (trust on first use).
 */
export class ToolPins {
  private readonly changeEmitter = new Emitter<void>();
  /** The accepted definitions changed (a tool pinned on first sight, or one accepted). */
  readonly onDidChange = this.changeEmitter.event;
  private pins: Record<string, string>;
  private changed = new Set<string>();
  private latest = new Map<string, string>();

  /**
   * `confirmed`: the pins a person confirmed (the sealed record), which win over the file: a hand
   * edit of tool-pins.json must not accept a changed definition.
   */
  constructor(
    private readonly path: string,
    confirmed?: Readonly<Record<string, string>>,
  ) {
    this.pins = confirmed ? { ...confirmed } : ToolPins.load(path);
  }

  /** Every accepted definition's hash, by tool. */
  get all(): Readonly<Record<string, string>> {
    return { ...this.pins };
  }

  private static load(path: string): Record<string, string> {
    try {
      return PinsSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      // A damaged pin file must not silently trust every tool again: refuse to start, and say
      // how to re-pin deliberately.
      throw new Error(`${path} is not readable as tool pins (${(error as Error).message}); move it away to re-pin the current tools.`, { cause: error });
    }
  }

  get changedTools(): ReadonlySet<string> {
    return this.changed;
  }

  /** Compares a fresh tool list with the pins; returns what changed since the last call. */
  observe(tools: readonly ToolDefinition[]): PinChange[] {
    const changes: PinChange[] = [];
    let pinnedNew = false;
    this.latest = new Map(tools.map((tool) => [tool.name, definitionHash(tool)]));
    const changed = new Set<string>();
    for (const [name, hash] of this.latest) {
      const pinned = this.pins[name];
      if (pinned === undefined) {
        this.pins[name] = hash;
        pinnedNew = true;
        changes.push({ tool: name, kind: 'new' });
      } else if (pinned !== hash) {
        changed.add(name);
        if (!this.changed.has(name)) changes.push({ tool: name, kind: 'changed' });
      }
    }
    this.changed = changed;
    if (pinnedNew) this.save();
    return changes;
  }

  /** The user accepts the upstream's current definition of `tool`. */
  accept(tool: string): boolean {
    const hash = this.latest.get(tool);
    if (hash === undefined) return false;
    this.pins[tool] = hash;
    this.changed.delete(tool);
    this.save();
    return true;
  }

  private save(): void {
    writeFileAtomic(this.path, `${JSON.stringify(this.pins, null, 2)}\n`);
    this.changeEmitter.fire();
  }
}

/** What an agent reads and obeys: name, title, description and both schemas. */
function definitionHash(tool: ToolDefinition): string {
  return hashArguments({
    name: tool.name,
    title: tool.title ?? null,
    description: tool.description ?? null,
    inputSchema: tool.inputSchema,
    outputSchema: tool.outputSchema ?? null,
    annotations: tool.annotations ?? null,
  });
}
