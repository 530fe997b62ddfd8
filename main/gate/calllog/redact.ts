// Secrets must never reach the log: the file is plain JSONL that the CLI prints, the UI shows and
// exports land in spreadsheets. Redaction works on two signals, either one enough:
//  - the name says it is secret (api_key, otp, signature, …) → the whole value goes;
//  - the value looks like one (Kraken secrets are 88-char base64, keys 56-char base64, bearer
//    tokens, JWTs, long hex digests) → the string, or the part of free text that looks so, goes.
// Ordinary trading values are short or structured (XBTUSD, OABCDE-FGHIJ-KLMNOP, 50000.1, UUIDs),
// so the value heuristics stay clear of them; the tests pin both directions.

export const REDACTED = '[redacted]';

// `two_factor` (and `2fa`) carry a one-time password as `otp` does.
const SECRET_NAME = /key|secret|token|signature|password|passphrase|otp|auth|two_?factor|2fa/i;

// Kraken accepts a client order id as a 32-hex "short UUID"; under an id-like name that exact shape
// is an identifier the user needs to find in the log, not a digest.
const ID_NAME = /(?:^|_)(?:cl_ord_id|txid|ordertxid|postxid|refid|id)$/i;
const SHORT_UUID = /^[0-9a-f]{32}$/i;

// Standard base64 runs (Kraken's alphabet); `=` padding optional. Free text is split on anything
// outside the alphabet, so paths and sentences rarely form a 40-char run.
const BASE64_RUN = /[A-Za-z0-9+/]{40,}={0,2}/g;
const HEX_RUN = /(?<![A-Za-z0-9])(?:0x)?[0-9a-fA-F]{32,}(?![A-Za-z0-9])/g;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const AUTH_SCHEME = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const PREFIXED_TOKEN = /\b(?:sk|pk|rk|ghp|gho|ghs|ghu|github_pat|xox[abprs])[-_][A-Za-z0-9_-]{16,}/g;
// `api_key=…`, `"token": "…"` inside a message: keep the name (it says what was there), drop the value.
// Bounded name parts: unbounded ones backtrack quadratically on long letter runs, and the agent
// chooses this text.
const NAMED_IN_TEXT = /\b([A-Za-z_-]{0,32}(?:key|secret|token|signature|password|passphrase|otp|two_?factor)[A-Za-z_-]{0,32})("?\s{0,8}[=:]\s{0,8}"?)[^\s",;&]+/gi;
const PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g;

/** Random tokens mix character classes; a run of one class (a long number, "aaaa…") is not one. */
function mixesClasses(s: string): boolean {
  let classes = 0;
  if (/[A-Z]/.test(s)) classes++;
  if (/[a-z]/.test(s)) classes++;
  if (/[0-9]/.test(s)) classes++;
  return classes >= 2;
}

/** A hex digest has both digits and letters; 32+ digits alone is a number with many decimals. */
function isHexDigest(s: string): boolean {
  const body = s.startsWith('0x') || s.startsWith('0X') ? s.slice(2) : s;
  return /[0-9]/.test(body) && /[a-f]/i.test(body);
}

// What every pattern below needs, in one scan: a secret-ish word (the named values, the auth
// schemes), a JWT's or a PEM's start, or a run of 19 token characters (the shortest prefixed token;
// base64 and hex runs are longer). Text without any (a ticker's numbers) skips the seven scans.
const MAY_HOLD_SECRET = /key|secret|token|signature|password|passphrase|otp|two_?factor|bearer|basic|eyJ|-----BEGIN|[A-Za-z0-9+/_-]{19}/i;

/** Replaces the parts of free text (error messages, summaries, reasons) that look like secrets. */
export function redactText(text: string): string {
  if (text.length < 16) return text; // shorter than any pattern below: the common case, kept cheap
  if (!MAY_HOLD_SECRET.test(text)) return text;
  return redactTextFully(text);
}

/** redactText without its pre-check; exported for the test that proves the pre-check skips nothing. */
export function redactTextFully(text: string): string {
  return text
    .replace(PEM, REDACTED)
    .replace(JWT, REDACTED)
    .replace(AUTH_SCHEME, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(PREFIXED_TOKEN, REDACTED)
    // Whole tokens before named values: a random secret can contain "key" or "otp" itself.
    .replace(BASE64_RUN, (m) => (mixesClasses(m) ? REDACTED : m))
    .replace(HEX_RUN, (m) => (isHexDigest(m) ? REDACTED : m))
    .replace(NAMED_IN_TEXT, (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`);
}

/** True when a whole string value, under the given property name, is to be treated as a secret. */
export function looksLikeSecret(value: string, name?: string): boolean {
  if (name !== undefined && ID_NAME.test(name) && SHORT_UUID.test(value)) return false;
  return redactText(value) !== value;
}

function redactString(value: string, name: string | undefined): string {
  if (name !== undefined && ID_NAME.test(name) && SHORT_UUID.test(value)) return value;
  const redacted = redactText(value);
  // A value that is itself a secret is replaced whole, so no prefix or suffix of it survives.
  if (redacted === value) return value;
  // Free text (it has spaces) keeps its words around the placeholder, so a note stays readable.
  return /\s/.test(value.trim()) ? redacted : REDACTED;
}

function redactValue(value: unknown, name: string | undefined, seen: Set<object>): unknown {
  if (typeof value === 'string') return redactString(value, name);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redactValue(item, name, seen));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (looksLikeSecret(key)) {
        // A secret pasted as a property name; number the placeholders so none overwrites another.
        // Its value is judged on its own: letters of a random key spelling "otp" mean nothing.
        let outKey = REDACTED;
        for (let n = 2; outKey in out; n++) outKey = `${REDACTED}-${n}`;
        out[outKey] = redactValue(item, undefined, seen);
        continue;
      }
      out[key] = SECRET_NAME.test(key) && item !== null && item !== undefined ? REDACTED : redactValue(item, key, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** A deep copy of tool arguments with secrets replaced by "[redacted]". Idempotent. */
export function redactArguments(args: Record<string, unknown>): Record<string, unknown> {
  return redactValue(args, undefined, new Set()) as Record<string, unknown>;
}

/**
 * The values the agent sent under secret names (an `otp`, a `two_factor` code), as text. The
 * upstream's answer may repeat them (pydantic quotes `input_value='123456'`), where no name says
 * what they are; the record masks them there by value (SecretMask).
 */
export function secretArgumentValues(args: Record<string, unknown>): string[] {
  const values: string[] = [];
  const collect = (value: unknown, secret: boolean, seen: Set<object>): void => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
      if (secret) values.push(String(value));
      return;
    }
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) for (const item of value) collect(item, secret, seen);
    else for (const [key, item] of Object.entries(value)) collect(item, secret || SECRET_NAME.test(key), seen);
  };
  collect(args, false, new Set());
  return values;
}
