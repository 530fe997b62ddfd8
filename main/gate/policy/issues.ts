// Turns zod issues into one line per problem that names where it is, in the notation a person
// would type to find it: `tools.add_order.deny_if[0].conditions[1].op: expected one of eq, …`.
import type { z } from 'zod';
import { nearestName } from '../../../preload/edit-distance.js';
import { describeValue } from './coerce.js';

// tool-arguments.ts and the CLI's log command find their typos here too.
export { nearestName };

type PathSegment = PropertyKey;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `['tools', 'add_order', 'deny_if', 0]` → `tools.add_order.deny_if[0]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'string' && IDENTIFIER.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out === '' ? '(policy)' : out;
}

function got(input: unknown): string {
  return ` (got ${describeValue(input)})`;
}

function typeName(expected: string): string {
  return expected === 'array' || expected === 'object' ? `an ${expected}` : `a ${expected}`;
}

// Keys a person is likely to mistype; suggestions only ever come from these.
const KNOWN_KEYS = [
  'version', 'default', 'description', 'hide', 'all_tools', 'tools', 'limits', 'daily_notional_cap', 'cap_currency',
  'deny_if', 'approve_if', 'require', 'action', 'max_notional', 'pairs', 'allow', 'deny',
  'conditions', 'on_deny', 'reason', 'path', 'op', 'value', 'window', 'max', 'counter', 'scope', 'sliding',
];

// Intercept YAML keys have a different meaning here; say what to write instead of guessing.
const KEY_HINTS: Record<string, string> = {
  rules: ' (Intercept YAML "rules" are not read here: write "deny_if", whose conditions refuse a call)',
  rate_limit: ' (write "limits": [{"max": 5, "window": "hour"}])',
};

function suggestion(key: string): string {
  const hint = KEY_HINTS[key];
  if (hint !== undefined) return hint;
  const best = nearestName(key, KNOWN_KEYS);
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}

function message(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'custom' && 'input' in issue && issue.input === undefined) return 'required';
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${typeName(issue.expected)}${got(issue.input)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${JSON.stringify(issue.values[0])}${got(issue.input)}`
        : `expected one of ${issue.values.map(String).join(', ')}${got(issue.input)}`;
    case 'too_small':
      if (issue.origin === 'string') return 'must not be empty';
      if (issue.origin === 'array') return `needs at least ${String(issue.minimum)} item(s)`;
      return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}${got(issue.input)}`;
    default:
      return issue.message;
  }
}

/** One printable line per problem, each starting with the path it concerns. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) lines.push(`${formatPath([...issue.path, key])}: unknown key${suggestion(key)}`);
    } else {
      lines.push(`${formatPath(issue.path)}: ${message(issue)}`);
    }
  }
  return lines;
}
