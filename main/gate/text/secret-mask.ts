// Masks known secret values in text. The gateway knows some secrets exactly: the API key and
// secret it hands to the upstream, an `otp` the agent sends. Whatever else repeats them (a Python
// crash trace on stderr, a pydantic error that quotes `input_value='123456'`) must not carry them
// into a log file, a console or a status line. Pattern heuristics (calllog/redact.ts) catch
// secrets by their shape; this catches these ones by their value, in any shape of text.

export const MASKED = '[redacted]';

// A value this long is random enough to mask wherever it occurs, even inside a longer run; a
// shorter one (a 6-digit otp) only as a whole token, or every "123456" in a text would go too.
const ANYWHERE_FROM = 16;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The spellings a value takes in text: as it is, JSON-escaped, URL-encoded. */
function spellings(value: string): string[] {
  return [...new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)])];
}

export class SecretMask {
  static readonly none = new SecretMask([]);
  private readonly pattern: RegExp | undefined;
  private readonly spellings: string[] = [];

  constructor(values: readonly string[]) {
    const alternatives: string[] = [];
    for (const value of new Set(values.filter((v) => v.length > 0))) {
      for (const spelling of spellings(value)) {
        this.spellings.push(spelling);
        const escaped = escapeRegExp(spelling);
        alternatives.push(value.length >= ANYWHERE_FROM ? escaped : `(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`);
      }
    }
    // Longest first, so a value that contains another is masked whole.
    alternatives.sort((a, b) => b.length - a.length);
    this.pattern = alternatives.length ? new RegExp(alternatives.join('|'), 'gu') : undefined;
  }

  apply(text: string): string {
    return this.pattern ? text.replace(this.pattern, MASKED) : text;
  }

  /** False when there is nothing to mask, so a caller can skip walking what it would pass through. */
  get active(): boolean {
    return this.pattern !== undefined;
  }

  /**
   * For text that may continue (a stream cut mid-line): how much of it can be shown now. The end
   * is held back when it could be the start of a secret the rest of the stream completes.
   */
  safeEnd(text: string): number {
    let held = 0;
    for (const spelling of this.spellings) {
      for (let k = Math.min(spelling.length - 1, text.length); k > held; k--) {
        if (text.endsWith(spelling.slice(0, k))) {
          held = k;
          break;
        }
      }
    }
    return text.length - held;
  }
}

// Names of environment variables that hold credentials (KRAKEN_API_KEY, KRAKEN_API_SECRET, …).
const SECRET_ENV = /key|secret|token|passw|passphrase|otp|auth|credential/i;

/** The values of the secret variables among those given to the upstream. */
export function secretEnvValues(env: Readonly<Record<string, string>> | undefined): string[] {
  return Object.entries(env ?? {}).flatMap(([name, value]) => (SECRET_ENV.test(name) && value ? [value] : []));
}
