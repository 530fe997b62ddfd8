// A tool's arguments as the rule editor offers them, read from the tool's own input schema (JSON
// Schema as kraken-mcp's pydantic writes it: optional arguments are `anyOf [T, null]`). Only the
// operators that make sense for an argument's type are offered (design rule 11, as AWS IAM's editor).

export const OPS = ['eq', 'neq', 'in', 'not_in', 'lt', 'lte', 'gt', 'gte', 'regex', 'contains', 'exists'] as const;
export type Op = (typeof OPS)[number];

export const OP_WORDS: Record<Op, string> = {
  eq: 'is',
  neq: 'is not',
  in: 'is one of',
  not_in: 'is none of',
  lt: 'is less than',
  lte: 'is at most',
  gt: 'is more than',
  gte: 'is at least',
  regex: 'matches pattern',
  contains: 'contains',
  exists: 'is given',
};

export type ArgType = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'numeric-string' | 'other';

export interface ArgField {
  name: string;
  type: ArgType;
  enumValues?: readonly (string | number)[];
  description?: string;
  required: boolean;
  default?: unknown;
}

type Schema = Record<string, unknown>;

/** Kraken prices and volumes arrive as strings holding numbers; the engine compares them as numbers. */
const NUMERIC_STRINGS = new Set(['price', 'price2', 'volume', 'leverage', 'displayvol', 'order_qty', 'limit_price', 'trigger_price']);

function readType(schema: Schema): { type: ArgType; enumValues?: (string | number)[] } {
  if (Array.isArray(schema.enum)) return { type: 'enum', enumValues: schema.enum as (string | number)[] };
  const variants = Array.isArray(schema.anyOf) ? (schema.anyOf as Schema[]).filter((s) => s.type !== 'null') : undefined;
  if (variants?.length === 1) return readType(variants[0]!);
  if (variants && variants.length > 1) return { type: 'other' };
  const type = Array.isArray(schema.type) ? (schema.type as string[]).filter((t) => t !== 'null') : [schema.type];
  if (type.length !== 1) return { type: 'other' };
  switch (type[0]) {
    case 'string':
      return { type: 'string' };
    case 'number':
      return { type: 'number' };
    case 'integer':
      return { type: 'integer' };
    case 'boolean':
      return { type: 'boolean' };
    default:
      return { type: 'other' };
  }
}

export function fieldsFromSchema(inputSchema: Record<string, unknown>): ArgField[] {
  const properties = (inputSchema.properties ?? {}) as Record<string, Schema>;
  const required = new Set(Array.isArray(inputSchema.required) ? (inputSchema.required as string[]) : []);
  return Object.entries(properties).map(([name, schema]) => {
    const read = readType(schema);
    const { enumValues } = read;
    const type: ArgType = read.type === 'string' && NUMERIC_STRINGS.has(name) ? 'numeric-string' : read.type;
    return {
      name,
      type,
      ...(enumValues && { enumValues }),
      ...(typeof schema.description === 'string' && { description: schema.description }),
      required: required.has(name),
      ...('default' in schema && { default: schema.default }),
    };
  });
}

const BY_TYPE: Record<ArgType, readonly Op[]> = {
  string: ['eq', 'neq', 'in', 'not_in', 'regex', 'contains', 'exists'],
  'numeric-string': ['lte', 'lt', 'gte', 'gt', 'eq', 'neq', 'regex', 'exists'],
  number: ['lte', 'lt', 'gte', 'gt', 'eq', 'neq', 'in', 'not_in', 'exists'],
  integer: ['lte', 'lt', 'gte', 'gt', 'eq', 'neq', 'in', 'not_in', 'exists'],
  boolean: ['eq', 'neq', 'exists'],
  enum: ['eq', 'neq', 'in', 'not_in', 'exists'],
  other: OPS,
};

export function opsFor(field: ArgField | undefined): readonly Op[] {
  return field ? BY_TYPE[field.type] : OPS;
}

export type ValueKind = 'list' | 'number' | 'boolean' | 'enum' | 'enum-list' | 'text' | 'pattern';

/** What kind of value input an operator needs for a field. */
export function valueKind(field: ArgField | undefined, op: Op): ValueKind {
  if (op === 'exists') return 'boolean';
  if (op === 'regex') return 'pattern';
  if (op === 'in' || op === 'not_in') return field?.type === 'enum' ? 'enum-list' : 'list';
  if (op === 'lt' || op === 'lte' || op === 'gt' || op === 'gte') return 'number';
  switch (field?.type) {
    case 'boolean':
      return 'boolean';
    case 'enum':
      return 'enum';
    case 'number':
    case 'integer':
      return 'number';
    default:
      return 'text';
  }
}

/** A sensible starting value when the operator (or the argument) changes. */
export function defaultValue(field: ArgField | undefined, op: Op): unknown {
  switch (valueKind(field, op)) {
    case 'boolean':
      return op === 'exists' ? true : false;
    case 'enum':
      return field?.enumValues?.[0] ?? '';
    case 'enum-list':
      return [];
    case 'list':
      return [];
    case 'number':
      return 0;
    default:
      return '';
  }
}

/** Arguments for "Test a call": the required ones with a plausible value, the rest left out. */
export function exampleArguments(fields: readonly ArgField[]): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const f of fields) {
    if (!f.required) continue;
    args[f.name] = f.enumValues?.[0] ?? (f.type === 'boolean' ? false : f.type === 'number' || f.type === 'integer' ? 1 : f.name === 'pair' || f.name === 'pairs' ? 'XBTUSD' : '');
  }
  return args;
}
