// Calls per bucket by decision, stacked, for the filtered view. uPlot: ~50 KB, draws to one canvas,
// and handles a week of bars without effort. The canvas cannot say what a bar holds, so a list of
// the buckets lies over the plot, one item a bar: pointed at or focused, it shows its counts.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import uPlot from 'uplot';
import type { DecisionKindName, LogStats } from '../../preload/api';
import { useNow } from '../hooks/use-now';
import { axisLabels, bucketWord, CHART_SERIES, describeBucket } from '../lib/chart-bins';
import { formatCount, plural } from '../lib/format';

type Stats = Extract<LogStats, { ok: true }>;

const COLORS: Record<DecisionKindName, string> = {
  allowed: '#2f9e6b',
  approved: '#3b6fd8',
  denied: '#d9534f',
  rejected: '#b24592',
  expired: '#e09b2d',
  cancelled: '#8a8f98',
};
const HEIGHT = 140;

export function CallsChart({ stats }: { stats: Stats | undefined }) {
  const host = useRef<HTMLDivElement>(null);
  // uPlot's plot area, where the list of buckets goes so each item sits over its bar.
  const [over, setOver] = useState<HTMLElement>();
  useEffect(() => {
    const el = host.current;
    if (!el || !stats) return;
    const seconds = stats.bucketMs / 1000;
    const xs = stats.buckets.map((_, i) => stats.start / 1000 + i * seconds);
    // Stacked: each series is drawn as the running total, the later ones underneath.
    const totals = xs.map(() => 0);
    const stacked = CHART_SERIES.map((s) => stats.buckets.map((b, i) => (totals[i]! += b[s.decision])));
    const bars = uPlot.paths.bars!({ size: [0.8, 24] });
    const plot = new uPlot(
      {
        width: el.clientWidth || 600,
        height: HEIGHT,
        legend: { show: true, live: false },
        // No drag to zoom: the bars must stay under their items.
        cursor: { show: true, y: false, points: { show: false }, drag: { x: false, y: false, setScale: false } },
        scales: {
          // Half a bucket either side: the plot is as many equal slots as buckets, bars centred in them.
          x: { time: true, range: () => [xs[0]! - seconds / 2, xs[xs.length - 1]! + seconds / 2] },
          y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
        },
        axes: [
          { stroke: 'currentColor', grid: { show: false }, ticks: { show: false }, values: (_u, splits) => axisLabels(splits, stats.bucketMs) },
          { stroke: 'currentColor', size: 40, grid: { stroke: 'rgba(128,128,128,.2)' }, values: (_u, splits) => splits.map(formatCount) },
        ],
        series: [{}, ...CHART_SERIES.map((s) => ({ label: s.label, fill: COLORS[s.decision], stroke: COLORS[s.decision], width: 0, paths: bars, points: { show: false } })).reverse()],
      },
      [xs, ...stacked.reverse()],
      el,
    );
    setOver(plot.over);
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth || 600, height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
      setOver(undefined);
    };
  }, [stats]);
  const per = stats ? bucketWord(stats.bucketMs) : 'hour';
  return (
    <figure className="calls-chart" aria-labelledby="calls-chart-caption">
      <figcaption id="calls-chart-caption" className="sr-only">
        {stats ? `${plural(stats.total, 'call')} in the chart's range, a bar per ${per}, by decision` : 'Loading the chart'}
      </figcaption>
      <div ref={host} data-testid="calls-chart" />
      {stats && over && createPortal(<BucketList stats={stats} per={per} />, over)}
    </figure>
  );
}

/** One item a bar, one tab stop for them all: the arrow keys move between bars. */
function BucketList({ stats, per }: { stats: Stats; per: string }) {
  const [current, setCurrent] = useState(stats.buckets.length - 1);
  // Only to say which bars are today's.
  const now = useNow(60_000);
  const items = useRef<(HTMLLIElement | null)[]>([]);
  const count = stats.buckets.length;
  const shown = Math.min(current, count - 1);
  const onKeyDown = (e: KeyboardEvent) => {
    const next = { ArrowLeft: shown - 1, ArrowRight: shown + 1, Home: 0, End: count - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const to = Math.max(0, Math.min(count - 1, next));
    setCurrent(to);
    items.current[to]?.focus();
  };
  return (
    <ol className="chart-buckets" aria-label={`Calls per ${per}`} onKeyDown={onKeyDown}>
      {stats.buckets.map((_, i) => {
        const bucket = describeBucket(stats, i, now);
        // The tip opens toward the plot's middle, so the first and last bars' stay on the page.
        const side = i < count / 3 ? 'start' : i >= (2 * count) / 3 ? 'end' : 'middle';
        return (
          <li key={i} ref={(el) => void (items.current[i] = el)} tabIndex={i === shown ? 0 : -1} onFocus={() => setCurrent(i)} data-testid="chart-bucket">
            <span className={`chart-tip tip-${side}`} role="tooltip">
              <strong>{bucket.span}</strong>: {bucket.total}
              {bucket.counts.map(([word, n]) => (
                <span key={word} className="chart-tip-line">
                  {word} {formatCount(n)}
                </span>
              ))}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
