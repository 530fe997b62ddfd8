// No import circles in the product's code, type-only imports included. ESLint's import-x/no-cycle
// holds the value imports (and the layering, docs/architecture.md), but it skips `import type`,
// and a circle through types still makes two modules each other's base. TypeScript's own scanner
// reads the imports, so what is checked is what the compiler sees.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SOURCES = ['main', 'preload', 'renderer'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The file a relative specifier names: `./x.js` is `./x.ts` in source, the renderer omits extensions. */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const stem = base.replace(/\.js$/, '');
  return [`${stem}.ts`, `${stem}.tsx`, base, join(base, 'index.ts')].find((path) => existsSync(path) && /\.tsx?$/.test(path));
}

function importGraph(files: readonly string[]): Map<string, string[]> {
  return new Map(files.map((file) => {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map(({ fileName }) => (fileName.startsWith('.') ? resolveSpecifier(file, fileName) : undefined))
      .filter((target): target is string => target !== undefined);
    return [file, [...new Set(targets)]];
  }));
}

/** Every circle, as the files along it (each reported once, from its first file in walk order). */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push(stack.slice(stack.indexOf(next)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('the import graph', () => {
  it('finds a circle through a type-only import (the check can fail)', () => {
    const graph = new Map([
      ['summary.ts', ['add-order.ts']],
      ['add-order.ts', ['format.ts', 'summary.ts']],
      ['format.ts', []],
    ]);
    expect(findCycles(graph)).toEqual([['summary.ts', 'add-order.ts']]);
    const typeOnly = ts.preProcessFile("import type { Summary } from './summary.js';", true, true).importedFiles;
    expect(typeOnly.map((f) => f.fileName)).toEqual(['./summary.js']);
  });

  it('has no circle in main/, preload/ or renderer/', () => {
    const files = SOURCES.flatMap((dir) => sourceFiles(join(ROOT, dir)));
    expect(files.length).toBeGreaterThan(200);
    const cycles = findCycles(importGraph(files)).map((cycle) => cycle.map((file) => relative(ROOT, file)).join(' → '));
    expect(cycles).toEqual([]);
  });
});
