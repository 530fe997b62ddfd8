// The Call log's chart says what each bar holds (issue 23): one item a bar over the plot, with its
// time span and its calls by decision word, shown when pointed at or focused, reached with the
// arrow keys from one tab stop. uPlot draws to a canvas, which the test DOM has not: a stand-in
// gives it the plot area the items go in.
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { LogStats } from '../../preload/api.js';

type AxisValues = (u: unknown, splits: number[]) => string[];
const made = vi.hoisted(() => ({ options: [] as { axes: { values: AxisValues }[] }[] }));

vi.mock('uplot', () => ({
  default: class {
    static paths = { bars: () => () => null };
    over = document.createElement('div');
    constructor(options: (typeof made.options)[number], _data: unknown, el: HTMLElement) {
      made.options.push(options);
      el.append(this.over);
    }
    setSize() {}
    destroy() {
      this.over.remove();
    }
  },
}));

const { CallsChart } = await import('../../renderer/components/calls-chart.js');

type Stats = Extract<LogStats, { ok: true }>;
const MINUTE = 60_000;
const empty = () => ({ allowed: 0, denied: 0, approved: 0, rejected: 0, expired: 0, cancelled: 0 });

function stats(bucketMs: number, count: number, start: number, filled: Record<number, Partial<ReturnType<typeof empty>>>): Stats {
  const buckets = Array.from({ length: count }, (_, i) => ({ ...empty(), ...filled[i] }));
  const total = buckets.reduce((n, b) => n + Object.values(b).reduce((m, v) => m + v, 0), 0);
  return { ok: true, start, bucketMs, buckets, total };
}

async function show(s: Stats) {
  await act(async () => {
    render(<CallsChart stats={s} />);
  });
  return screen.getAllByTestId('chart-bucket');
}

describe('the calls chart', () => {
  it('gives each minute of the last hour its own bar, saying its span and its calls by decision word', async () => {
    const start = Math.floor(Date.now() / MINUTE) * MINUTE - 60 * MINUTE;
    const items = await show(stats(MINUTE, 61, start, { 58: { allowed: 12_400, rejected: 1, cancelled: 2 } }));
    expect(items).toHaveLength(61);
    expect(screen.getByText(/in the chart's range/).textContent).toBe('12\u202f403 calls in the chart\'s range, a bar per minute, by decision');
    expect(screen.getByRole('list', { name: 'Calls per minute' })).toBeTruthy();
    const bar = items[58]!;
    expect(bar.textContent).toMatch(/^\d\d:\d\d–\d\d:\d\d: 12\u202f403 calls/);
    expect([...bar.querySelectorAll('.chart-tip-line')].map((l) => l.textContent)).toEqual(['Allowed 12\u202f400', 'Denied by you 1', 'Withdrawn 2']);
    expect(items[0]!.textContent).toMatch(/: No calls$/);
    expect(bar.querySelector('[role=tooltip]')).not.toBeNull();
  });

  it('reaches every bar with the arrow keys from one tab stop', async () => {
    const user = userEvent.setup();
    const items = await show(stats(MINUTE, 5, Math.floor(Date.now() / MINUTE) * MINUTE - 4 * MINUTE, { 3: { allowed: 1 } }));
    expect(items.filter((li) => li.tabIndex === 0)).toEqual([items[4]]);
    await user.tab();
    expect(document.activeElement).toBe(items[4]);
    await user.keyboard('{ArrowLeft}');
    expect(document.activeElement).toBe(items[3]);
    expect(document.activeElement?.textContent).toMatch(/: 1 callAllowed 1$/);
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(items[0]);
    await user.keyboard('{ArrowLeft}{End}');
    expect(document.activeElement).toBe(items[4]);
    expect(items.filter((li) => li.tabIndex === 0)).toEqual([items[4]]);
  });

  it('names an hour bar by its hours and a day bar by its date', async () => {
    const hourStart = new Date();
    hourStart.setHours(9, 0, 0, 0);
    const hours = await show(stats(60 * MINUTE, 3, hourStart.getTime(), {}));
    expect(hours[0]!.textContent).toBe('09:00–10:00: No calls');
    expect(screen.getByRole('list', { name: 'Calls per hour' })).toBeTruthy();
    cleanup();

    const day = new Date(new Date().getFullYear(), 10, 24).getTime();
    const days = await show(stats(24 * 60 * MINUTE, 2, day, { 0: { approved: 2 } }));
    expect(days[0]!.textContent).toBe(`${new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' }).format(day)}: 2 callsApproved 2`);
    expect(screen.getByRole('list', { name: 'Calls per day' })).toBeTruthy();
  });

  it("labels the axes in the window's one format: a 24-hour clock, the date under the first label and under midnight, counts grouped", async () => {
    const midnight = new Date(new Date().getFullYear(), 10, 25).getTime();
    await show(stats(60 * MINUTE, 3, midnight - 60 * MINUTE, {}));
    const [x, y] = made.options.at(-1)!.axes;
    const date = (ms: number) => new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' }).format(ms);
    expect(x!.values(undefined, [(midnight - 60 * MINUTE) / 1000, midnight / 1000, (midnight + 60 * MINUTE) / 1000])).toEqual([`23:00\n${date(midnight - 1)}`, `00:00\n${date(midnight)}`, '01:00']);
    expect(y!.values(undefined, [0, 500, 1500])).toEqual(['0', '500', '1\u202f500']);
  });
});
