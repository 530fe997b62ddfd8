import { spawn } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CallLogStore, parseRecordLine, queryLog } from '../../../main/gate/calllog/index.js';
import { input, tempDir } from './helpers.js';

const WRITER = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));

/** Runs the writer until it has acknowledged `atLeast` ids, SIGKILLs it, returns every id it acknowledged. */
function runAndKill(dir: string, atLeast: number, tool: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, tool], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    let partial = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      acked.push(...lines);
      if (!killed && acked.length >= atLeast) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    // 'close' comes after stdout is drained: every id the child printed before dying is in `acked`.
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`writer exited early (code ${code}) after ${acked.length} acks:\n${stderr}`));
    });
  });
}

describe('crash while appending', () => {
  // add_order (a real order): fdatasync'd before the ack. ticker: only written (write(2)) before the
  // ack, fdatasync'd later by a timer — a killed process still cannot take the write back.
  it.each(['add_order', 'ticker'])('%s: keeps every acknowledged record; the files still parse; writing resumes after the torn tail', async (tool) => {
    const dir = await tempDir();
    const acked = await runAndKill(dir, 200, tool);
    expect(acked.length).toBeGreaterThanOrEqual(200);

    const found = new Set((await queryLog(dir, { limit: Infinity })).records.map((r) => r.id));
    expect(acked.filter((id) => !found.has(id))).toEqual([]);

    // Every terminated line is a record; only an unterminated tail may be torn, and readers leave
    // it out (if the kill fell exactly before a newline it is whole, but still was never acknowledged).
    for (const name of await readdir(dir)) {
      const text = await readFile(join(dir, name), 'utf8');
      const lines = text.split('\n');
      const tail = lines.pop()!;
      for (const line of lines) expect(parseRecordLine(line)).toBeDefined();
      const torn = parseRecordLine(tail);
      if (torn) expect(found.has(torn.id)).toBe(false);
    }

    const store = await CallLogStore.open(dir, { retention: {} });
    const after = await store.append(input({ id: 'after-restart' }));
    await store.close();
    const page = await queryLog(dir, { limit: Infinity });
    expect(page.records[0]).toEqual(after);
    expect(page.records.length).toBeGreaterThanOrEqual(found.size + 1);
  });
});
