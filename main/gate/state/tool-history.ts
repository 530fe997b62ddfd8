import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-file.js';
import type { ToolDefinition } from '../types.js';

const HistorySchema = z.record(z.string(), z.record(z.string(), z.unknown()));

/**
 * The last accepted definition of each upstream tool, kept beside the pins (which hold only its
 * hash) so a person asked to accept a changed tool sees what changed, not just that it did. A tool
 * whose pin matches is by definition the accepted one; whenever the tool list is seen, those are
 * remembered. A damaged file only loses the diff (the pins still block the tool), so it is read
 * as empty rather than refusing to start.
 */
export class ToolHistory {
  private accepted: Record<string, Record<string, unknown>>;

  constructor(private readonly path: string) {
    try {
      this.accepted = HistorySchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    } catch {
      this.accepted = {};
    }
  }

  /** Remembers the current definition of every tool that is not blocked as changed. */
  remember(tools: readonly ToolDefinition[], changed: ReadonlySet<string>): void {
    let dirty = false;
    for (const tool of tools) {
      if (changed.has(tool.name)) continue;
      const definition = shown(tool);
      if (JSON.stringify(this.accepted[tool.name]) === JSON.stringify(definition)) continue;
      this.accepted[tool.name] = definition;
      dirty = true;
    }
    if (dirty) writeFileAtomic(this.path, `${JSON.stringify(this.accepted, null, 2)}\n`);
  }

  previous(name: string): Record<string, unknown> | undefined {
    return this.accepted[name];
  }
}

/** The parts of a definition the pin covers: what an agent reads and obeys. */
export function shown(tool: ToolDefinition): Record<string, unknown> {
  return {
    name: tool.name,
    ...(tool.title !== undefined && { title: tool.title }),
    ...(tool.description !== undefined && { description: tool.description }),
    inputSchema: tool.inputSchema,
    ...(tool.outputSchema !== undefined && { outputSchema: tool.outputSchema }),
    ...(tool.annotations !== undefined && { annotations: tool.annotations }),
  };
}
