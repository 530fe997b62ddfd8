// The contract's `tools`: what the upstream offers, with the running rule, the class and the pin
// state of each tool, and for a changed tool the diff against the accepted definition.
import { diffLines } from 'diff';
import type { DiffLine, ToolInfo } from '../../../preload/api.js';
import { KRAKEN_TOOLS, classifyTool } from '../catalog.js';
import type { Gate } from '../gate.js';
import { INERT_LIMITS, inert, inertJson } from '../text/inert.js';
import { inertValue } from '../calllog/view.js';
import { ruleGlance } from './rule-glance.js';
import { shown, type ToolHistory } from '../state/tool-history.js';
import type { ToolDefinition } from '../types.js';

/** A tool definition is a few KB; the diff view must show all of it. */
const DIFF_TEXT_LIMIT = 64 * 1024;

export function listTools(gate: Gate, history: ToolHistory): ToolInfo[] {
  const listed = gate.upstream.tools;
  const byName = new Map(listed.map((t) => [t.name, t]));
  // Before the upstream answers (or if it drops one), kraken-mcp's tools still get a row: their
  // rules can be edited either way.
  const names = [...new Set([...listed.map((t) => t.name), ...KRAKEN_TOOLS])];
  const changed = gate.pins.changedTools;
  const policy = gate.policy.current;
  return names.map((name) => {
    const tool = byName.get(name);
    const info: ToolInfo = {
      name: inert(name, INERT_LIMITS.name),
      // Line breaks are part of a description; everything else unsafe is escaped, line by line.
      description: (tool?.description ?? '').split('\n').slice(0, 40).map((line) => inert(line, 500)).join('\n'),
      class: classifyTool(name),
      inputSchema: (inertValue(tool?.inputSchema ?? { type: 'object', properties: {} }) as Record<string, unknown>) ?? {},
      listed: tool !== undefined,
      pin: changed.has(name) ? 'changed' : 'accepted',
      rule: ruleGlance(policy, name),
    };
    if (tool?.title !== undefined) info.title = inert(tool.title, INERT_LIMITS.line);
    if (tool && changed.has(name)) info.diff = definitionDiff(history.previous(name), tool);
    return info;
  });
}

function definitionDiff(previous: Record<string, unknown> | undefined, current: ToolDefinition): NonNullable<ToolInfo['diff']> {
  const after = inertJson(shown(current), DIFF_TEXT_LIMIT);
  if (previous === undefined) return { previousKnown: false, lines: after.split('\n').map((text) => ({ op: 'added', text })) };
  const lines: DiffLine[] = [];
  for (const part of diffLines(inertJson(previous, DIFF_TEXT_LIMIT), after)) {
    const op = part.added ? 'added' : part.removed ? 'removed' : 'same';
    for (const text of part.value.replace(/\n$/, '').split('\n')) lines.push({ op, text });
  }
  return { previousKnown: true, lines };
}
