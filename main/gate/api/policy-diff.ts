// A rule change as the call log keeps it: the lines of the policy (pretty JSON) that went and came,
// so "who loosened what, when" can be read from the log alone (design rule 15: old and new values).
import { diffLines } from 'diff';
import { parsePolicyText } from '../policy/index.js';

const MAX_LINES = 80;

function pretty(text: string): string {
  const parsed = parsePolicyText(text);
  return parsed.ok ? `${JSON.stringify(parsed.policy, null, 2)}\n` : text;
}

/** "- …" and "+ …" lines between two policy texts, at most 80 (then "… N more"). */
export function policyChangeLines(before: string, after: string): string[] {
  const lines = diffLines(pretty(before), pretty(after)).flatMap((part) =>
    part.added || part.removed ? part.value.replace(/\n$/, '').split('\n').map((line) => `${part.added ? '+' : '-'} ${line.trim()}`) : [],
  );
  return lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES), `… ${lines.length - MAX_LINES} more`] : lines;
}
