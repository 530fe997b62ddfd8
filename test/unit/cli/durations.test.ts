// Durations the CLI reads (`log --since 2h`, `serve --approval-timeout 90s`) and prints.
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseSpan, parseTime } from '../../../main/cli/durations.js';

const NOW = new Date('2026-11-25T12:00:00.000Z');

describe('log --since / --until', () => {
  it('reads a span back from now, with any unit ms knows', () => {
    expect(parseTime('2h', NOW).toISOString()).toBe('2026-11-25T10:00:00.000Z');
    expect(parseTime('90s', NOW).toISOString()).toBe('2026-11-25T11:58:30.000Z');
    expect(parseTime('1.5h', NOW).toISOString()).toBe('2026-11-25T10:30:00.000Z');
    expect(parseTime('2 hours', NOW).toISOString()).toBe('2026-11-25T10:00:00.000Z');
    expect(parseTime('7d', NOW).toISOString()).toBe('2026-11-18T12:00:00.000Z');
    expect(parseTime('1w', NOW).toISOString()).toBe('2026-11-18T12:00:00.000Z');
  });

  it('reads dates and times as dates, a bare year included', () => {
    expect(parseTime('2026-11-25T10:00Z', NOW).toISOString()).toBe('2026-11-25T10:00:00.000Z');
    expect(parseTime('2026-11-25', NOW).toISOString()).toBe('2026-11-25T00:00:00.000Z');
    expect(parseSpan('2026')).toBeUndefined();
  });

  it('says what it accepts for anything else', () => {
    expect(() => parseTime('yesterday', NOW)).toThrow('Cannot read "yesterday" as a time: use an ISO date (2026-11-25T10:00Z) or a span back from now like 30m, 2h');
    expect(() => parseTime('-2h', NOW)).toThrow(/Cannot read "-2h"/);
  });
});

describe('serve --approval-timeout', () => {
  it('takes seconds as before, or a span with its unit', () => {
    expect(parseDuration('--approval-timeout', '120', 1000)).toBe(120_000);
    expect(parseDuration('--approval-timeout', '0.5', 1000)).toBe(500);
    expect(parseDuration('--approval-timeout', '90s', 1000)).toBe(90_000);
    expect(parseDuration('--approval-timeout', '5m', 1000)).toBe(300_000);
    expect(parseDuration('--approval-timeout', '500ms', 1000)).toBe(500);
  });

  it('refuses zero, negatives and words', () => {
    for (const bad of ['0', '0s', '-5', '-1m', 'soon', '']) {
      expect(() => parseDuration('--approval-timeout', bad, 1000), bad).toThrow(`--approval-timeout must be a positive number, not "${bad}".`);
    }
  });
});

describe('durations shown to a person', () => {
  it('seconds under two minutes (a countdown reads best that way), words above', () => {
    expect(formatDuration(4_200)).toBe('4.2 s');
    expect(formatDuration(73_400)).toBe('73 s');
    expect(formatDuration(45_400)).toBe('45 s');
    expect(formatDuration(120_000)).toBe('2 minutes');
    expect(formatDuration(3 * 3_600_000)).toBe('3 hours');
  });
});
