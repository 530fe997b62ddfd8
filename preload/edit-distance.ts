// How far a typed word is from one we know, for "did you mean …?" in the policy's checks, the CLI
// and the window's filters. Runtime-neutral (no Node, no DOM), so the core and the renderer share
// one copy and suggest the same words.

/** Levenshtein distance: the fewest one-letter insertions, deletions or substitutions from a to b. */
export function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/**
 * The name in `names` nearest to `word`, case aside (the first of equals), or undefined when none
 * is within `maxDistance` letters (two by default): what a person meant by a typo.
 */
export function nearestName(word: string, names: Iterable<string>, maxDistance = 2): string | undefined {
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const name of names) {
    const d = editDistance(word.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}
