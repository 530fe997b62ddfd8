// Shared by the call log tests: a fresh directory per test, a valid input, a settable clock.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { CallRecordInput } from '../../../main/gate/calllog/index.js';

const dirs: string[] = [];

/** A new empty directory, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kraken-gate-calllog-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

export function input(overrides: Partial<CallRecordInput> = {}): CallRecordInput {
  return {
    session: 'sess-1',
    client: 'claude-code',
    tool: 'ticker',
    arguments: { pair: 'XBTUSD' },
    decision: 'allowed',
    rule: 'tools.ticker',
    decidedBy: 'policy',
    upstreamMs: 12,
    outcome: { status: 'ok', summary: 'XBTUSD last 64123.4' },
    ...overrides,
  };
}

/** A clock the test moves by hand. */
export function manualClock(start: string): { now: () => Date; set: (iso: string) => void; advance: (ms: number) => void } {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    set: (iso) => {
      t = Date.parse(iso);
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/** Same shapes as Kraken's: the API secret is 64 random bytes in base64 (88 chars), the key 56 chars. */
export function krakenSecret(): string {
  return randomBytes(64).toString('base64');
}

export function krakenApiKey(): string {
  return randomBytes(42).toString('base64');
}
