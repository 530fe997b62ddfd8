import { isDeepStrictEqual } from 'node:util';
import { applyEdits, findNodeAtLocation, modify, parse, parseTree, printParseErrorCode, type FormattingOptions, type Node, type ParseError } from 'jsonc-parser';
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

  const merged = putEntry(text, [snippet.serversKey, snippet.name], snippet.entry, formattingOf(text));
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

/**
 * Sets `path` (servers key, server name) to `value`, writing only the new entry: jsonc-parser's
 * own formatting pass also re-lays-out the line before an insertion, which turned a person's
 * one-line sibling entry (`"memory": { "command": "npx", "args": […] }`) into eight lines. So the
 * entry is appended after the last member (after its comma and any comment on its line), indented
 * like it; only an object whose closing brace shares that line is left to jsonc-parser.
 */
function putEntry(text: string, path: [string, string], value: unknown, fmt: FormattingOptions): string {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false })!;
  const existing = findNodeAtLocation(root, path);
  if (existing) {
    const start = existing.parent?.offset ?? existing.offset;
    return splice(text, existing.offset, existing.length, render(value, lineIndent(text, start), fmt));
  }
  const servers = findNodeAtLocation(root, [path[0]]);
  const [object, key, member] = servers ? [servers, path[1], value] : [root, path[0], { [path[1]]: value }];
  return appendMember(text, object, key, member, fmt) ?? applyEdits(text, modify(text, path, value, { formattingOptions: fmt }));
}

/** The text with `key: value` added as the object's last member; undefined when the object is laid out on one line. */
function appendMember(text: string, object: Node, key: string, value: unknown, fmt: FormattingOptions): string | undefined {
  const eol = fmt.eol ?? '\n';
  const members = object.children ?? [];
  const last = members[members.length - 1];
  if (!last) {
    const closing = object.offset + object.length - 1;
    if (text.slice(object.offset + 1, closing).trim() !== '') return undefined; // only a comment inside: keep it, let jsonc-parser place the entry
    const outer = lineIndent(text, object.offset);
    const indent = outer + unit(fmt);
    return splice(text, object.offset + 1, closing - object.offset - 1, `${eol}${indent}${JSON.stringify(key)}: ${render(value, indent, fmt)}${eol}${outer}`);
  }
  const indent = lineIndent(text, last.offset);
  const end = last.offset + last.length;
  const rest = restOfLine(text, end);
  if (rest.closes) return undefined;
  const entry = `${eol}${indent}${JSON.stringify(key)}: ${render(value, indent, fmt)}`;
  // A trailing comma (JSONC) stays a trailing comma, now after the new entry.
  if (rest.comma !== undefined) return splice(text, rest.lineEnd, 0, `${entry},`);
  return splice(splice(text, rest.lineEnd, 0, entry), end, 0, ',');
}

/** What follows a member on its line: a comma, a comment, the line's end, or the object's closing brace. */
function restOfLine(text: string, from: number): { comma?: number; lineEnd: number; closes: boolean } {
  let i = from;
  let comma: number | undefined;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t') i++;
    else if (ch === ',' && comma === undefined) comma = i++;
    else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      if (close === -1 || /[\r\n]/.test(text.slice(i, close))) break;
      i = close + 2;
    } else if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
      break;
    } else if (ch === '\n' || ch === '\r') break;
    else return { comma, lineEnd: i, closes: true };
  }
  return { comma, lineEnd: i, closes: false };
}

/** Pretty JSON whose lines after the first start at `indent` (the first follows the key). */
function render(value: unknown, indent: string, fmt: FormattingOptions): string {
  return JSON.stringify(value, null, unit(fmt)).split('\n').join(`${fmt.eol ?? '\n'}${indent}`);
}

function unit(fmt: FormattingOptions): string {
  return fmt.insertSpaces ? ' '.repeat(fmt.tabSize ?? 2) : '\t';
}

function lineIndent(text: string, offset: number): string {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

function splice(text: string, at: number, remove: number, insert: string): string {
  return text.slice(0, at) + insert + text.slice(at + remove);
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
