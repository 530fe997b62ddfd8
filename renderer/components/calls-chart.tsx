// Calls per hour by decision, stacked, for the filtered view. uPlot: ~50 KB, draws to one canvas,
// and handles a week of hourly bars without effort.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import type { DecisionKindName, LogStats } from '../../preload/api';

const SERIES: { decision: DecisionKindName; label: string; color: string }[] = [
  { decision: 'allowed', label: 'Allowed', color: '#2f9e6b' },
  { decision: 'approved', label: 'Approved', color: '#3b6fd8' },
  { decision: 'denied', label: 'Denied by a rule', color: '#d9534f' },
  { decision: 'rejected', label: 'Denied by you', color: '#b24592' },
  { decision: 'expired', label: 'Expired', color: '#e09b2d' },
  { decision: 'cancelled', label: 'Withdrawn', color: '#8a8f98' },
];

export function CallsChart({ stats }: { stats: Extract<LogStats, { ok: true }> | undefined }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el || !stats) return;
    const xs = stats.buckets.map((_, i) => (stats.start + i * stats.bucketMs) / 1000);
    // Stacked: each series is drawn as the running total, the later ones underneath.
    const totals = xs.map(() => 0);
    const stacked = SERIES.map((s) => stats.buckets.map((b, i) => (totals[i]! += b[s.decision])));
    const bars = uPlot.paths.bars!({ size: [0.8, 24] });
    const plot = new uPlot(
      {
        width: el.clientWidth || 600,
        height: 140,
        legend: { show: true, live: false },
        cursor: { show: true, points: { show: false } },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        axes: [{ stroke: 'currentColor', grid: { show: false }, ticks: { show: false } }, { stroke: 'currentColor', size: 40, grid: { stroke: 'rgba(128,128,128,.2)' } }],
        series: [{}, ...SERIES.map((s) => ({ label: s.label, fill: s.color, stroke: s.color, width: 0, paths: bars, points: { show: false } })).reverse()],
      },
      [xs, ...stacked.reverse()],
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth || 600, height: 140 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [stats]);
  return (
    <figure className="calls-chart">
      <div ref={host} role="img" aria-label={stats ? `${stats.total} calls in the chart's range, per ${stats.bucketMs / 3_600_000} hour` : 'Loading the chart'} />
      <figcaption className="sr-only">Calls per hour by decision</figcaption>
    </figure>
  );
}
