import { isDeepStrictEqual } from 'node:util';
import { applyEdits, modify, parse, printParseErrorCode, type FormattingOptions, type ParseError } from 'jsonc-parser';
import type { ClientSnippet } from './snippet.js';

/** The existing file cannot be merged into safely; nothing was written. */
export class ConfigFileError extends Error {}

export interface MergeResult {
  /** The whole new file. */
  text: string;
  /** False when the file already held exactly this entry. */
  changed: boolean;
  /** The file had a different entry under the same name, now replaced. */
  replaced: boolean;
}

export interface MergeOptions {
  /** Accept comments and trailing commas (VS Code, Gemini CLI); strict JSON otherwise. */
  jsonc: boolean;
}

/**
 * Puts the snippet's entry into a client's config file text, touching nothing else: other
 * servers, other settings, comments and formatting stay as they were. `existing` undefined (or
 * blank) means there is no file yet. Throws ConfigFileError rather than guess at a broken file.
 */
export function mergeServerEntry(existing: string | undefined, snippet: Pick<ClientSnippet, 'serversKey' | 'name' | 'entry' | 'json'>, options: MergeOptions): MergeResult {
  if (existing === undefined || existing.trim() === '') return { text: snippet.json, changed: true, replaced: false };
  const bom = existing.startsWith('\uFEFF') ? '\uFEFF' : '';
  const text = existing.slice(bom.length);
  const before = parseConfig(text, options);
  const servers = before[snippet.serversKey];
  if (servers !== undefined && !isPlainObject(servers)) {
    throw new ConfigFileError(`"${snippet.serversKey}" in this file is not an object; fix it by hand, then try again.`);
  }
  const previous = servers?.[snippet.name];
  if (isDeepStrictEqual(previous, snippet.entry)) return { text: existing, changed: false, replaced: false };

  const edits = modify(text, [snippet.serversKey, snippet.name], snippet.entry, { formattingOptions: formattingOf(text) });
  const merged = applyEdits(text, edits);
  // Belt and braces: the result must parse, hold the entry, and differ from the original in that
  // one place only. Anything else is a bug here, and the user's file is not the place to find it.
  const after = parseConfig(merged, options);
  const { [snippet.name]: written, ...othersAfter } = (after[snippet.serversKey] ?? {}) as Record<string, unknown>;
  const { [snippet.name]: _old, ...othersBefore } = (servers ?? {}) as Record<string, unknown>;
  const { [snippet.serversKey]: _s1, ...restAfter } = after;
  const { [snippet.serversKey]: _s2, ...restBefore } = before;
  if (!isDeepStrictEqual(written, snippet.entry) || !isDeepStrictEqual(othersAfter, othersBefore) || !isDeepStrictEqual(restAfter, restBefore)) {
    throw new ConfigFileError('Merging would have changed more than the kraken-gate entry; left the file as it was.');
  }
  return { text: bom + merged, changed: true, replaced: previous !== undefined };
}

function parseConfig(text: string, options: MergeOptions): Record<string, unknown> {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: options.jsonc, disallowComments: !options.jsonc, allowEmptyContent: false });
  if (errors.length > 0) {
    const first = errors[0]!;
    const { line, column } = position(text, first.offset);
    const kind = options.jsonc ? 'JSON (with comments)' : 'JSON';
    throw new ConfigFileError(`This file is not valid ${kind}: ${describe(printParseErrorCode(first.error))} at line ${line}, column ${column}. Fix it by hand, then try again.`);
  }
  if (!isPlainObject(value)) throw new ConfigFileError('This file does not hold a JSON object at the top level; fix it by hand, then try again.');
  return value;
}

function describe(code: string): string {
  // "InvalidCommentToken" → "invalid comment token"
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function position(text: string, offset: number): { line: number; column: number } {
  const upTo = text.slice(0, offset);
  const lines = upTo.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/** Indentation and line ends as the file already has them. */
function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = /^([ \t]+)\S/m.exec(text)?.[1];
  if (indented?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indented ? indented.length : 2, eol };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
