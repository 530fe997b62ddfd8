import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPolicyFile, defaultPolicyText } from '../../../main/gate/policy/index.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'policy-check-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('checkPolicyFile', () => {
  it('reports a valid file with a one-line summary', async () => {
    const path = await file('ok.json', defaultPolicyText());
    const r = await checkPolicyFile(path);
    expect(r).toEqual({ ok: true, errors: [], warnings: [], lines: [`${path}: OK (default deny, 17 tools named, 0 hidden)`] });
  });

  it('prints each schema error with its path', async () => {
    const path = await file('bad.json', JSON.stringify({ version: '1', tools: { add_order: { deny_if: [{ conditions: [{ path: 'args.pair', op: 'is', value: 'X' }] }] } } }));
    const r = await checkPolicyFile(path);
    expect(r.ok).toBe(false);
    expect(r.lines).toEqual([
      `${path}: 1 error`,
      '  error: tools.add_order.deny_if[0].conditions[0].op: expected one of eq, neq, in, not_in, lt, lte, gt, gte, regex, contains, exists (got "is")',
    ]);
  });

  it('prints JSON syntax errors by line', async () => {
    const r = await checkPolicyFile(await file('syntax.json', '{\n  "version": "1",\n}'));
    expect(r.errors).toEqual(['JSON syntax error at line 3, column 1: Expected double-quoted property name']);
  });

  it('prints warnings under an OK file', async () => {
    const path = await file('warn.json', JSON.stringify({ version: '1', hide: ['withdraw'] }));
    const r = await checkPolicyFile(path);
    expect(r.ok).toBe(true);
    expect(r.lines).toEqual([`${path}: OK (default deny, 0 tools named, 1 hidden)`, '  warning: hide[0]: "withdraw" is not a kraken-mcp tool']);
  });

  it('says when the file cannot be read', async () => {
    const path = join(dir, 'missing.json');
    expect(await checkPolicyFile(path)).toEqual({
      ok: false,
      errors: ['cannot read the file (ENOENT)'],
      warnings: [],
      lines: [`${path}: cannot read the file (ENOENT)`],
    });
  });
});
