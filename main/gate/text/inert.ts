// main/gate/text/: text safety and canonical forms (inert text, secret masks, canonical JSON and its
// hash). Imports nothing of ours, so every folder can use it.

// Text that came from an agent or the upstream (a client name, a tool name, an argument, an error
// message) is made inert before any human sees it: a terminal escape sequence could move the
// cursor and rewrite the approval a person is reading, a right-to-left override could reorder it,
// a zero-width character could hide a difference. Such characters are shown escaped (`\u202e`),
// never removed, so the human sees that something was there; and length is bounded, so one
// string cannot push the rest of a screen out of view. The call log keeps the exact bytes.

// Controls (C0, DEL, C1), format characters (bidi embeddings, overrides and isolates, zero-width
// joiners and spaces, the BOM, tag characters), line and paragraph separators, lone surrogates,
// every other default-ignorable code point (Hangul fillers, variation selectors, …), and code
// points with no agreed glyph: private use (a font can draw anything there) and unassigned ones.
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}\p{Default_Ignorable_Code_Point}]/gu;
// All of the above but the line break lie outside printable ASCII.
const BEYOND_PRINTABLE_ASCII = /[^\n\x20-\x7e]/;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Bounds for the strings surfaces show, in code points. */
export const INERT_LIMITS = {
  /** A client, tool or argument name. */
  name: 80,
  /** One value, a headline, an error line. */
  line: 300,
  /** Raw JSON of a call's arguments shown when the summary cannot put them into words. */
  json: 4000,
} as const;

function escapeCodePoint(char: string): string {
  const short = SHORT_ESCAPES[char];
  if (short) return short;
  const code = char.codePointAt(0) ?? 0;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** True when `text` is shown as it is by `inert` (nothing escaped, nothing cut). */
export function isInert(text: string, max: number = INERT_LIMITS.line): boolean {
  UNSAFE.lastIndex = 0;
  return !UNSAFE.test(text) && [...text].length <= max;
}

function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE, escapeCodePoint);
}

function bound(text: string, max: number): string {
  const points = [...text];
  return points.length <= max ? text : `${points.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/**
 * `text` safe to print to a terminal, a notification, a tray menu or a page: every unsafe code
 * point escaped as `\uXXXX` (`\n`, `\r`, `\t` for those), then cut to `max` code points with "…".
 */
export function inert(text: string, max: number = INERT_LIMITS.line): string {
  return bound(escapeUnsafe(text), max);
}

/** An optional string made inert; undefined stays undefined. */
export function inertOptional(text: string | undefined, max?: number): string | undefined {
  return text === undefined ? undefined : inert(text, max);
}

/**
 * JSON text (as JSON.stringify writes it) with every unsafe code point written as a JSON escape,
 * `\u202e` (astral ones as their surrogate pair, `\udb40\udc41`): the same JSON — JSON.parse gives
 * back the exact value — and safe to print. Such characters only occur inside JSON strings, where
 * an escape means the same character (a raw line break is the pretty form's own layout, kept).
 * The call log writes its lines this way.
 */
export function escapeJsonText(json: string): string {
  // Printable ASCII and line breaks hold nothing to escape: most lines, checked by a plain range scan.
  if (!BEYOND_PRINTABLE_ASCII.test(json)) return json;
  return json.replace(UNSAFE, (char) => {
    if (char === '\n') return char; // JSON.stringify's own line breaks (pretty form); in a string it writes \n
    let out = '';
    for (let i = 0; i < char.length; i++) out += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return out;
  });
}

/**
 * Pretty JSON of a value, inert: JSON.stringify escapes C0 controls but leaves C1 controls, bidi
 * overrides, zero-width characters and U+2028 as they are; those are escaped too (escapeJsonText),
 * so the text still reads — and parses — as the JSON it is. Bounded to `max`.
 */
export function inertJson(value: unknown, max: number = INERT_LIMITS.json): string {
  const text = JSON.stringify(value, null, 2) ?? 'undefined';
  return bound(escapeJsonText(text), max);
}
