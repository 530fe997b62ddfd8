// `kraken-gate policy check FILE`: the CLI prints these lines and exits non-zero unless ok.
import { readFile } from 'node:fs/promises';
import { parsePolicyText, type Policy } from './schema.js';

export interface PolicyCheckResult {
  ok: boolean;
  errors: string[];
  warnings: string[];
  /** Ready to print, one per line: a summary, then each error or warning. */
  lines: string[];
}

function summary(policy: Policy): string {
  const named = Object.keys(policy.tools ?? {}).length;
  const hidden = policy.hide?.length ?? 0;
  return `default ${policy.default ?? 'deny'}, ${named} tool${named === 1 ? '' : 's'} named, ${hidden} hidden`;
}

export async function checkPolicyFile(path: string): Promise<PolicyCheckResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const error = `cannot read the file${code === undefined ? '' : ` (${code})`}`;
    return { ok: false, errors: [error], warnings: [], lines: [`${path}: ${error}`] };
  }
  const result = parsePolicyText(text);
  if (!result.ok) {
    const n = result.errors.length;
    return {
      ok: false,
      errors: result.errors,
      warnings: [],
      lines: [`${path}: ${n} error${n === 1 ? '' : 's'}`, ...result.errors.map((e) => `  error: ${e}`)],
    };
  }
  return {
    ok: true,
    errors: [],
    warnings: result.warnings,
    lines: [`${path}: OK (${summary(result.policy)})`, ...result.warnings.map((w) => `  warning: ${w}`)],
  };
}
