import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveOptions } from '../../../main/cli/serve-command.js';
import { paperCommand } from '../../../main/paper/command.js';

function dataDirWith(settings?: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'kraken-gate-serve-options-'));
  if (settings) writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings));
  return dir;
}

describe('serve: flags, then settings.json, then the defaults', () => {
  it('without settings.json: port 8787, the paper exchange, 120 s, 90 days, 1 GiB', () => {
    const options = serveOptions(dataDirWith(), [], {});
    expect(options).toMatchObject({ port: 8787, upstream: paperCommand(), exchange: 'paper', approvalTimeoutMs: 120_000, retention: { maxAgeDays: 90, maxTotalBytes: 1024 ** 3 } });
  });

  it('runs what the Settings page saved: kraken-mcp by its interpreter and script, its port and timeouts', () => {
    const dir = dataDirWith({ port: 8800, approvalTimeoutSeconds: 300, logKeepDays: 30, logMaxMb: 64, upstream: { kind: 'kraken-mcp', python: '/venv/bin/python', script: '/src/kraken-server.py' } });
    expect(serveOptions(dir, [], {})).toMatchObject({
      port: 8800,
      upstream: { command: '/venv/bin/python', args: ['/src/kraken-server.py'] },
      exchange: 'kraken',
      approvalTimeoutMs: 300_000,
      retention: { maxAgeDays: 30, maxTotalBytes: 64 * 1024 * 1024 },
    });
  });

  it('a flag or an upstream command after -- wins over settings.json for this run', () => {
    const dir = dataDirWith({ port: 8800, approvalTimeoutSeconds: 300, upstream: { kind: 'kraken-mcp', python: '/venv/bin/python', script: '/src/kraken-server.py' } });
    const options = serveOptions(dir, ['python3', 'other.py', '--flag'], { port: 0, approvalTimeoutMs: 5000, retention: { maxAgeDays: 7 } });
    // A command could be anything: Kraken Gate does not claim to know what it trades on.
    expect(options).toMatchObject({ port: 0, upstream: { command: 'python3', args: ['other.py', '--flag'] }, exchange: 'unknown', approvalTimeoutMs: 5000, retention: { maxAgeDays: 7 } });
  });
});
