// The rule editor names every rule when it saves (issue 23): an entry of deny_if, approve_if,
// allow_if or limits without an id gets one, written into the text where the entry is, so a
// hand-formatted policy.json keeps its layout (jsonc-parser edits the text, not a re-serialized copy).
import { applyEdits, modify, parse } from 'jsonc-parser';
import { newRuleId, ruleEntries } from '../../preload/rule-ref';

/** The text with an id given to each rule entry that has none; the same text when all have one. */
export function withRuleIds(text: string, draw?: (n: number) => string): { text: string; added: string[] } {
  const doc = parse(text) as unknown;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return { text, added: [] };
  const entries = ruleEntries(doc);
  const taken = new Set(entries.flatMap((e) => (e.id === undefined ? [] : [e.id])));
  const added: string[] = [];
  let next = text;
  for (const entry of entries) {
    if (entry.id !== undefined) continue;
    const id = newRuleId(taken, draw);
    taken.add(id);
    added.push(id);
    const at = entry.tool === undefined ? [...entry.path.replace(/\[\d+\]$/, '').split('.'), entry.index] : ['tools', entry.tool, entry.list, entry.index];
    // First in its object: the name reads before what the rule says.
    next = applyEdits(next, modify(next, [...at, 'id'], id, { formattingOptions: { insertSpaces: true, tabSize: 2 }, getInsertionIndex: () => 0 }));
  }
  return { text: next, added };
}
