// Argument checking as kraken-mcp does it: FastMCP hands the arguments to pydantic, which coerces
// in lax mode ("5" is a fine integer, 1 a fine float, "true" a fine boolean), applies defaults,
// rejects unknown keywords, and reports every problem in one text. The paper stand-in answers
// bad arguments with the same text so an agent learns the same lesson from both. Only the
// keywords kraken-mcp's schemas use are understood (see JsonSchemaProperty).
import { pythonRepr, pythonType } from './python-repr.js';
import type { JsonSchemaProperty, ToolInputSchema } from '../kraken-mcp/tools.js';

export type ValidationOutcome =
  | { ok: true; args: Record<string, unknown> }
  | { ok: false; message: string };

interface ArgError {
  loc: string;
  type: string;
  msg: string;
  input: unknown;
}

type Checked = { ok: true; value: unknown } | { ok: false; errors: ArgError[] };

const PYDANTIC_DOCS = 'https://errors.pydantic.dev/2.13/v/';

export function validateArgs(tool: string, schema: ToolInputSchema, input: Record<string, unknown>): ValidationOutcome {
  const errors: ArgError[] = [];
  const args: Record<string, unknown> = {};
  const required = new Set(schema.required ?? []);
  // pydantic walks the parameters in declaration order, then reports leftovers.
  for (const [name, property] of Object.entries(schema.properties)) {
    if (Object.hasOwn(input, name)) {
      const checked = checkValue(property, input[name], name);
      if (checked.ok) args[name] = checked.value;
      else errors.push(...checked.errors);
    } else if (required.has(name)) {
      errors.push({ loc: name, type: 'missing_argument', msg: 'Missing required argument', input });
    } else {
      args[name] = property.default ?? null;
    }
  }
  for (const name of Object.keys(input)) {
    if (!Object.hasOwn(schema.properties, name)) {
      errors.push({ loc: name, type: 'unexpected_keyword_argument', msg: 'Unexpected keyword argument', input: input[name] });
    }
  }
  return errors.length === 0 ? { ok: true, args } : { ok: false, message: formatErrors(tool, errors) };
}

function formatErrors(tool: string, errors: ArgError[]): string {
  const head = `${errors.length} validation error${errors.length === 1 ? '' : 's'} for call[${tool}]`;
  const lines = errors.map(
    (e) =>
      `${e.loc}\n  ${e.msg} [type=${e.type}, input_value=${truncate(pythonRepr(e.input))}, input_type=${pythonType(e.input)}]\n` +
      `    For further information visit ${PYDANTIC_DOCS}${e.type}`,
  );
  return [head, ...lines].join('\n');
}

// pydantic-core shortens long inputs to their first 25 and last 24 characters.
function truncate(repr: string): string {
  const chars = [...repr];
  return chars.length > 50 ? `${chars.slice(0, 25).join('')}...${chars.slice(-24).join('')}` : repr;
}

function checkValue(schema: JsonSchemaProperty, value: unknown, loc: string): Checked {
  if (schema.anyOf) return checkAnyOf(schema.anyOf, value, loc);
  if (schema.enum) return checkLiteral(schema.enum, value, loc);
  switch (schema.type) {
    case 'string':
      return typeof value === 'string' ? pass(value) : fail(loc, 'string_type', 'Input should be a valid string', value);
    case 'integer':
      return checkInteger(value, loc);
    case 'number':
      return checkNumber(value, loc);
    case 'boolean':
      return checkBoolean(value, loc);
    case 'null':
      return value === null ? pass(null) : fail(loc, 'none_required', 'Input should be None', value);
    default:
      return pass(value);
  }
}

// `Optional[T]` is a nullable T in pydantic (errors name the field only); a wider union tags
// each member's errors (`start.int`, `start.str`), after trying exact type matches first.
function checkAnyOf(members: JsonSchemaProperty[], value: unknown, loc: string): Checked {
  const nonNull = members.filter((m) => m.type !== 'null');
  if (value === null && nonNull.length < members.length) return pass(null);
  const [only] = nonNull;
  if (nonNull.length === 1 && only) return checkValue(only, value, loc);
  const exact = nonNull.find((m) => matchesExactly(m, value));
  if (exact) return pass(value);
  const errors: ArgError[] = [];
  for (const member of nonNull) {
    const checked = checkValue(member, value, `${loc}.${unionTag(member)}`);
    if (checked.ok) return checked;
    errors.push(...checked.errors);
  }
  return { ok: false, errors };
}

function matchesExactly(schema: JsonSchemaProperty, value: unknown): boolean {
  if (schema.enum) return typeof value === 'string' && schema.enum.includes(value);
  if (schema.type === 'string') return typeof value === 'string';
  if (schema.type === 'integer') return typeof value === 'number' && Number.isInteger(value);
  if (schema.type === 'number') return typeof value === 'number';
  if (schema.type === 'boolean') return typeof value === 'boolean';
  return false;
}

function unionTag(schema: JsonSchemaProperty): string {
  if (schema.enum) return `literal[${schema.enum.map((v) => pythonRepr(v)).join(',')}]`;
  return { string: 'str', integer: 'int', number: 'float', boolean: 'bool', null: 'none' }[schema.type ?? 'null'];
}

function checkLiteral(options: string[], value: unknown, loc: string): Checked {
  if (typeof value === 'string' && options.includes(value)) return pass(value);
  const quoted = options.map((o) => pythonRepr(o));
  const last = quoted.pop() ?? '';
  const expected = quoted.length > 0 ? `${quoted.join(', ')} or ${last}` : last;
  return fail(loc, 'literal_error', `Input should be ${expected}`, value);
}

function checkInteger(value: unknown, loc: string): Checked {
  if (typeof value === 'boolean') return pass(value ? 1 : 0);
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return pass(value);
    if (Number.isFinite(value)) {
      return fail(loc, 'int_from_float', 'Input should be a valid integer, got a number with a fractional part', value);
    }
    return fail(loc, 'finite_number', 'Input should be a finite number', value);
  }
  if (typeof value === 'string') {
    const match = /^\s*([+-]?\d+)(?:\.0*)?\s*$/.exec(value);
    if (match?.[1] !== undefined) return pass(Number(match[1]));
    return fail(loc, 'int_parsing', 'Input should be a valid integer, unable to parse string as an integer', value);
  }
  return fail(loc, 'int_type', 'Input should be a valid integer', value);
}

function checkNumber(value: unknown, loc: string): Checked {
  if (typeof value === 'boolean') return pass(value ? 1 : 0);
  if (typeof value === 'number') return pass(value);
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(text)) return pass(Number(text));
    if (/^[+-]?(inf|infinity)$/.test(text)) return pass(text.startsWith('-') ? -Infinity : Infinity);
    if (/^[+-]?nan$/.test(text)) return pass(Number.NaN);
    return fail(loc, 'float_parsing', 'Input should be a valid number, unable to parse string as a number', value);
  }
  return fail(loc, 'float_type', 'Input should be a valid number', value);
}

const TRUE_WORDS = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_WORDS = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

function checkBoolean(value: unknown, loc: string): Checked {
  if (typeof value === 'boolean') return pass(value);
  if (typeof value === 'number' && (value === 0 || value === 1)) return pass(value === 1);
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return pass(true);
    if (FALSE_WORDS.has(word)) return pass(false);
  }
  if (typeof value === 'string' || typeof value === 'number') {
    return fail(loc, 'bool_parsing', 'Input should be a valid boolean, unable to interpret input', value);
  }
  return fail(loc, 'bool_type', 'Input should be a valid boolean', value);
}

function pass(value: unknown): Checked {
  return { ok: true, value };
}

function fail(loc: string, type: string, msg: string, input: unknown): Checked {
  return { ok: false, errors: [{ loc, type, msg, input }] };
}
