// Where in policy.json an error is: the policy's errors name a path (`tools.ticker.action: …`),
// which a person editing the file has to find by hand; its line number they can jump to.
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';

const SEGMENT = /^(?:\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;

/** The path an error starts with (`tools.add_order.deny_if[0].op: …`), as segments; undefined when it names none. */
function errorPath(error: string): Array<string | number> | undefined {
  const colon = error.indexOf(': ');
  if (colon <= 0) return undefined;
  let rest = error.slice(0, colon);
  const path: Array<string | number> = [];
  while (rest) {
    const match = SEGMENT.exec(rest);
    if (!match) return undefined;
    path.push(match[1] ?? (match[2] !== undefined ? Number(match[2]) : (JSON.parse(match[3]!) as string)));
    rest = rest.slice(match[0].length);
  }
  return path.length ? path : undefined;
}

/**
 * Each error with the line it concerns appended (" (line 12)"), found in `text`: the node at its
 * path, or the nearest one above it that exists (a missing key is reported at its object). Errors
 * that name a line already (JSON syntax) or no path are left as they are.
 */
export function withLines(text: string, errors: readonly string[]): string[] {
  if (errors.every((error) => /\bline \d+/.test(error) || errorPath(error) === undefined)) return [...errors];
  const tree = parseTree(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (!tree) return [...errors];
  return errors.map((error) => {
    const path = /\bline \d+/.test(error) ? undefined : errorPath(error);
    if (!path) return error;
    let node: Node | undefined;
    for (let length = path.length; length > 0 && !node; length--) node = findNodeAtLocation(tree, path.slice(0, length));
    // A value's node starts at the value; its key, where a person looks, is on the parent's line.
    const at = node?.parent?.type === 'property' ? node.parent : node;
    return at ? `${error} (line ${lineAt(text, at.offset)})` : error;
  });
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
