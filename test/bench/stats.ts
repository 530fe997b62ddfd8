// Small helpers shared by the benchmark scripts: they print figures, they assert nothing.
export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const index = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[index]!;
}

export async function timeEach(count: number, run: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b);
}

export const fmt = (ms: number): string => `${ms.toFixed(3)} ms`;

/**
 * A 95 % interval for the median of `values` by the percentile bootstrap: how far the median could
 * move had the same machine given other rounds. Deterministic (a fixed-seed generator), so two runs
 * over the same figures print the same interval.
 */
export function medianInterval(values: number[], resamples = 2000): [number, number] {
  return groupedMedianInterval([values], resamples);
}

/**
 * The same for rounds measured in groups that each had their own conditions (a set of fresh
 * processes, placed on the cores its own way): each resample draws the groups, then rounds within
 * each drawn group. Groups that disagree widen the interval, as a second run of the benchmark would.
 */
export function groupedMedianInterval(groups: number[][], resamples = 2000): [number, number] {
  const random = seeded();
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const medians: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const sample: number[] = [];
    for (let g = 0; g < groups.length; g++) {
      const group = groups.length === 1 ? groups[0]! : pick(groups);
      for (let i = 0; i < group.length; i++) sample.push(pick(group));
    }
    medians.push(percentile(sample.sort((a, b) => a - b), 50));
  }
  medians.sort((a, b) => a - b);
  return [percentile(medians, 2.5), percentile(medians, 97.5)];
}

/** mulberry32 with a fixed seed: two runs over the same figures print the same interval. */
function seeded(): () => number {
  let seed = 0x9e3779b9;
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
