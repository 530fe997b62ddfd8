import { existsSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import { Emitter } from '../events.js';
import { compilePolicy, defaultPolicyText, parsePolicyText, type CompiledPolicy } from '../policy/index.js';

export type PolicyReload = { ok: true; path: string; warnings: string[] } | { ok: false; path: string; errors: string[] };

/**
 * policy.json in the data dir, watched: a valid change applies to the next call; an invalid one
 * is refused with its errors and the running policy stays. Created with the shipped default on
 * first run so a person has a file to edit.
 */
export class PolicyFile {
  private readonly reloadEmitter = new Emitter<PolicyReload>();
  /** Fires after every attempt to apply a change on disk, valid or not. */
  readonly onDidReload = this.reloadEmitter.event;
  private compiledPolicy: CompiledPolicy;
  private watcher: FSWatcher | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private lastText: string;
  /** The last change on disk was refused: putting the running text back must be reported too. */
  private refused = false;

  constructor(readonly path: string) {
    if (!existsSync(path)) writeFileAtomic(path, defaultPolicyText());
    this.lastText = readFileSync(path, 'utf8');
    const first = compileText(this.lastText);
    if (!first.ok) throw new Error(`${path} is not a valid policy:\n  ${first.errors.join('\n  ')}\nFix it, or check it with \`kraken-gate policy check ${path}\`.`);
    this.compiledPolicy = first.compiled;
  }

  get current(): CompiledPolicy {
    return this.compiledPolicy;
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

  /** Applies the file as it is on disk now. */
  reload(): PolicyReload {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      return this.report({ ok: false, path: this.path, errors: [`cannot read the file: ${(error as Error).message}`] });
    }
    if (text === this.lastText) {
      const unchanged: PolicyReload = { ok: true, path: this.path, warnings: [] };
      return this.refused ? this.report(unchanged) : unchanged;
    }
    const result = compileText(text);
    if (!result.ok) return this.report({ ok: false, path: this.path, errors: result.errors });
    this.lastText = text;
    this.compiledPolicy = result.compiled;
    return this.report({ ok: true, path: this.path, warnings: result.warnings });
  }

  close(): void {
    clearTimeout(this.debounce);
    this.watcher?.close();
  }

  private report(result: PolicyReload): PolicyReload {
    this.refused = !result.ok;
    this.reloadEmitter.fire(result);
    return result;
  }
}

function compileText(text: string): { ok: true; compiled: CompiledPolicy; warnings: string[] } | { ok: false; errors: string[] } {
  const parsed = parsePolicyText(text);
  return parsed.ok ? { ok: true, compiled: compilePolicy(parsed.policy), warnings: parsed.warnings } : parsed;
}
