import { createHash } from 'node:crypto';
import { existsSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import { withLines } from './policy-lines.js';
import { Emitter } from '../events.js';
import { compilePolicy, defaultPolicyText, parsePolicyText, type CompiledPolicy, type Policy } from '../policy/index.js';

/** An edit on disk that loosens the rules in force, waiting for a person: still not applied. */
export interface StagedPolicy {
  text: string;
  /** sha256 of the text: what `applyStaged` must name, so the person applies what they reviewed. */
  hash: string;
  at: string;
  loosenings: string[];
}

export type PolicyReload =
  | { ok: true; path: string; warnings: string[]; staged?: undefined }
  | { ok: true; path: string; warnings: string[]; staged: StagedPolicy }
  | { ok: false; path: string; errors: string[] };

export interface PolicyFileOptions {
  /**
   * The text a person last confirmed; when the file differs and loosens it, the confirmed text is
   * in force and the file is staged. Undefined: the file is trusted as it is (a first start).
   */
  confirmedText?: string;
  /** The ways `after` lets more through than `before` that need a person now; [] lets it apply. */
  loosenings?: (before: Policy, after: Policy) => string[];
}

export function policyHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * policy.json in the data dir, watched: a valid change that only tightens applies to the next call;
 * one that loosens anything, while a person's proof is required, is staged (the rules in force stay
 * until the person applies it); an invalid one is refused with its errors. Created with the
 * shipped default on first run so a person has a file to edit.
 */
export class PolicyFile {
  private readonly reloadEmitter = new Emitter<PolicyReload>();
  /** Fires after every attempt to apply a change on disk, valid or not, staged or applied. */
  readonly onDidReload = this.reloadEmitter.event;
  private compiledPolicy: CompiledPolicy;
  private watcher: FSWatcher | undefined;
  private debounce: NodeJS.Timeout | undefined;
  /** The text in force (it may differ from the file's while an edit is staged or refused). */
  private appliedText: string;
  /** The file's text as last read, so an unchanged file is not judged again. */
  private lastText: string;
  private stagedPolicy: StagedPolicy | undefined;
  /** The last change on disk was refused: putting the running text back must be reported too. */
  private refused = false;
  /** Set when the file itself was invalid at start (each error with its line): other rules run instead. */
  readonly startProblem: string[] | undefined;
  /** Which rules run when the file was invalid at start: the ones a person confirmed, or on a first start the shipped ones. */
  readonly startFallback: 'confirmed' | 'shipped' | undefined;

  constructor(
    readonly path: string,
    private readonly options: PolicyFileOptions = {},
  ) {
    if (!existsSync(path)) writeFileAtomic(path, defaultPolicyText());
    const fileText = readFileSync(path, 'utf8');
    this.lastText = fileText;
    const confirmed = options.confirmedText === undefined ? undefined : compileText(options.confirmedText);
    const first = compileText(fileText);
    if (!first.ok) {
      // A broken file keeps the last good rules, as a broken edit of a running gateway does: the
      // ones a person confirmed, or before there are any, the shipped ones a first start writes.
      // Refusing to start would leave the person without the window and the CLI to see why.
      const fallback = confirmed?.ok ? { text: options.confirmedText as string, compiled: confirmed.compiled } : shippedPolicy();
      this.startProblem = withLines(fileText, first.errors);
      this.startFallback = confirmed?.ok ? 'confirmed' : 'shipped';
      this.refused = true;
      this.appliedText = fallback.text;
      this.compiledPolicy = fallback.compiled;
      return;
    }
    this.appliedText = fileText;
    this.compiledPolicy = first.compiled;
    if (confirmed?.ok && options.confirmedText !== fileText) {
      const lines = this.judge(confirmed.compiled.policy, first.compiled.policy);
      if (lines.length) {
        this.appliedText = options.confirmedText as string;
        this.compiledPolicy = confirmed.compiled;
        this.stagedPolicy = staged(fileText, lines);
      }
    }
  }

  get current(): CompiledPolicy {
    return this.compiledPolicy;
  }

  /** The text in force. */
  get text(): string {
    return this.appliedText;
  }

  get staged(): StagedPolicy | undefined {
    return this.stagedPolicy;
  }

  watch(): void {
    // Editors save by writing a new file and renaming it over the old one, which ends a watch on
    // the file itself; watching the directory sees every save.
    this.watcher = watch(dirname(this.path), (_event, name) => {
      if (name !== null && name !== basename(this.path)) return;
      clearTimeout(this.debounce);
      // A save often arrives as several events (truncate, write, rename); read once they settle.
      this.debounce = setTimeout(() => this.reload(), 50);
    });
  }

  /** Applies the file as it is on disk now, or stages it when it loosens the rules in force. */
  reload(): PolicyReload {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      return this.report({ ok: false, path: this.path, errors: [`cannot read the file: ${(error as Error).message}`] });
    }
    if (text === this.lastText) {
      const unchanged: PolicyReload = this.stagedPolicy ? { ok: true, path: this.path, warnings: [], staged: this.stagedPolicy } : { ok: true, path: this.path, warnings: [] };
      return this.refused ? this.report(unchanged) : unchanged;
    }
    const result = compileText(text);
    if (!result.ok) return this.report({ ok: false, path: this.path, errors: withLines(text, result.errors) });
    this.lastText = text;
    if (text === this.appliedText) {
      this.stagedPolicy = undefined;
      return this.report({ ok: true, path: this.path, warnings: result.warnings });
    }
    const lines = this.judge(this.compiledPolicy.policy, result.compiled.policy);
    if (lines.length) {
      this.stagedPolicy = staged(text, lines);
      return this.report({ ok: true, path: this.path, warnings: result.warnings, staged: this.stagedPolicy });
    }
    return this.apply(text, result.compiled, result.warnings);
  }

  /**
   * Puts the staged text in force (a person proved they are there and reviewed `hash`). Undefined
   * when nothing with that hash is staged (the file changed since, or it was applied already).
   */
  applyStaged(hash: string): PolicyReload | undefined {
    const pending = this.stagedPolicy;
    if (!pending || pending.hash !== hash) return undefined;
    const result = compileText(pending.text);
    if (!result.ok) return undefined;
    return this.apply(pending.text, result.compiled, result.warnings);
  }

  /** Writes and applies a text a surface saved (checked and, if it loosens, proven by the caller). */
  save(text: string): PolicyReload {
    const result = compileText(text);
    if (!result.ok) return { ok: false, path: this.path, errors: result.errors };
    writeFileAtomic(this.path, text);
    this.lastText = text;
    return this.apply(text, result.compiled, result.warnings);
  }

  /** What applying `text` over the rules in force would loosen while a proof is required ([] when nothing). */
  loosensInForce(policy: Policy): string[] {
    return this.judge(this.compiledPolicy.policy, policy);
  }

  close(): void {
    clearTimeout(this.debounce);
    this.watcher?.close();
  }

  private apply(text: string, compiled: CompiledPolicy, warnings: string[]): PolicyReload {
    this.appliedText = text;
    this.compiledPolicy = compiled;
    this.stagedPolicy = undefined;
    return this.report({ ok: true, path: this.path, warnings });
  }

  private judge(before: Policy, after: Policy): string[] {
    return this.options.loosenings?.(before, after) ?? [];
  }

  private report(result: PolicyReload): PolicyReload {
    this.refused = !result.ok;
    this.reloadEmitter.fire(result);
    return result;
  }
}

function shippedPolicy(): { text: string; compiled: CompiledPolicy } {
  const text = defaultPolicyText();
  const result = compileText(text);
  if (!result.ok) throw new Error(`the shipped policy does not compile: ${result.errors.join('; ')}`);
  return { text, compiled: result.compiled };
}

function staged(text: string, loosenings: string[]): StagedPolicy {
  return { text, hash: policyHash(text), at: new Date().toISOString(), loosenings };
}

function compileText(text: string): { ok: true; compiled: CompiledPolicy; warnings: string[] } | { ok: false; errors: string[] } {
  const parsed = parsePolicyText(text);
  return parsed.ok ? { ok: true, compiled: compilePolicy(parsed.policy), warnings: parsed.warnings } : parsed;
}
