import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SecretMask } from '../../../main/gate/text/secret-mask.js';
import { StderrLog } from '../../../main/gate/upstream/stderr-log.js';

const SECRET = 'Zm9vYmFyYmF6cXV4c2VjcmV0a2V5MTIzNDU2Nzg5MA==';

describe('StderrLog', () => {
  it('never writes or remembers a secret the upstream prints, even split across chunks or in a line that never ends', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'kraken-gate-stderr-')), 'upstream.log');
    const log = new StderrLog(path, new SecretMask([SECRET]));
    const stderr = new PassThrough();
    log.attach(stderr);
    const write = (text: string) => new Promise<void>((resolve) => stderr.write(text, () => setImmediate(resolve)));
    await write('Traceback (most recent call last):\n  key = "');
    await write(SECRET.slice(0, 7));
    expect(log.lastLine).toBe('key = "'); // the start of the secret is held back
    await write(`${SECRET.slice(7)}"\n`);
    await write(`${'x'.repeat(70_000)} then ${SECRET.slice(0, 20)}`); // over the unfinished-line bound
    await write(`${SECRET.slice(20)} and the end`);
    log.note(`exited before it was ready: secret=${SECRET}`);
    await write(`dying words: ${SECRET.slice(0, 30)}`);
    log.note('protocol error from the upstream'); // lands between its chunks
    await write(`${SECRET.slice(30)} and later ${SECRET.slice(0, 25)}`); // cut short by the exit
    stderr.end();
    await log.close();
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(SECRET.slice(0, 12));
    expect(text).toContain('key = "[redacted]"');
    expect(text).toContain('then [redacted] and the end');
    expect(text).toContain('secret=[redacted]');
    expect(text).toContain('dying words: \n');
    expect(text).toContain('[redacted] and later [redacted]\n');
    expect(log.lastLine).toBe('[redacted] and later [redacted]');
  });
});
