// Reads a call's arguments strictly, against what the upstream schema declares, and records every
// reason it cannot vouch for what it read. The upstream (pydantic, lax mode) would coerce "false"
// to false or "0.5" to 0.5; a summary that displayed the text while the upstream acted on the
// coerced value would show one thing and sign another, so any such value makes the call unreadable.
import { inert, isInert } from '../text/inert.js';

export interface ReadOptions {
  required?: boolean;
  /** The schema allows null (`anyOf [T, null]`); null then reads as "not given". */
  nullable?: boolean;
}

// A value is put into words only when inert() would show it as it is: no control, format (bidi,
// zero-width), separator, private-use, surrogate or unassigned code point, any of which can make
// text display differently from what it is; and short enough to be read whole.
const MAX_SHOWN_LENGTH = 256;

export function isDisplayable(text: string): boolean {
  return text.length > 0 && isInert(text, MAX_SHOWN_LENGTH);
}

/** A name safe to quote inside a problem message, whatever it contains: JSON-quoted, then inert. */
export function quoteName(text: string): string {
  return `"${inert(JSON.stringify(text).slice(1, -1), 48)}"`;
}

export class ArgumentReader {
  readonly problems: string[] = [];
  private readonly args: Readonly<Record<string, unknown>>;

  constructor(args: Readonly<Record<string, unknown>>, known: readonly string[]) {
    this.args = args;
    for (const key of Object.keys(args)) {
      if (!known.includes(key)) this.problems.push(`unknown argument ${quoteName(key)}`);
    }
  }

  problem(message: string): void {
    this.problems.push(message);
  }

  string(key: string, options: ReadOptions = {}): string | undefined {
    const value = this.read(key, options);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return this.wrongType(key, 'text');
    if (!isDisplayable(value)) {
      this.problems.push(`"${key}" is empty, too long, or has characters that cannot be shown`);
      return undefined;
    }
    return value;
  }

  number(key: string, options: ReadOptions = {}): number | undefined {
    const value = this.read(key, options);
    if (value === undefined) return undefined;
    return typeof value === 'number' && Number.isFinite(value) ? value : this.wrongType(key, 'a number');
  }

  integer(key: string, options: ReadOptions = {}): number | undefined {
    const value = this.read(key, options);
    if (value === undefined) return undefined;
    return Number.isSafeInteger(value) ? (value as number) : this.wrongType(key, 'a whole number');
  }

  boolean(key: string, options: ReadOptions = {}): boolean | undefined {
    const value = this.read(key, options);
    if (value === undefined) return undefined;
    return typeof value === 'boolean' ? value : this.wrongType(key, 'true or false');
  }

  choice<T extends string>(key: string, choices: readonly T[], options: ReadOptions = {}): T | undefined {
    const value = this.read(key, options);
    if (value === undefined) return undefined;
    if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
    this.problems.push(`"${key}" must be one of ${choices.join(', ')}`);
    return undefined;
  }

  private read(key: string, { required = false, nullable = false }: ReadOptions): unknown {
    const value = Object.hasOwn(this.args, key) ? this.args[key] : undefined;
    if (value === undefined || (value === null && nullable)) {
      if (required) this.problems.push(`"${key}" is missing`);
      return undefined;
    }
    return value;
  }

  private wrongType(key: string, expected: string): undefined {
    this.problems.push(`"${key}" must be ${expected}`);
    return undefined;
  }
}
